import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@dahe/api/core/data-access-audit';
import { Database } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { AUTH_OPTIONS, type AuthOptions } from '@dahe/api/identity/feature-auth';
import { subject } from '@dahe/shared/authz';
import { ErrorCode, type MemberDto, type MembershipStatus, type Role, roleSetViolation } from '@dahe/shared/contracts';
import { maskMobile, notFound, organisationForMembers } from './access';

interface MemberRow {
  user_id: string;
  username: string;
  display_name: string;
  email: string | null;
  mobile_enc: Buffer | null;
  locked_until: Date | null;
  roles: Role[];
  status: MembershipStatus;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    @Inject(AUTH_OPTIONS) private readonly auth: AuthOptions,
  ) {}

  list(identity: RequestIdentity, orgId: string): Promise<MemberDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      await organisationForMembers(sql, identity, orgId, 'read');
      const rows = await sql.rows<MemberRow>(
        `SELECT u.id AS user_id, u.username, u.display_name, u.email, u.mobile_enc, u.locked_until,
                array_agg(m.role ORDER BY m.role) AS roles,
                CASE WHEN bool_or(m.status = 'active') THEN 'active' ELSE 'suspended' END AS status
           FROM membership m JOIN app_user u ON u.id = m.user_id
          WHERE m.org_id = $1
          GROUP BY u.id
          ORDER BY u.display_name`,
        [orgId],
      );
      return rows.map((row) => ({
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        email: row.email ?? undefined,
        mobile: row.mobile_enc ? maskMobile(this.auth.cipher.decrypt(row.mobile_enc)) : undefined,
        roles: row.roles,
        status: row.status,
        lockedUntil: row.locked_until && row.locked_until.getTime() > Date.now() ? row.locked_until.toISOString() : undefined,
      }));
    });
  }

  /** Replaces a member's roles and status; every role added or removed is a grant the actor must hold. */
  async update(identity: RequestIdentity, orgId: string, userId: string, roles: Role[], status: MembershipStatus, ip?: string): Promise<MemberDto[]> {
    await this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const org = await organisationForMembers(sql, identity, orgId, 'update');
      const current = await sql.rows<{ role: Role; status: MembershipStatus }>(`SELECT role, status FROM membership WHERE org_id = $1 AND user_id = $2`, [orgId, userId]);
      if (current.length === 0) throw notFound('Member');
      const wanted = [...new Set(roles)];
      if (wanted.length === 0) throw new AppException(ErrorCode.validationFailed, 'A member keeps at least one role; remove the member instead');
      const violation = roleSetViolation(org.kind, wanted);
      if (violation === 'wrong_kind') throw new AppException(ErrorCode.validationFailed, `These roles cannot be held in a ${org.kind}`);
      if (violation === 'separation_of_duties') throw new AppException(ErrorCode.separationOfDuties, 'System, security and audit administration must be held by three different people');
      const had = current.map((c) => c.role);
      const added = wanted.filter((role) => !had.includes(role));
      const removed = had.filter((role) => !wanted.includes(role));
      for (const role of [...added, ...removed]) {
        if (!identity.ability.can('grant', subject('Membership', { orgId, userId, role }))) throw new AppException(ErrorCode.forbidden, `Not allowed to grant or withdraw ${role}`);
      }
      if (!identity.ability.can('update', subject('Membership', { orgId, userId }))) throw new AppException(ErrorCode.forbidden, 'Not allowed');
      try {
        if (removed.length > 0) await sql.exec(`DELETE FROM membership WHERE org_id = $1 AND user_id = $2 AND role = ANY($3)`, [orgId, userId, removed]);
        for (const role of added) {
          await sql.exec(`INSERT INTO membership (org_id, user_id, role, status, granted_by) VALUES ($1, $2, $3, $4, $5)`, [orgId, userId, role, status, identity.userId]);
        }
      } catch (error) {
        throw separationOrRethrow(error);
      }
      await sql.exec(`UPDATE membership SET status = $3 WHERE org_id = $1 AND user_id = $2`, [orgId, userId, status]);
      await this.audit.append(sql, {
        orgId,
        actor: { userId: identity.userId, role: identity.roles.join(','), ip },
        subject: { type: 'user', id: userId },
        event: { action: 'membership.changed', data: { added, removed, status } },
      });
    });
    return this.list(identity, orgId);
  }

  remove(identity: RequestIdentity, orgId: string, userId: string, ip?: string): Promise<void> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      await organisationForMembers(sql, identity, orgId, 'read');
      if (!identity.ability.can('delete', subject('Membership', { orgId, userId }))) throw new AppException(ErrorCode.forbidden, 'Not allowed');
      const roles = (await sql.rows<{ role: string }>(`DELETE FROM membership WHERE org_id = $1 AND user_id = $2 RETURNING role`, [orgId, userId])).map((r) => r.role);
      if (roles.length === 0) throw notFound('Member');
      // Sessions whose active organisation was this one end now.
      await sql.exec(`UPDATE user_session SET revoked_at = now(), revoked_reason = 'membership_removed' WHERE user_id = $1 AND active_org_id = $2 AND revoked_at IS NULL`, [userId, orgId]);
      await this.audit.append(sql, {
        orgId,
        actor: { userId: identity.userId, role: identity.roles.join(','), ip },
        subject: { type: 'user', id: userId },
        event: { action: 'membership.removed', data: { roles } },
      });
    });
  }

  /** security_admin: lifts a lock-out of anyone with a membership in the active organisation's tree. */
  unlock(identity: RequestIdentity, userId: string, ip?: string): Promise<void> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const member = await sql.one<{ org_id: string }>(
        `SELECT m.org_id FROM membership m JOIN organisation o ON o.id = m.org_id WHERE m.user_id = $1 AND o.path LIKE $2 || '%' LIMIT 1`,
        [userId, identity.org.path],
      );
      if (!member) throw notFound('User');
      await sql.exec(`UPDATE app_user SET locked_until = NULL, failed_logins = 0 WHERE id = $1`, [userId]);
      await this.audit.append(sql, {
        orgId: member.org_id,
        actor: { userId: identity.userId, role: identity.roles.join(','), ip },
        subject: { type: 'user', id: userId },
        event: { action: 'auth.account_unlocked', data: {} },
      });
    });
  }

  /** Accounts locked right now, across the tree (what a security admin works through). */
  locked(identity: RequestIdentity): Promise<{ userId: string; username: string; displayName: string; organisation: string; lockedUntil: string }[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const rows = await sql.rows<{ user_id: string; username: string; display_name: string; organisation: string; locked_until: Date }>(
        `SELECT DISTINCT ON (u.id) u.id AS user_id, u.username, u.display_name, o.name AS organisation, u.locked_until
           FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organisation o ON o.id = m.org_id
          WHERE u.locked_until > now() AND o.path LIKE $1 || '%'
          ORDER BY u.id`,
        [identity.org.path],
      );
      return rows.map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name, organisation: r.organisation, lockedUntil: r.locked_until.toISOString() }));
    });
  }
}

export function separationOrRethrow(error: unknown): unknown {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'membership_separated_admin_uq') {
    return new AppException(ErrorCode.separationOfDuties, 'System, security and audit administration must be held by three different people');
  }
  return error;
}
