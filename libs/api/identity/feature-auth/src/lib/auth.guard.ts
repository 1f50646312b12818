import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type AuthenticatedRequest, PUBLIC_ROUTE, ROUTE_POLICY, type RoutePolicy } from '@dahe/api/core/util-auth';
import { csrfTokenFor, safeEqual } from '@dahe/api/core/util-crypto';
import { AppException } from '@dahe/api/core/util-http';
import { CSRF_HEADER, ErrorCode, SESSION_COOKIE } from '@dahe/shared/contracts';
import { readCookie } from './cookies';
import { SessionService } from './session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard: deny by default. A route passes only if it is @Public() or carries an
 * @Authorize() policy, and then in this order: authenticate, resolve the organisation, CSRF and the
 * second-factor gate, CASL.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(ROUTE_POLICY, targets);
    // A handler without a declared policy is a bug; refuse rather than guess.
    if (!policy) throw new AppException(ErrorCode.forbidden, 'No access policy is declared for this route');

    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    // 1. Authenticate: an API client's bearer token, else the web app's cookie.
    const bearer = /^Bearer ([A-Za-z0-9_-]{20,})$/.exec(req.headers.authorization ?? '')?.[1];
    const cookie = bearer ? undefined : readCookie(req, SESSION_COOKIE);
    const token = bearer ?? cookie;
    if (!token) throw new AppException(ErrorCode.unauthorized, 'Sign in first');
    // 2. Resolve the active organisation and roles, from the session: never from the client.
    const identity = await this.sessions.resolve(token, bearer ? 'bearer' : 'cookie');
    if (identity === 'expired') throw new AppException(ErrorCode.sessionExpired, 'The session has expired; sign in again');
    if (identity === 'missing' || identity === 'no_membership') throw new AppException(ErrorCode.unauthorized, 'Sign in first');
    req.identity = identity;

    // 3. CSRF: a cookie rides along on cross-site requests, so unsafe ones must prove same-origin.
    if (identity.via === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const header = req.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !safeEqual(header, csrfTokenFor(token))) {
        throw new AppException(ErrorCode.csrfFailed, 'Missing or wrong CSRF token');
      }
    }
    if (identity.mustEnrolTotp && !policy.allowBeforeTotpEnrolment) {
      throw new AppException(ErrorCode.forbidden, 'Enrol a second factor first');
    }
    // 4. The route's CASL policy, at type level; services check the loaded record.
    if (!identity.ability.can(policy.action, policy.subject)) throw new AppException(ErrorCode.forbidden, 'Not allowed');
    return true;
  }
}
