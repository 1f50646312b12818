import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { type ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import type { Action, SubjectName } from '@dahe/shared/authz';
import type { AuthenticatedRequest, RequestIdentity } from './request-identity';

export const PUBLIC_ROUTE = 'dahe:public';
export const ROUTE_POLICY = 'dahe:policy';

export interface RoutePolicy {
  action: Action;
  subject: SubjectName;
  /** Reachable while the person still has to enrol a second factor (sign-out, enrolment, /me). */
  allowBeforeTotpEnrolment?: boolean;
}

/** Open to anyone, signed in or not. Every handler has this or {@link Authorize}; the guard refuses the rest. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The one route authorisation decorator. The global guard applies it in a fixed order:
 * 1. authenticate (session cookie or bearer token; idle and absolute expiry),
 * 2. resolve the active organisation and the person's roles in it (from the session, never the client),
 * 3. CSRF for cookie-authenticated unsafe methods, and the second-factor enrolment gate,
 * 4. check this CASL policy (type level; services check the loaded record).
 */
export function Authorize(action: Action, subject: SubjectName, options: { allowBeforeTotpEnrolment?: boolean } = {}) {
  return applyDecorators(SetMetadata(ROUTE_POLICY, { action, subject, ...options } satisfies RoutePolicy), ApiBearerAuth(), ApiCookieAuth('dahe_session'));
}

/** The authenticated person. Throws when no guard filled it: it never falls back to anything. */
export const CurrentIdentity = createParamDecorator((_: unknown, context: ExecutionContext): RequestIdentity => {
  const identity = context.switchToHttp().getRequest<AuthenticatedRequest>().identity;
  if (!identity) throw new Error('CurrentIdentity used on a route the authentication guard did not run for');
  return identity;
});

/** The client's address as Express resolved it through the configured trusted proxies. */
export const ClientIp = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().ip;
});
