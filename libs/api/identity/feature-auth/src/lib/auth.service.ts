import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { toString as qrSvg } from 'qrcode';
import { AuditService, SYSTEM_ORG_ID } from '@dahe/api/core/data-access-audit';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { newTotpSecret, otpauthUrl, verifyTotp } from '@dahe/api/core/util-crypto';
import { AppException } from '@dahe/api/core/util-http';
import { defineRulesFor } from '@dahe/shared/authz';
import { ErrorCode, type LoginResponse, type MeResponse, passwordProblems } from '@dahe/shared/contracts';
import { AUTH_OPTIONS, type AuthOptions, LOCK_MS, MAX_FAILED_LOGINS } from './auth-options';
import { RateLimiter } from './rate-limiter.service';
import { SessionService, setOrgPath, setUser } from './session.service';

/** argon2id, OWASP's minimum parameters (19 MiB, 2 passes): about 25 ms here. */
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  totp_secret_enc: Buffer | null;
  totp_enabled_at: Date | null;
  recovery_code_hashes: string[];
  failed_logins: number;
  locked_until: Date | null;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** Compared against when the username is unknown, so both paths take as long. */
let dummyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  async login(username: string, password: string, totp: string | undefined, client: ClientInfo): Promise<LoginResponse & { token: string }> {
    const login = username.trim().toLowerCase();
    // Limits first, in their own transaction, committed before refusing: a refused attempt still counts.
    const allowed = await this.db.withoutTenant(undefined, async (sql) => {
      const byIp = await this.limiter.hit(sql, { bucket: `login:ip:${client.ip ?? 'unknown'}`, max: 30, windowSeconds: 900 });
      const byAccount = await this.limiter.hit(sql, { bucket: `login:account:${login}`, max: 10, windowSeconds: 900 });
      return byIp.allowed && byAccount.allowed;
    });
    if (!allowed) throw new AppException(ErrorCode.tooManyRequests, 'Too many sign-in attempts; try again later');

    const outcome = await this.db.withoutTenant(undefined, async (sql) => {
      // FOR UPDATE: one attempt at a time per account, so the failure count and the lock are exact.
      const user = await sql.one<UserRow>(`SELECT * FROM app_user WHERE username = $1 OR email = $1 FOR UPDATE`, [login]);
      if (!user) {
        await verify(await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))), password).catch(() => false);
        await this.audit.append(sql, { orgId: SYSTEM_ORG_ID, actor: { ip: client.ip }, event: { action: 'auth.login_failed', data: { reason: 'unknown_user' } } });
        return { error: new AppException(ErrorCode.invalidCredentials, 'Wrong username or password') };
      }
      await setUser(sql, user.id);
      const memberships = await this.sessions.memberships(sql, user.id);
      const home = memberships[0];
      // Events about this person go to the chain of the organisation they sign in to.
      const auditOrg = home ? home.org_id : SYSTEM_ORG_ID;
      if (home) await setOrgPath(sql, home.path);
      const fail = async (reason: 'bad_password' | 'bad_totp' | 'locked' | 'no_membership') =>
        this.audit.append(sql, { orgId: auditOrg, actor: { userId: user.id, ip: client.ip }, subject: { type: 'user', id: user.id }, event: { action: 'auth.login_failed', data: { reason } } });

      if (user.locked_until && user.locked_until.getTime() > Date.now()) {
        await fail('locked');
        return { error: lockedError(user.locked_until) };
      }
      const passwordOk = await verify(user.password_hash, password).catch(() => false);
      const secondFactor = passwordOk && user.totp_enabled_at ? await this.checkSecondFactor(sql, user, totp) : 'ok';
      if (!passwordOk || secondFactor === 'invalid') {
        const counted = await sql.one<{ failed_logins: number }>(`UPDATE app_user SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins`, [user.id]);
        const failures = counted?.failed_logins ?? MAX_FAILED_LOGINS;
        await fail(passwordOk ? 'bad_totp' : 'bad_password');
        if (failures >= MAX_FAILED_LOGINS) {
          const until = new Date(Date.now() + LOCK_MS);
          await sql.exec(`UPDATE app_user SET failed_logins = 0, locked_until = $2 WHERE id = $1`, [user.id, until]);
          await this.audit.append(sql, { orgId: auditOrg, actor: { ip: client.ip }, subject: { type: 'user', id: user.id }, event: { action: 'auth.account_locked', data: { until: until.toISOString() } } });
          return { error: lockedError(until) };
        }
        return passwordOk
          ? { error: new AppException(ErrorCode.totpInvalid, 'Wrong verification code') }
          : { error: new AppException(ErrorCode.invalidCredentials, 'Wrong username or password') };
      }
      if (secondFactor === 'required') return { error: new AppException(ErrorCode.totpRequired, 'Enter the code from your authenticator app') };
      if (!home) {
        await fail('no_membership');
        return { error: new AppException(ErrorCode.forbidden, 'This account has no active membership') };
      }
      await sql.exec(`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [user.id]);
      const session = await this.sessions.create(sql, user.id, home.org_id, client.ip, client.userAgent);
      await this.audit.append(sql, {
        orgId: home.org_id,
        actor: { userId: user.id, role: home.roles.join(','), ip: client.ip },
        event: { action: 'auth.login', data: { sessionId: session.id } },
      });
      return { token: session.token, expiresAt: session.expiresAt };
    });
    // Failures are committed (counters, lock, audit) before they are reported.
    if ('error' in outcome) throw outcome.error;
    return { accessToken: outcome.token, token: outcome.token, expiresAt: outcome.expiresAt.toISOString() };
  }

  /** TOTP code, or a one-time recovery code (consumed). */
  private async checkSecondFactor(sql: Sql, user: UserRow, code: string | undefined): Promise<'ok' | 'required' | 'invalid'> {
    if (!code) return 'required';
    const trimmed = code.replace(/\s/g, '');
    if (user.totp_secret_enc && verifyTotp(this.options.cipher.decrypt(user.totp_secret_enc), trimmed)) return 'ok';
    const recoveryHash = hashRecoveryCode(trimmed);
    if (user.recovery_code_hashes.includes(recoveryHash)) {
      await sql.exec(`UPDATE app_user SET recovery_code_hashes = array_remove(recovery_code_hashes, $2) WHERE id = $1`, [user.id, recoveryHash]);
      return 'ok';
    }
    return 'invalid';
  }

  async logout(identity: RequestIdentity, client: ClientInfo): Promise<void> {
    await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      await this.sessions.revoke(sql, identity.sessionId, 'logout');
      await this.audit.append(sql, { orgId: identity.org.id, actor: actorOf(identity, client), event: { action: 'auth.logout', data: { sessionId: identity.sessionId } } });
    });
  }

  async changePassword(identity: RequestIdentity, currentPassword: string, newPassword: string, client: ClientInfo): Promise<void> {
    const limit = await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, (sql) =>
      this.limiter.hit(sql, { bucket: `password:account:${identity.userId}`, max: 10, windowSeconds: 900 }),
    );
    if (!limit.allowed) throw new AppException(ErrorCode.tooManyRequests, 'Too many attempts; try again later');
    await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const user = await sql.one<UserRow>(`SELECT * FROM app_user WHERE id = $1`, [identity.userId]);
      if (!user || !(await verify(user.password_hash, currentPassword).catch(() => false))) {
        throw new AppException(ErrorCode.invalidCredentials, 'The current password is wrong');
      }
      const problems = passwordProblems(newPassword, { username: user.username, displayName: user.display_name });
      if (newPassword === currentPassword) problems.push('same_as_current');
      if (problems.length > 0) throw new AppException(ErrorCode.weakPassword, 'The new password does not meet the policy', problems);
      await sql.exec(`UPDATE app_user SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [user.id, await hashPassword(newPassword)]);
      const revokedSessions = await this.sessions.revokeAll(sql, user.id, 'password_changed');
      await this.audit.append(sql, { orgId: identity.org.id, actor: actorOf(identity, client), event: { action: 'auth.password_changed', data: { revokedSessions } } });
    });
  }

  /** Makes another of the person's organisations the active one; answers /me for it. */
  async switchOrganisation(identity: RequestIdentity, organisationId: string, client: ClientInfo): Promise<MeResponse> {
    await this.db.withoutTenant(identity.userId, async (sql) => {
      const target = (await this.sessions.memberships(sql, identity.userId)).find((m) => m.org_id === organisationId);
      // Not found or not a member: the same answer, so the existence of an organisation is not revealed.
      if (!target) throw new AppException(ErrorCode.notFound, 'Organisation not found');
      await sql.exec(`UPDATE user_session SET active_org_id = $2 WHERE id = $1`, [identity.sessionId, organisationId]);
      await setOrgPath(sql, target.path);
      await this.audit.append(sql, { orgId: target.org_id, actor: actorOf(identity, client), event: { action: 'auth.org_switched', data: { from: identity.org.id, to: target.org_id } } });
    });
    const switched = await this.sessions.resolveById(identity.sessionId, identity.via);
    if (typeof switched === 'string') throw new AppException(ErrorCode.unauthorized, 'Sign in first');
    return this.me(switched);
  }

  async me(identity: RequestIdentity): Promise<MeResponse> {
    const memberships = await this.db.withoutTenant(identity.userId, (sql) => this.sessions.memberships(sql, identity.userId));
    return {
      user: { id: identity.userId, username: identity.username, displayName: identity.displayName, email: identity.email, totpEnabled: identity.totpEnabled },
      activeOrganisation: { id: identity.org.id, name: identity.org.name, kind: identity.org.kind, schoolType: identity.org.schoolType, parentId: identity.org.parentId },
      roles: identity.roles,
      memberships: memberships.map((m) => ({
        organisation: { id: m.org_id, name: m.name, kind: m.kind, schoolType: m.school_type ?? undefined, parentId: m.parent_id ?? undefined },
        roles: m.roles,
      })),
      rules: defineRulesFor({ userId: identity.userId, orgId: identity.org.id, orgKind: identity.org.kind, roles: identity.roles }) as MeResponse['rules'],
      mustEnrolTotp: identity.mustEnrolTotp,
      sessionExpiresAt: identity.expiresAt.toISOString(),
    };
  }

  /** Starts enrolment: a new secret, kept encrypted until a first code proves the app has it. */
  async setupTotp(identity: RequestIdentity): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
    const secret = newTotpSecret();
    await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const changed = await sql.exec(`UPDATE app_user SET totp_secret_enc = $2 WHERE id = $1 AND totp_enabled_at IS NULL`, [identity.userId, this.options.cipher.encrypt(secret)]);
      if (changed === 0) throw new AppException(ErrorCode.conflict, 'A second factor is already enabled');
    });
    const url = otpauthUrl(secret, identity.username);
    return { secret, otpauthUrl: url, qrSvg: await qrSvg(url, { type: 'svg', margin: 1, width: 200 }) };
  }

  /** Completes enrolment with a first code; answers ten one-time recovery codes, shown once. */
  async enableTotp(identity: RequestIdentity, code: string, client: ClientInfo): Promise<{ recoveryCodes: string[] }> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const user = await sql.one<UserRow>(`SELECT * FROM app_user WHERE id = $1`, [identity.userId]);
      if (!user?.totp_secret_enc || user.totp_enabled_at) throw new AppException(ErrorCode.conflict, 'Start enrolment first');
      if (!verifyTotp(this.options.cipher.decrypt(user.totp_secret_enc), code.replace(/\s/g, ''))) {
        throw new AppException(ErrorCode.totpInvalid, 'Wrong verification code');
      }
      const recoveryCodes = Array.from({ length: 10 }, () => randomBytes(5).toString('hex').replace(/(.{5})/, '$1-'));
      await sql.exec(`UPDATE app_user SET totp_enabled_at = now(), recovery_code_hashes = $2 WHERE id = $1`, [user.id, recoveryCodes.map(hashRecoveryCode)]);
      await this.audit.append(sql, { orgId: identity.org.id, actor: actorOf(identity, client), event: { action: 'auth.totp_enabled', data: {} } });
      return { recoveryCodes };
    });
  }
}

function lockedError(until: Date): AppException {
  return new AppException(ErrorCode.accountLocked, 'Too many failed sign-ins: the account is locked for a while', undefined, { lockedUntil: until.toISOString() });
}

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase()).digest('hex');
}

function actorOf(identity: RequestIdentity, client: ClientInfo) {
  return { userId: identity.userId, role: identity.roles.join(','), ip: client.ip };
}
