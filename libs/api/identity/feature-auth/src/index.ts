export * from './lib/auth.module';
export * from './lib/auth-options';
export * from './lib/session.service';
export { hashPassword, verifyPassword } from './lib/auth.service';
export { setOrgPath, setUser } from './lib/session.service';
export { setSessionCookies } from './lib/cookies';
export { RateLimiter } from './lib/rate-limiter.service';
