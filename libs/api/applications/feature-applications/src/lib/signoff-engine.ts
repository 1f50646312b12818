import type { AuditEventInput, AuditService } from '@dahe/api/core/data-access-audit';
import { applicationChain } from '@dahe/api/core/data-access-audit';
import type { Sql } from '@dahe/api/core/data-access-db';
import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode, type OrganisationKind, type Role, type TransitionResponse } from '@dahe/shared/contracts';
import { type Code, type SectionsInput, validateApplication } from '@dahe/shared/form';
import {
  type ActorRelation,
  type ApplicationState,
  type Decision,
  type Refusal,
  type WorkflowAction,
  isEditableState,
  transition,
} from '@dahe/shared/workflow';
import { type ContentHashAlgorithm, type HashedEvidenceItem, contentHash, formatContentHash } from './content-hash';
import type { HandOverNotifier } from './outbox/hand-over-notifier';
import { recordDecisions, upsertDecision } from './review/decision-store';

/** Who moves the application: the active membership, as the session established it. */
export interface SignoffActor {
  userId: string;
  roles: readonly Role[];
  orgId: string;
  orgKind: OrganisationKind;
  orgPath: string;
  ip?: string;
}

export interface SignoffRequest {
  action: string;
  comment?: string;
  opinion?: string;
  decision?: Decision;
  /** `sign`: the password (and second factor where enabled) was proved just now, outside the lock. */
  reauthenticated?: boolean;
  /** The hash the actor read (`<alg>:<hex>`); optional. */
  expectedContentHash?: string;
}

/** The application row as locked, with what the rules need from its call and school. */
export interface LockedApplication {
  org_id: string;
  id: string;
  call_id: string;
  state: ApplicationState;
  content_hash: Buffer | null;
  content_hash_alg: ContentHashAlgorithm | null;
  receipt_no: string | null;
  call_org_id: string;
  call_year: number;
  call_template: string;
  call_deadline: Date;
  country_risk: Record<string, 'ok' | 'caution' | 'prohibited'>;
  school_parent_id: string | null;
  /** 补正 is allowed until then (null: not at all); a corrected application may reach `submitted` again until then too. */
  correction_until?: Date | null;
  /** Before the call's results are published, `decide` records the decision instead of applying it. */
  results_published_at?: Date | null;
  submitted_at?: Date | null;
}

export interface SignoffHooks {
  /** Record authorisation on the locked row (throws "not found or no access"). */
  visible?: (application: LockedApplication) => void;
  /** After the state machine allowed it: the actor's CASL rule for this action on this record. */
  permits?: (action: WorkflowAction, application: LockedApplication) => boolean;
  /** Why re-authentication failed, for the refusal's message (the machine only knows it did). */
  reauthenticationProblem?: string;
  now?: () => Date;
}

const EVENT_OF: Record<WorkflowAction, AuditEventInput['action']> = {
  submit_for_signature: 'application.submitted_for_signature',
  sign: 'application.signed',
  approve: 'application.approved',
  return: 'application.returned',
  withdraw: 'application.withdrawn',
  pass_formal_check: 'application.formal_check_passed',
  return_for_correction: 'application.returned_for_correction',
  start_expert_review: 'application.expert_review_started',
  decide: 'application.decided',
};

/**
 * Moves one application, in the caller's transaction, as the only code that does: takes the row lock,
 * then re-checks state, the actor's turn and the content hash under it, and writes the new state, the
 * signature (or the voiding of every signature) and the audit event together. The API's sign-off service
 * and the demo seed both come through here.
 */
export class SignoffEngine {
  /** @param notifier writes each hand-over's messages to the outbox in the move's transaction (the demo seed has none) */
  constructor(
    private readonly audit: AuditService,
    private readonly notifier?: HandOverNotifier,
  ) {}

  get algorithm(): ContentHashAlgorithm {
    return this.audit.algorithm;
  }

  async apply(sql: Sql, actor: SignoffActor, applicationId: string, request: SignoffRequest, hooks: SignoffHooks = {}): Promise<TransitionResponse> {
    // The lock serialises every move of this application and every append to its chain: a second
    // approver waits here, then finds the state already moved on.
    const application = await sql.one<LockedApplication>(
      `SELECT a.org_id, a.id, a.call_id, a.state, a.content_hash, a.content_hash_alg, a.receipt_no,
              c.org_id AS call_org_id, c.year AS call_year, c.template AS call_template, c.deadline AS call_deadline, c.country_risk,
              s.parent_id AS school_parent_id, c.correction_until, c.results_published_at, a.submitted_at
         FROM application a JOIN call c ON c.id = a.call_id JOIN organisation s ON s.id = a.org_id
        WHERE a.id = $1
          FOR UPDATE OF a`,
      [applicationId],
    );
    if (!application) throw new AppException(ErrorCode.notFound, 'Application not found');
    hooks.visible?.(application);

    const now = hooks.now?.() ?? new Date();
    const extension = await sql.one<{ extended_until: Date }>(`SELECT extended_until FROM deadline_extension WHERE org_id = $1 AND call_id = $2`, [application.org_id, application.call_id]);
    const relation = relationOf(actor, application);
    const readable = (await sql.one<{ ok: boolean }>(`SELECT dahe_content_readable($1, $2) AS ok`, [application.org_id, application.id]))?.ok === true;
    const content = readable ? await this.loadContent(sql, application) : undefined;
    const ready = request.action === 'submit_for_signature' && content ? validateApplication(content.validation) : undefined;

    // Once submitted and returned for correction (补正), it may reach `submitted` again until the correction window closes.
    const correctionUntil = application.submitted_at && application.correction_until ? application.correction_until : undefined;
    const extendedUntil = [extension?.extended_until, correctionUntil].reduce<Date | undefined>((latest, date) => (date && (!latest || date > latest) ? date : latest), undefined);
    const input = {
      state: application.state,
      action: request.action,
      actorRelation: relation,
      ready: ready?.ready,
      reauthenticated: request.reauthenticated,
      comment: request.comment,
      decision: request.decision,
      now,
      deadline: application.call_deadline,
      extendedUntil,
    };
    const decided = transition({ ...input, actorRoles: actor.roles });
    if (!decided.ok) throw refusalException(decided.refusal, ready?.issues.map((issue) => `${issue.section}:${issue.code}`), hooks.reauthenticationProblem);
    const action = request.action as WorkflowAction;
    if (hooks.permits && !hooks.permits(action, application)) throw new AppException(ErrorCode.forbidden, 'Your role does not allow this');
    // The role that took the step, for the trail: the first of the actor's roles the machine allows alone.
    const role = actor.roles.find((candidate) => transition({ ...input, actorRoles: [candidate] }).ok) ?? null;

    if (action === 'return_for_correction' && !(application.correction_until && now.getTime() < application.correction_until.getTime())) {
      throw new AppException(ErrorCode.correctionClosed, application.correction_until ? 'The correction window (补正) of this call has closed' : 'This call does not allow corrections (补正) now');
    }
    if (action === 'decide' && !application.results_published_at) {
      // Before the province publishes the call's results, a decision is only recorded: the school sees
      // nothing (the row belongs to the province) and the application stays in expert review.
      await recordDecisions(sql, this.audit, {
        provinceId: application.call_org_id,
        callId: application.call_id,
        actor: { userId: actor.userId, role: role ?? undefined, ip: actor.ip },
        items: [{ applicationId: application.id, decision: request.decision as Decision, note: request.comment?.trim() ?? '' }],
      });
      const frozenHash = application.content_hash && application.content_hash_alg ? formatContentHash(application.content_hash_alg, application.content_hash) : null;
      return { id: application.id, state: application.state, contentHash: frozenHash, receiptNo: application.receipt_no };
    }

    const opinion = request.opinion?.trim();
    if ((action === 'sign' || action === 'approve') && !opinion) {
      throw new AppException(ErrorCode.validationFailed, action === 'sign' ? 'Write the school’s opinion (单位意见) to sign' : 'Write the supervising unit’s opinion (单位意见) to approve');
    }

    // The content hash: frozen when submitted for signature; from then on re-computed and compared
    // wherever the actor may read the content (a province returning unsubmitted work may not, and binds nothing).
    const algorithm: ContentHashAlgorithm = application.content_hash_alg ?? this.algorithm;
    const current = content ? contentHash(content.hashInput, algorithm) : undefined;
    let frozen = application.content_hash;
    if (action === 'submit_for_signature') {
      if (!current) throw new Error('the contact must be able to read the content');
      frozen = current;
    } else if (frozen && current && !frozen.equals(current)) {
      throw new AppException(ErrorCode.contentChanged, 'The content changed after it was submitted for signature; return it to draft');
    }
    const boundHash = frozen ?? current;
    const bound = boundHash ? formatContentHash(algorithm, boundHash) : '';
    if (request.expectedContentHash !== undefined && request.expectedContentHash !== bound) {
      throw new AppException(ErrorCode.contentChanged, 'The application is not at the content hash you read; reload it');
    }
    if ((action === 'sign' || action === 'approve') && !boundHash) throw new Error(`${action} without a content hash`);

    const next = decided.next;
    let signatureId: string | undefined;
    let receiptNo = application.receipt_no;
    let voided: string[] = [];
    const comment = request.comment?.trim() ?? '';

    if (action === 'sign' || action === 'approve') {
      const row = await sql.one<{ id: string }>(
        `INSERT INTO signature (org_id, application_id, kind, signer_id, signer_role, signer_org_id, opinion, content_hash, content_hash_alg)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [application.org_id, application.id, action === 'sign' ? 'legal_rep' : 'supervisor', actor.userId, role, actor.orgId, opinion, boundHash, algorithm],
      );
      if (!row) throw new Error('signature insert returned nothing');
      signatureId = row.id;
    }
    if (decided.voidsSignatures) {
      const rows = await sql.rows<{ id: string }>(
        `UPDATE signature SET voided_at = now(), void_reason = $3, voided_by = $4
          WHERE org_id = $1 AND application_id = $2 AND voided_at IS NULL RETURNING id`,
        [application.org_id, application.id, comment, actor.userId],
      );
      voided = rows.map((r) => r.id).sort();
    }
    if (decided.needsReceipt) {
      const seq = await sql.one<{ n: number }>(`SELECT dahe_next_receipt_seq($1) AS n`, [application.call_year]);
      if (!seq) throw new Error('no receipt number');
      receiptNo = receiptNumber(application.call_year, seq.n);
    }
    // Back in an editable state the content will change: the old hash lives on in signatures and the trail.
    const keepHash = !isEditableState(next);
    await sql.exec(
      `UPDATE application SET state = $3, content_hash = $4, content_hash_alg = $5, receipt_no = $6,
              submitted_at = CASE WHEN $7 THEN now() ELSE submitted_at END, updated_at = now()
        WHERE org_id = $1 AND id = $2`,
      [application.org_id, application.id, next, keepHash ? boundHash ?? null : null, keepHash && boundHash ? algorithm : null, receiptNo, decided.needsReceipt],
    );

    const base = { from: application.state, to: next, contentHash: bound };
    const data = (() => {
      switch (action) {
        case 'sign':
          return { ...base, signatureId };
        case 'approve':
          return { ...base, signatureId, receiptNo };
        case 'return':
        case 'return_for_correction':
          return { ...base, comment, voidedSignatures: voided };
        case 'decide':
          // The decision's note goes with it: the school reads it in its timeline once published.
          return { ...base, decision: next, ...(comment ? { comment } : {}) };
        default:
          return base;
      }
    })();
    await this.audit.append(sql, {
      orgId: application.org_id,
      chain: applicationChain(application.id),
      actor: { userId: actor.userId, role: role ?? undefined, ip: actor.ip },
      subject: { type: 'application', id: application.id },
      event: { action: EVENT_OF[action], data } as AuditEventInput,
    });
    if (action === 'decide') {
      await upsertDecision(sql, { provinceId: application.call_org_id, applicationId: application.id, callId: application.call_id, decision: next as Decision, note: comment, decidedBy: actor.userId, published: true });
    }
    await this.notifier?.enqueue(sql, { orgId: application.org_id, applicationId: application.id, callId: application.call_id, schoolParentId: application.school_parent_id, action, from: application.state, to: next, receiptNo, contentHash: bound, comment });
    return { id: application.id, state: next, contentHash: keepHash ? bound || null : null, receiptNo, ...(signatureId ? { signatureId } : {}) };
  }

  /** The content as this transaction sees it: for validation, and for the hash. */
  async loadContent(sql: Sql, application: { org_id: string; id: string; call_template: string; country_risk: Record<string, 'ok' | 'caution' | 'prohibited'> }) {
    const sections = await sql.rows<{ section_key: string; content: unknown }>(
      `SELECT section_key, content FROM application_section WHERE org_id = $1 AND application_id = $2`,
      [application.org_id, application.id],
    );
    const items = await sql.rows<{ id: string; category: string; title: string; is_agreement: boolean }>(
      `SELECT id, category, title, is_agreement FROM evidence_item WHERE org_id = $1 AND application_id = $2`,
      [application.org_id, application.id],
    );
    const files = await sql.rows<{ id: string; item_id: string; filename: string; media_type: string; size: string; sha256: Buffer; sm3: Buffer }>(
      `SELECT id, item_id, filename, media_type, size, sha256, sm3 FROM evidence_file WHERE org_id = $1 AND application_id = $2`,
      [application.org_id, application.id],
    );
    const bySection = Object.fromEntries(sections.map((row) => [row.section_key, row.content]));
    const evidence: HashedEvidenceItem[] = items.map((item) => ({
      id: item.id,
      category: item.category,
      title: item.title,
      isAgreement: item.is_agreement,
      files: files
        .filter((file) => file.item_id === item.id)
        .map((file) => ({ id: file.id, filename: file.filename, mediaType: file.media_type, size: Number(file.size), sha256: file.sha256.toString('hex'), sm3: file.sm3.toString('hex') })),
    }));
    const risk = application.country_risk ?? {};
    return {
      hashInput: { template: application.call_template, sections: bySection, evidence },
      validation: {
        sections: bySection as SectionsInput,
        evidence: items.map((item) => ({ category: item.category as Code, isAgreement: item.is_agreement })),
        countryRisk: (iso2: string) => risk[iso2],
      },
    };
  }
}

/** 回执编号: DH, the call's year, and a number that runs per year, e.g. `DH2024-0007`. */
export function receiptNumber(year: number, seq: number): string {
  return `DH${year}-${String(seq).padStart(4, '0')}`;
}

/** How the actor's active organisation stands to the application (the tree decides, not the client). */
export function relationOf(actor: Pick<SignoffActor, 'orgId' | 'orgKind'>, application: Pick<LockedApplication, 'org_id' | 'school_parent_id' | 'call_org_id'>): ActorRelation {
  if (actor.orgKind === 'school' && actor.orgId === application.org_id) return 'school_member';
  if (actor.orgKind === 'supervisor' && actor.orgId === application.school_parent_id) return 'supervisor_of_school';
  if (actor.orgKind === 'province' && actor.orgId === application.call_org_id) return 'province';
  return 'other';
}

/** The state machine's refusal as the API's error: the status says whose problem it is. */
export function refusalException(refusal: Refusal, notReadyDetails?: string[], reauthenticationProblem?: string): AppException {
  switch (refusal.code) {
    case 'unknown_action':
      return new AppException(ErrorCode.validationFailed, `Unknown action "${refusal.action}"`);
    case 'not_allowed_in_state':
      return new AppException(ErrorCode.conflict, `The application is ${refusal.state}; ${refusal.action} is not possible now`);
    case 'not_your_role':
      return new AppException(ErrorCode.forbidden, `Only ${refusal.allowedRoles.join(' or ')} may do this now`);
    case 'not_your_school':
      return new AppException(ErrorCode.forbidden, 'Your organisation does not take this step for this application');
    case 'not_ready':
      return new AppException(ErrorCode.notReady, 'The application is not ready to sign: see the validation report', notReadyDetails);
    case 'reauthentication_required':
      return new AppException(ErrorCode.reauthenticationFailed, reauthenticationProblem === 'totp_required' || reauthenticationProblem === 'totp_invalid' ? 'Enter the current code from your authenticator app' : 'Enter your password again to sign', reauthenticationProblem ? [reauthenticationProblem] : undefined);
    case 'comment_required':
      return new AppException(ErrorCode.validationFailed, 'Say why you return it (comment)');
    case 'decision_required':
      return new AppException(ErrorCode.validationFailed, 'decision must be approved or rejected');
    case 'deadline_passed':
      return new AppException(ErrorCode.deadlinePassed, 'The deadline has passed: nothing can be submitted any more', undefined, { effectiveDeadline: refusal.effectiveDeadline.toISOString() });
  }
}
