export * from './lib/auth.module';
export * from './lib/auth-options';
export * from './lib/session.service';
export { hashPassword } from './lib/auth.service';
