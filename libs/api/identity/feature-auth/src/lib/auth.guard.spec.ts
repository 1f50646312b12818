import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, ROUTE_POLICY, type RequestIdentity, type RoutePolicy } from '@dahe/api/core/util-auth';
import { csrfTokenFor } from '@dahe/api/core/util-crypto';
import { defineAbilityFor } from '@dahe/shared/authz';
import { AuthGuard } from './auth.guard';
import type { SessionFailure, SessionService } from './session.service';

const TOKEN = 'a'.repeat(43);

function identity(overrides: Partial<RequestIdentity> = {}): RequestIdentity {
  return {
    sessionId: 's',
    userId: 'u',
    username: 's1.drafter',
    displayName: 'x',
    totpEnabled: false,
    org: { id: 'school-a', name: 'A', kind: 'school', path: '/p/s/a/' },
    roles: ['drafter'],
    ability: defineAbilityFor({ userId: 'u', orgId: 'school-a', orgKind: 'school', roles: ['drafter'] }),
    via: 'cookie',
    mustEnrolTotp: false,
    expiresAt: new Date(Date.now() + 1000),
    ...overrides,
  };
}

function run(metadata: { public?: boolean; policy?: RoutePolicy }, req: { method: string; headers: Record<string, string> }, session: RequestIdentity | SessionFailure = identity()) {
  const handler = () => undefined;
  const reflector = new Reflector();
  if (metadata.public) Reflect.defineMetadata(PUBLIC_ROUTE, true, handler);
  if (metadata.policy) Reflect.defineMetadata(ROUTE_POLICY, metadata.policy, handler);
  const sessions = { resolve: async (_token: string, via: 'cookie' | 'bearer') => (typeof session === 'string' ? session : { ...session, via }) } as unknown as SessionService;
  const context = {
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return new AuthGuard(reflector, sessions).canActivate(context);
}

const cookie = { cookie: `dahe_session=${TOKEN}` };

describe('AuthGuard', () => {
  it('lets @Public() routes through without a session', async () => {
    await expect(run({ public: true }, { method: 'GET', headers: {} })).resolves.toBe(true);
  });

  it('refuses a route that declares no policy at all (deny by default)', async () => {
    await expect(run({}, { method: 'GET', headers: cookie })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('asks to sign in without a token, and says expired for an expired session', async () => {
    await expect(run({ policy: { action: 'read', subject: 'User' } }, { method: 'GET', headers: {} })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(run({ policy: { action: 'read', subject: 'User' } }, { method: 'GET', headers: cookie }, 'expired')).rejects.toMatchObject({ code: 'session_expired' });
  });

  it('requires the CSRF header on unsafe cookie requests only', async () => {
    const policy: RoutePolicy = { action: 'read', subject: 'User' };
    await expect(run({ policy }, { method: 'GET', headers: cookie })).resolves.toBe(true);
    await expect(run({ policy }, { method: 'POST', headers: cookie })).rejects.toMatchObject({ code: 'csrf_failed' });
    await expect(run({ policy }, { method: 'POST', headers: { ...cookie, 'x-csrf-token': csrfTokenFor('b'.repeat(43)) } })).rejects.toMatchObject({ code: 'csrf_failed' });
    await expect(run({ policy }, { method: 'POST', headers: { ...cookie, 'x-csrf-token': csrfTokenFor(TOKEN) } })).resolves.toBe(true);
    await expect(run({ policy }, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).resolves.toBe(true);
  });

  it('applies the CASL policy of the route', async () => {
    await expect(run({ policy: { action: 'invite', subject: 'Membership' } }, { method: 'GET', headers: cookie })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('holds back a person who must enrol a second factor, except on routes allowed before enrolment', async () => {
    const pending = identity({ mustEnrolTotp: true });
    await expect(run({ policy: { action: 'read', subject: 'User' } }, { method: 'GET', headers: cookie }, pending)).rejects.toMatchObject({ message: 'Enrol a second factor first' });
    await expect(run({ policy: { action: 'read', subject: 'User', allowBeforeTotpEnrolment: true } }, { method: 'GET', headers: cookie }, pending)).resolves.toBe(true);
  });
});
