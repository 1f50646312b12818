import { Inject, Injectable } from '@nestjs/common';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { newToken, tokenHash } from '@dahe/api/core/util-crypto';
import { defineAbilityFor } from '@dahe/shared/authz';
import { ROLES_REQUIRING_2FA, type OrganisationKind, type Role, type SchoolType } from '@dahe/shared/contracts';
import { AUTH_OPTIONS, type AuthOptions, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './auth-options';

interface SessionRow {
  session_id: string;
  user_id: string;
  active_org_id: string;
  expires_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  username: string;
  display_name: string;
  email: string | null;
  totp_enabled_at: Date | null;
}

export interface OrgMembershipRow {
  org_id: string;
  name: string;
  kind: OrganisationKind;
  path: string;
  school_type: SchoolType | null;
  parent_id: string | null;
  roles: Role[];
}

/** Why a token does not authenticate; each maps to a 401 with its own code. */
export type SessionFailure = 'missing' | 'expired' | 'no_membership';

/** Server-side sessions: the token is the bearer secret, the database keeps only its hash. */
@Injectable()
export class SessionService {
  constructor(
    private readonly db: Database,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  async create(sql: Sql, userId: string, orgId: string, ip: string | undefined, userAgent: string | undefined): Promise<{ id: string; token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_MS);
    const row = await sql.one<{ id: string }>(
      `INSERT INTO user_session (token_hash, user_id, active_org_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [tokenHash(token), userId, orgId, expiresAt, ip ?? null, userAgent?.slice(0, 300) ?? null],
    );
    if (!row) throw new Error('session insert returned nothing');
    return { id: row.id, token, expiresAt };
  }

  /** The identity behind a token, or why there is none. Touches `last_seen_at` at most once a minute. */
  resolve(token: string, via: 'cookie' | 'bearer'): Promise<RequestIdentity | SessionFailure> {
    return this.resolveWhere('s.token_hash = $1', tokenHash(token), via);
  }

  /** The same, by session id: after the session changed (a switch of organisation). */
  resolveById(sessionId: string, via: 'cookie' | 'bearer'): Promise<RequestIdentity | SessionFailure> {
    return this.resolveWhere('s.id = $1', sessionId, via);
  }

  private resolveWhere(where: 's.token_hash = $1' | 's.id = $1', key: unknown, via: 'cookie' | 'bearer'): Promise<RequestIdentity | SessionFailure> {
    return this.db.withoutTenant(undefined, async (sql) => {
      const session = await sql.one<SessionRow>(
        `SELECT s.id AS session_id, s.user_id, s.active_org_id, s.expires_at, s.last_seen_at, s.revoked_at,
                u.username, u.display_name, u.email, u.totp_enabled_at
           FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE ${where}`,
        [key],
      );
      if (!session || session.revoked_at) return 'missing';
      const now = Date.now();
      if (session.expires_at.getTime() <= now || session.last_seen_at.getTime() + SESSION_IDLE_MS <= now) {
        await sql.exec(`UPDATE user_session SET revoked_at = now(), revoked_reason = 'expired' WHERE id = $1 AND revoked_at IS NULL`, [session.session_id]);
        return 'expired';
      }
      if (session.last_seen_at.getTime() + 60_000 <= now) {
        await sql.exec(`UPDATE user_session SET last_seen_at = now() WHERE id = $1`, [session.session_id]);
      }
      await setUser(sql, session.user_id);
      const memberships = await this.memberships(sql, session.user_id);
      const active = memberships.find((m) => m.org_id === session.active_org_id);
      if (!active) return 'no_membership';
      return this.identityOf(session, active, via);
    });
  }

  /** The person's active memberships, grouped by organisation; RLS shows only their own rows here. */
  async memberships(sql: Sql, userId: string): Promise<OrgMembershipRow[]> {
    return sql.rows<OrgMembershipRow>(
      `SELECT o.id AS org_id, o.name, o.kind, o.path, o.school_type, o.parent_id, array_agg(m.role ORDER BY m.role) AS roles
         FROM membership m JOIN organisation o ON o.id = m.org_id
        WHERE m.user_id = $1 AND m.status = 'active'
        GROUP BY o.id
        ORDER BY array_position(ARRAY['province', 'supervisor', 'school'], o.kind), o.name`,
      [userId],
    );
  }

  async revoke(sql: Sql, sessionId: string, reason: string): Promise<void> {
    await sql.exec(`UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, reason]);
  }

  async revokeAll(sql: Sql, userId: string, reason: string): Promise<number> {
    return sql.exec(`UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, reason]);
  }

  private identityOf(session: SessionRow, active: OrgMembershipRow, via: 'cookie' | 'bearer'): RequestIdentity {
    const roles = active.roles;
    const totpEnabled = session.totp_enabled_at !== null;
    return {
      sessionId: session.session_id,
      userId: session.user_id,
      username: session.username,
      displayName: session.display_name,
      email: session.email ?? undefined,
      totpEnabled,
      org: {
        id: active.org_id,
        name: active.name,
        kind: active.kind,
        path: active.path,
        schoolType: active.school_type ?? undefined,
        parentId: active.parent_id ?? undefined,
      },
      roles,
      ability: defineAbilityFor({ userId: session.user_id, orgId: active.org_id, orgKind: active.kind, roles }),
      via,
      mustEnrolTotp: this.options.requireTwoFactor && !totpEnabled && roles.some((role) => ROLES_REQUIRING_2FA.includes(role)),
      expiresAt: session.expires_at,
    };
  }
}

/** Sets the acting person for row-level security inside the current transaction. */
export async function setUser(sql: Sql, userId: string): Promise<void> {
  await sql.rows(`SELECT set_config('dahe.user_id', $1, true)`, [userId]);
}

/** Enters an organisation's tenant context inside the current transaction (e.g. to audit a sign-in). */
export async function setOrgPath(sql: Sql, orgPath: string): Promise<void> {
  if (!/^\/([0-9a-f-]{36}\/)+$/.test(orgPath)) throw new Error('not an organisation path');
  await sql.rows(`SELECT set_config('dahe.org_path', $1, true)`, [orgPath]);
}
