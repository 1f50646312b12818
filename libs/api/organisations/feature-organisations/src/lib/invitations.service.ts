import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@dahe/api/core/data-access-audit';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { newToken, normaliseMobile, tokenHash } from '@dahe/api/core/util-crypto';
import { AppException } from '@dahe/api/core/util-http';
import { AUTH_OPTIONS, type AuthOptions, RateLimiter, SessionService, hashPassword, setOrgPath, setUser, verifyPassword } from '@dahe/api/identity/feature-auth';
import { subject } from '@dahe/shared/authz';
import {
  type CreatedInvitationDto,
  ErrorCode,
  type InvitationDto,
  type InvitationPreviewDto,
  type InvitationStatus,
  InvitationValidity,
  type Role,
  passwordProblems,
  roleSetViolation,
} from '@dahe/shared/contracts';
import { maskMobile, notFound, organisationForMembers } from './access';
import { separationOrRethrow } from './members.service';

interface InvitationRow {
  org_id: string;
  id: string;
  email: string | null;
  mobile_enc: Buffer | null;
  display_name: string | null;
  role: Role;
  invited_by: string;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

export interface InvitationInput {
  email?: string;
  mobile?: string;
  displayName?: string;
  role: Role;
}

@Injectable()
export class InvitationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
    @Inject(AUTH_OPTIONS) private readonly auth: AuthOptions,
  ) {}

  create(identity: RequestIdentity, orgId: string, input: InvitationInput, ip?: string): Promise<CreatedInvitationDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const org = await organisationForMembers(sql, identity, orgId, 'invite');
      if (roleSetViolation(org.kind, [input.role]) === 'wrong_kind') throw new AppException(ErrorCode.validationFailed, `The role ${input.role} cannot be held in a ${org.kind}`);
      if (!identity.ability.can('grant', subject('Membership', { orgId, role: input.role }))) throw new AppException(ErrorCode.forbidden, `Not allowed to grant ${input.role}`);
      return this.insert(sql, identity.userId, orgId, input, ip, identity.roles.join(','));
    });
  }

  /** Inserts an invitation in the caller's transaction (also used by the organisations import). */
  async insert(sql: Sql, invitedBy: string, orgId: string, input: InvitationInput, ip: string | undefined, actorRole: string): Promise<CreatedInvitationDto> {
    const email = input.email?.trim().toLowerCase();
    const mobile = input.mobile ? normaliseMobile(input.mobile) : undefined;
    if (input.mobile && !mobile) throw new AppException(ErrorCode.validationFailed, 'Not a mainland mobile number');
    if (!email && !mobile) throw new AppException(ErrorCode.validationFailed, 'An invitation needs an e-mail address or a mobile number');
    const token = newToken();
    const expiresAt = new Date(Date.now() + InvitationValidity.hours * 3600 * 1000);
    const row = await sql.one<InvitationRow>(
      `INSERT INTO invitation (org_id, token_hash, email, mobile_enc, mobile_hash, display_name, role, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [orgId, tokenHash(token), email ?? null, mobile ? this.auth.cipher.encrypt(mobile) : null, mobile ? this.auth.cipher.lookupHash(mobile) : null, input.displayName ?? null, input.role, invitedBy, expiresAt],
    );
    if (!row) throw new Error('invitation insert returned nothing');
    await this.audit.append(sql, {
      orgId,
      actor: { userId: invitedBy, role: actorRole, ip },
      subject: { type: 'invitation', id: row.id },
      event: { action: 'membership.invited', data: { invitationId: row.id, role: input.role, expiresAt: expiresAt.toISOString() } },
    });
    return { ...this.toDto(row), link: `/invite/${token}` };
  }

  list(identity: RequestIdentity, orgId: string): Promise<InvitationDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      await organisationForMembers(sql, identity, orgId, 'invite');
      const rows = await sql.rows<InvitationRow>(`SELECT * FROM invitation WHERE org_id = $1 ORDER BY created_at DESC LIMIT 200`, [orgId]);
      return rows.map((row) => this.toDto(row));
    });
  }

  revoke(identity: RequestIdentity, orgId: string, invitationId: string, ip?: string): Promise<void> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      await organisationForMembers(sql, identity, orgId, 'invite');
      const changed = await sql.exec(`UPDATE invitation SET revoked_at = now() WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`, [orgId, invitationId]);
      if (changed === 0) throw notFound('Invitation');
      await this.audit.append(sql, {
        orgId,
        actor: { userId: identity.userId, role: identity.roles.join(','), ip },
        subject: { type: 'invitation', id: invitationId },
        event: { action: 'membership.invitation_revoked', data: { invitationId } },
      });
    });
  }

  /** Public: what the link is for. Only the token's holder gets here. */
  preview(token: string): Promise<InvitationPreviewDto> {
    return this.db.withoutTenant(undefined, async (sql) => {
      const row = await this.byToken(sql, token);
      const target = await sql.one<{ org_name: string }>(`SELECT org_name FROM dahe_invitation_target($1)`, [tokenHash(token)]);
      return {
        organisationName: target?.org_name ?? '',
        role: row.role,
        displayName: row.display_name ?? undefined,
        email: row.email ?? undefined,
        expiresAt: row.expires_at.toISOString(),
        status: statusOf(row),
      };
    });
  }

  /**
   * Public: turns the link into a membership. A new username creates the account; an existing one
   * joins after proving its password. One use, within 72 hours. Answers a session, as a sign-in does.
   */
  async accept(token: string, input: { username: string; displayName: string; password: string }, client: { ip?: string; userAgent?: string }): Promise<{ token: string; expiresAt: Date }> {
    // Sets a password, so limited like sign-in: per address and per username, committed before refusing.
    const allowed = await this.db.withoutTenant(undefined, async (sql) => {
      const byIp = await this.limiter.hit(sql, { bucket: `accept:ip:${client.ip ?? 'unknown'}`, max: 30, windowSeconds: 900 });
      const byAccount = await this.limiter.hit(sql, { bucket: `login:account:${input.username.toLowerCase()}`, max: 10, windowSeconds: 900 });
      return byIp.allowed && byAccount.allowed;
    });
    if (!allowed) throw new AppException(ErrorCode.tooManyRequests, 'Too many attempts; try again later');
    return this.db.withoutTenant(undefined, async (sql) => {
      const invitation = await this.byToken(sql, token);
      const status = statusOf(invitation);
      if (status !== 'pending') throw new AppException(ErrorCode.invitationInvalid, `This invitation is ${status}`, [status]);
      const orgPath = (await sql.one<{ org_path: string }>(`SELECT org_path FROM dahe_invitation_target($1)`, [tokenHash(token)]))?.org_path;
      if (!orgPath) throw notFound('Invitation');

      const username = input.username.toLowerCase();
      const existing = await sql.one<{ id: string; password_hash: string }>(`SELECT id, password_hash FROM app_user WHERE username = $1`, [username]);
      let userId: string;
      if (existing) {
        if (!(await verifyPassword(existing.password_hash, input.password))) {
          throw new AppException(ErrorCode.conflict, 'This username is taken; to join with an existing account, enter its password');
        }
        userId = existing.id;
      } else {
        const problems = passwordProblems(input.password, { username, displayName: input.displayName });
        if (problems.length > 0) throw new AppException(ErrorCode.weakPassword, 'The password does not meet the policy', problems);
        const created = await sql.one<{ id: string }>(
          `INSERT INTO app_user (username, email, display_name, password_hash, mobile_enc, mobile_hash)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
          [username, invitation.email, input.displayName.trim(), await hashPassword(input.password), invitation.mobile_enc, invitation.mobile_enc ? await this.mobileHashOf(invitation) : null],
        );
        if (!created) throw new AppException(ErrorCode.conflict, 'This e-mail or mobile number already belongs to an account: join with that account');
        userId = created.id;
      }
      await setUser(sql, userId);
      await setOrgPath(sql, orgPath);
      try {
        await sql.exec(`INSERT INTO membership (org_id, user_id, role, granted_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [invitation.org_id, userId, invitation.role, invitation.invited_by]);
      } catch (error) {
        throw separationOrRethrow(error);
      }
      // One use: the conditional update is the check, so two simultaneous accepts cannot both pass.
      const used = await sql.exec(`UPDATE invitation SET accepted_at = now(), accepted_by = $3 WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL`, [invitation.org_id, invitation.id, userId]);
      if (used === 0) throw new AppException(ErrorCode.invitationInvalid, 'This invitation is accepted', ['accepted']);
      await this.audit.append(sql, {
        orgId: invitation.org_id,
        actor: { userId, role: invitation.role, ip: client.ip },
        subject: { type: 'invitation', id: invitation.id },
        event: { action: 'membership.joined', data: { invitationId: invitation.id, role: invitation.role } },
      });
      const session = await this.sessions.create(sql, userId, invitation.org_id, client.ip, client.userAgent);
      await this.audit.append(sql, { orgId: invitation.org_id, actor: { userId, role: invitation.role, ip: client.ip }, event: { action: 'auth.login', data: { sessionId: session.id } } });
      return { token: session.token, expiresAt: session.expiresAt };
    });
  }

  private async byToken(sql: Sql, token: string): Promise<InvitationRow> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound('Invitation');
    const row = await sql.one<InvitationRow>(`SELECT * FROM dahe_invitation_by_token($1)`, [tokenHash(token)]);
    if (!row) throw notFound('Invitation');
    return row;
  }

  private async mobileHashOf(invitation: InvitationRow): Promise<Buffer | null> {
    return invitation.mobile_enc ? this.auth.cipher.lookupHash(this.auth.cipher.decrypt(invitation.mobile_enc)) : null;
  }

  private toDto(row: InvitationRow): InvitationDto {
    return {
      id: row.id,
      email: row.email ?? undefined,
      mobile: row.mobile_enc ? maskMobile(this.auth.cipher.decrypt(row.mobile_enc)) : undefined,
      displayName: row.display_name ?? undefined,
      role: row.role,
      expiresAt: row.expires_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      status: statusOf(row),
    };
  }
}

function statusOf(row: Pick<InvitationRow, 'accepted_at' | 'revoked_at' | 'expires_at'>): InvitationStatus {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= Date.now() ? 'expired' : 'pending';
}
