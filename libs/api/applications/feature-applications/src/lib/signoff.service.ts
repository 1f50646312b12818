import { Inject, Injectable } from '@nestjs/common';
import { AuditService, ORG_CHAIN, applicationChain } from '@dahe/api/core/data-access-audit';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { verifyTotp } from '@dahe/api/core/util-crypto';
import { AppException } from '@dahe/api/core/util-http';
import { AUTH_OPTIONS, type AuthOptions, RateLimiter, verifyPassword } from '@dahe/api/identity/feature-auth';
import { type Action, subject } from '@dahe/shared/authz';
import {
  type DeadlineExtensionDto as DeadlineExtensionResult,
  type DeadlineExtensionRequest,
  ErrorCode,
  type SignatureDto,
  type TimelineDto,
  type TimelineEntryDto,
  type TransitionRequest,
  type TransitionResponse,
} from '@dahe/shared/contracts';
import { type ApplicationState, type WorkflowAction, waitingFor } from '@dahe/shared/workflow';
import { type ContentHashAlgorithm, contentHash, formatContentHash } from './content-hash';
import { type LockedApplication, SignoffEngine, type SignoffActor } from './signoff-engine';
import { OutboxDispatcher } from './outbox/outbox-dispatcher';
import { claimIdempotencyKey, recordIdempotentResponse, requestFingerprint } from './transition-idempotency';

/** The CASL action each workflow action needs on the application record, beside the state machine's rule. */
const CASL_ACTION: Record<WorkflowAction, Action> = {
  submit_for_signature: 'transition',
  sign: 'sign',
  approve: 'approve',
  return: 'return',
  withdraw: 'transition',
  pass_formal_check: 'transition',
  return_for_correction: 'return',
  start_expert_review: 'transition',
  decide: 'transition',
};

/** Ten failed attempts a quarter of an hour per signer: re-authentication is no way around the sign-in lock. */
const REAUTH_LIMIT = { max: 10, windowSeconds: 900 };

interface SignatureRow {
  id: string;
  kind: 'legal_rep' | 'supervisor';
  signer_id: string;
  signer_name: string;
  signer_role: string;
  signer_org_id: string;
  signer_org_name: string;
  opinion: string;
  content_hash: Buffer;
  content_hash_alg: ContentHashAlgorithm;
  signed_at: Date;
  voided_at: Date | null;
  void_reason: string | null;
}

@Injectable()
export class SignoffService {
  private readonly engine: SignoffEngine;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    @Inject(AUTH_OPTIONS) private readonly auth: AuthOptions,
    private readonly outbox: OutboxDispatcher,
  ) {
    this.engine = new SignoffEngine(audit, outbox.notifier);
  }

  async transition(identity: RequestIdentity, applicationId: string, body: TransitionRequest, ip?: string, idempotencyKey?: string): Promise<TransitionResponse> {
    // Proved before the lock is taken (argon2 is slow), decided under it by the state machine.
    const reauth = body.action === 'sign' ? await this.reauthenticate(identity, body.password, body.totp) : undefined;
    const actor: SignoffActor = { userId: identity.userId, roles: identity.roles, orgId: identity.org.id, orgKind: identity.org.kind, orgPath: identity.org.path, ip };
    const moved = this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      // Idempotency-Key: claimed (or answered from the first request) before the row lock, in this transaction.
      const tenant = idempotencyKey ? await sql.one<{ org_id: string }>(`SELECT org_id FROM application WHERE id = $1`, [applicationId]) : undefined;
      const scope = idempotencyKey && tenant ? { orgId: tenant.org_id, userId: identity.userId, applicationId, key: idempotencyKey } : undefined;
      if (scope) {
        const claim = await claimIdempotencyKey(sql, scope, requestFingerprint(body));
        if (claim.kind === 'replay') return claim.response;
      }
      const response = await this.engine.apply(
        sql,
        actor,
        applicationId,
        { action: body.action, comment: body.comment, opinion: body.opinion, decision: body.decision, reauthenticated: reauth === 'ok', expectedContentHash: body.contentHash },
        {
          visible: (application) => this.requireVisible(identity, application),
          permits: (action, application) => identity.ability.can(CASL_ACTION[action], subject('Application', { orgId: application.org_id, state: application.state })),
          reauthenticationProblem: reauth === 'ok' ? undefined : reauth,
        },
      );
      if (scope) await recordIdempotentResponse(sql, scope, response);
      return response;
    });
    // Committed: the hand-over's messages (written in that transaction) can go now.
    const response = await moved;
    this.outbox.kick();
    return response;
  }

  /** Who did what and when (from the chain, names resolved now), the signatures, and whose move it is. */
  timeline(identity: RequestIdentity, applicationId: string): Promise<TimelineDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, (sql) => this.timelineIn(sql, identity, applicationId));
  }

  /** The timeline inside the caller's transaction (the document export reads it beside the content). */
  async timelineIn(sql: Sql, identity: RequestIdentity, applicationId: string): Promise<TimelineDto> {
    const application = await sql.one<LockedApplication & { school_name: string }>(
      `SELECT a.org_id, a.id, a.call_id, a.state, a.content_hash, a.content_hash_alg, a.receipt_no, a.submitted_at,
              c.org_id AS call_org_id, c.year AS call_year, c.template AS call_template, c.deadline AS call_deadline, c.country_risk,
              c.correction_until, s.parent_id AS school_parent_id, s.name AS school_name
         FROM application a JOIN call c ON c.id = a.call_id JOIN organisation s ON s.id = a.org_id
        WHERE a.id = $1`,
      [applicationId],
    );
    if (!application) throw new AppException(ErrorCode.notFound, 'Application not found');
    this.requireVisible(identity, application);

    const readable = (await sql.one<{ ok: boolean }>(`SELECT dahe_content_readable($1, $2) AS ok`, [application.org_id, application.id]))?.ok === true;
    const algorithm = application.content_hash_alg ?? this.audit.algorithm;
    // Those who may not read the text cannot recompute its hash: they see the hash it was frozen with.
    const current = readable
      ? formatContentHash(algorithm, contentHash((await this.engine.loadContent(sql, application)).hashInput, algorithm))
      : application.content_hash
        ? formatContentHash(algorithm, application.content_hash)
        : null;

    const chain = applicationChain(application.id);
    const events = await this.audit.list(sql, application.org_id, chain, 1000);
    const verified = await this.audit.verify(sql, application.org_id, chain);
    const signatures = await sql.rows<SignatureRow>(
      `SELECT s.id, s.kind, s.signer_id, u.display_name AS signer_name, s.signer_role, s.signer_org_id, o.name AS signer_org_name, s.opinion,
              s.content_hash, s.content_hash_alg, s.signed_at, s.voided_at, s.void_reason
         FROM signature s JOIN app_user u ON u.id = s.signer_id JOIN organisation o ON o.id = s.signer_org_id
        WHERE s.org_id = $1 AND s.application_id = $2 ORDER BY s.signed_at, s.id`,
      [application.org_id, application.id],
    );
    const names = await this.displayNames(sql, events.map((e) => e.actorUserId));
    const extension = await sql.one<{ extended_until: Date }>(`SELECT extended_until FROM deadline_extension WHERE org_id = $1 AND call_id = $2`, [application.org_id, application.call_id]);

    const who = waitingFor(application.state as ApplicationState);
    const waitingOrgId = who ? { school: application.org_id, supervisor: application.school_parent_id, province: application.call_org_id }[who.organisationKind] : null;
    const waitingOrg = waitingOrgId ? await sql.one<{ id: string; name: string }>(`SELECT id, name FROM organisation WHERE id = $1`, [waitingOrgId]) : undefined;

    return {
      applicationId: application.id,
      state: application.state,
      contentHash: application.content_hash ? formatContentHash(algorithm, application.content_hash) : null,
      currentContentHash: current ?? '',
      receiptNo: application.receipt_no,
      events: events.map((event): TimelineEntryDto => {
        const data = event.data as { from?: string; to?: string; contentHash?: string; comment?: string; receiptNo?: string };
        return {
          seq: event.seq,
          at: event.occurredAt,
          action: event.action,
          actorId: event.actorUserId,
          actorName: event.actorUserId ? (names.get(event.actorUserId) ?? null) : null,
          actorRole: event.actorRole,
          ...(data.from ? { from: data.from } : {}),
          ...(data.to ? { to: data.to } : {}),
          ...(data.contentHash ? { contentHash: data.contentHash } : {}),
          ...(data.comment ? { comment: data.comment } : {}),
          ...(data.receiptNo ? { receiptNo: data.receiptNo } : {}),
        };
      }),
      signatures: signatures.map((row): SignatureDto => {
        const hash = formatContentHash(row.content_hash_alg, row.content_hash);
        return {
          id: row.id,
          kind: row.kind,
          signerId: row.signer_id,
          signerName: row.signer_name,
          signerRole: row.signer_role,
          organisationId: row.signer_org_id,
          organisationName: row.signer_org_name,
          ...(readable ? { opinion: row.opinion } : {}),
          contentHash: hash,
          signedAt: row.signed_at.toISOString(),
          status: row.voided_at ? 'void' : hash === current ? 'valid' : 'content_changed',
          ...(row.voided_at ? { voidedAt: row.voided_at.toISOString(), voidReason: row.void_reason ?? '' } : {}),
        };
      }),
      waitingFor: who && waitingOrg ? { role: who.role, organisationKind: who.organisationKind, organisationId: waitingOrg.id, organisationName: waitingOrg.name } : null,
      deadline: application.call_deadline.toISOString(),
      ...(extension ? { extendedUntil: extension.extended_until.toISOString() } : {}),
      ...(application.correction_until ? { correctionUntil: application.correction_until.toISOString() } : {}),
      ...(application.submitted_at ? { receivedOnce: true } : {}),
      chain: { ok: verified.ok, events: verified.events, ...(verified.brokenAt ? { brokenAt: { seq: verified.brokenAt.seq, reason: verified.brokenAt.reason } } : {}) },
    };
  }

  /**
   * The province moves one school's deadline for a call later, with a reason. Recorded on the school's
   * chain and on the chain of each of its applications to that call (under their row locks).
   */
  extendDeadline(identity: RequestIdentity, callId: string, body: DeadlineExtensionRequest, ip?: string): Promise<DeadlineExtensionResult> {
    const reason = body.reason.trim();
    if (!reason) throw new AppException(ErrorCode.validationFailed, 'Give the reason for the extension');
    const until = new Date(body.until);
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const call = await sql.one<{ id: string; org_id: string; deadline: Date }>(`SELECT id, org_id, deadline FROM call WHERE id = $1`, [callId]);
      if (!call || call.org_id !== identity.org.id || !identity.ability.can('extend', subject('Call', { orgId: call.org_id }))) {
        throw new AppException(ErrorCode.notFound, 'Call not found');
      }
      const school = await sql.one<{ id: string }>(`SELECT id FROM organisation WHERE id = $1 AND kind = 'school' AND path LIKE $2`, [body.schoolId, `${identity.org.path}%`]);
      if (!school) throw new AppException(ErrorCode.notFound, 'School not found');
      if (!(until.getTime() > call.deadline.getTime())) throw new AppException(ErrorCode.validationFailed, 'An extension must end after the call’s deadline');

      const previous = await sql.one<{ extended_until: Date }>(`SELECT extended_until FROM deadline_extension WHERE org_id = $1 AND call_id = $2 FOR UPDATE`, [school.id, call.id]);
      const row = await sql.one<{ extended_until: Date; reason: string; granted_by: string; granted_at: Date }>(
        `INSERT INTO deadline_extension (org_id, call_id, extended_until, reason, granted_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id, call_id) DO UPDATE SET extended_until = EXCLUDED.extended_until, reason = EXCLUDED.reason, granted_by = EXCLUDED.granted_by, granted_at = now()
         RETURNING extended_until, reason, granted_by, granted_at`,
        [school.id, call.id, until, reason, identity.userId],
      );
      if (!row) throw new Error('deadline extension upsert returned nothing');
      const event = {
        action: 'call.deadline_extended' as const,
        data: { callId: call.id, schoolId: school.id, until: row.extended_until.toISOString(), previousUntil: previous?.extended_until.toISOString() ?? null, reason },
      };
      const actor = { userId: identity.userId, role: 'province_officer', ip };
      await this.audit.append(sql, { orgId: school.id, chain: ORG_CHAIN, actor, subject: { type: 'call', id: call.id }, event });
      const applications = await sql.rows<{ id: string }>(`SELECT id FROM application WHERE org_id = $1 AND call_id = $2 ORDER BY id FOR UPDATE`, [school.id, call.id]);
      for (const application of applications) {
        await this.audit.append(sql, { orgId: school.id, chain: applicationChain(application.id), actor, subject: { type: 'call', id: call.id }, event });
      }
      return { callId: call.id, schoolId: school.id, until: row.extended_until.toISOString(), reason: row.reason, grantedBy: row.granted_by, grantedAt: row.granted_at.toISOString() };
    });
  }

  /** 'ok', or what was wrong: the password (again), and the second factor where the signer has one. */
  private async reauthenticate(identity: RequestIdentity, password: string | undefined, totp: string | undefined): Promise<string> {
    if (!password) return 'password_required';
    const bucket = `reauth:${identity.userId}`;
    const failures = await this.db.withoutTenant(identity.userId, (sql) =>
      sql.one<{ hits: number }>(`SELECT hits FROM rate_limit WHERE bucket = $1 AND window_start >= now() - make_interval(secs => $2)`, [bucket, REAUTH_LIMIT.windowSeconds]),
    );
    if ((failures?.hits ?? 0) >= REAUTH_LIMIT.max) throw new AppException(ErrorCode.tooManyRequests, 'Too many failed attempts to sign; try again later');
    const user = await this.db.withoutTenant(identity.userId, (sql) =>
      sql.one<{ password_hash: string; totp_secret_enc: Buffer | null; totp_enabled_at: Date | null }>(`SELECT password_hash, totp_secret_enc, totp_enabled_at FROM app_user WHERE id = $1`, [identity.userId]),
    );
    const problem = await (async () => {
      if (!user || !(await verifyPassword(user.password_hash, password))) return 'password_invalid';
      if (user.totp_enabled_at && user.totp_secret_enc) {
        if (!totp) return 'totp_required';
        if (!verifyTotp(this.auth.cipher.decrypt(user.totp_secret_enc), totp.replace(/\s/g, ''))) return 'totp_invalid';
      }
      return 'ok';
    })();
    // Failures are counted in their own committed transaction, so the refusal that follows cannot undo them.
    if (problem === 'password_invalid' || problem === 'totp_invalid') {
      await this.db.withoutTenant(identity.userId, (sql) => this.limiter.hit(sql, { bucket, ...REAUTH_LIMIT }));
    }
    return problem;
  }

  /** Row-level security showed the row; the CASL rule must agree, or it is "not found or no access". */
  private requireVisible(identity: RequestIdentity, application: { org_id: string; state: string }): void {
    if (!identity.ability.can('read', subject('Application', { orgId: application.org_id, state: application.state }))) {
      throw new AppException(ErrorCode.notFound, 'Application not found');
    }
  }

  private async displayNames(sql: Sql, ids: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    if (unique.length === 0) return new Map();
    const rows = await sql.rows<{ id: string; display_name: string }>(`SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`, [unique]);
    return new Map(rows.map((row) => [row.id, row.display_name]));
  }
}
