/** The deployment's own chain, for events that belong to no organisation (an unknown username). */
export const SYSTEM_ORG_ID = '00000000-0000-0000-0000-000000000000';

/** Each organisation's chain of membership, role and security events. */
export const ORG_CHAIN = 'org';

export type HashAlgorithm = 'sm3' | 'sha256';

/** Each application's own chain: its sign-off, returns and decisions, in order. */
export function applicationChain(applicationId: string): string {
  return `application:${applicationId}`;
}

/** What every sign-off event records: the move, and the content hash (`<alg>:<hex>`) it was made on. */
interface TransitionData {
  from: string;
  to: string;
  contentHash: string;
}

/** What can happen, one short line each. Data never holds personal data: people are referred to by id. */
export type AuditEventInput =
  /** A person signed in. */
  | { action: 'auth.login'; data: { sessionId: string } }
  /** A sign-in failed: wrong password, unknown account or a wrong second factor. */
  | { action: 'auth.login_failed'; data: { reason: 'unknown_user' | 'bad_password' | 'bad_totp' | 'locked' | 'no_membership' } }
  /** Too many failures: the account is locked until the given time. */
  | { action: 'auth.account_locked'; data: { until: string } }
  /** A security admin lifted a lock. */
  | { action: 'auth.account_unlocked'; data: Record<string, never> }
  /** A person signed out. */
  | { action: 'auth.logout'; data: { sessionId: string } }
  /** A person changed their password; every session was revoked. */
  | { action: 'auth.password_changed'; data: { revokedSessions: number } }
  /** A person switched their active organisation. */
  | { action: 'auth.org_switched'; data: { from: string; to: string } }
  /** A second factor was turned on or off. */
  | { action: 'auth.totp_enabled' | 'auth.totp_disabled'; data: Record<string, never> }
  /** An organisation was created by hand or by an import. */
  | { action: 'organisation.created'; data: { kind: string; parentId: string; via: 'form' | 'import' } }
  /** A sheet of organisations was imported (all rows, or none). */
  | { action: 'organisation.imported'; data: { created: number; unchanged: number } }
  /** Someone was invited to an organisation with a role. */
  | { action: 'membership.invited'; data: { invitationId: string; role: string; expiresAt: string } }
  /** An invitation was withdrawn before use. */
  | { action: 'membership.invitation_revoked'; data: { invitationId: string } }
  /** An invitation was accepted: the person joined with its role. */
  | { action: 'membership.joined'; data: { invitationId: string; role: string } }
  /** Roles or status of a membership changed (a role grant or withdrawal). */
  | { action: 'membership.changed'; data: { added: string[]; removed: string[]; status: string } }
  /** A person was removed from an organisation. */
  | { action: 'membership.removed'; data: { roles: string[] } }
  /** The contact froze the content and sent it to the legal representative. */
  | { action: 'application.submitted_for_signature'; data: TransitionData }
  /** The legal representative signed the declaration and section 5 (单位意见) over the content hash. */
  | { action: 'application.signed'; data: TransitionData & { signatureId: string } }
  /** The supervising unit approved (opinion and seal); the province received it under a receipt number. */
  | { action: 'application.approved'; data: TransitionData & { signatureId: string; receiptNo: string } }
  /** Work returned to draft with comments; every signature so far was voided. */
  | { action: 'application.returned'; data: TransitionData & { comment: string; voidedSignatures: string[] } }
  /** The school withdrew it before submission. */
  | { action: 'application.withdrawn'; data: TransitionData }
  /** The province's formal check (形式审查) passed. */
  | { action: 'application.formal_check_passed'; data: TransitionData }
  /** The province returned it for correction (补正); every signature so far was voided. */
  | { action: 'application.returned_for_correction'; data: TransitionData & { comment: string; voidedSignatures: string[] } }
  /** Expert review started. */
  | { action: 'application.expert_review_started'; data: TransitionData }
  /** The province decided: 立项 (approved) or rejected. */
  | { action: 'application.decided'; data: TransitionData & { decision: 'approved' | 'rejected'; comment?: string } }
  /** The province extended one school's deadline for a call, with a reason. */
  | { action: 'call.deadline_extended'; data: { callId: string; schoolId: string; until: string; previousUntil: string | null; reason: string } }
  // Expert review: on the province's own chain, never the application's (the school must not learn of scores).
  /** An expert declared a conflict of interest with a school; their unsubmitted assignments there were removed. */
  | { action: 'review.conflict_declared'; data: { callId: string; schoolId: string; removedAssignments: string[] } }
  /** An expert submitted their scores of one application (locked from now on). */
  | { action: 'review.submitted'; data: { callId: string; applicationId: string; total: number } }
  /** The province recorded (or changed) decisions, not yet visible to the schools. */
  | { action: 'review.decisions_recorded'; data: { callId: string; decisions: { applicationId: string; decision: 'approved' | 'rejected' }[] } }
  /** The province published the recorded decisions of a call: each became its application's state. */
  | { action: 'review.results_published'; data: { callId: string; published: number } }
  /** The province exported a call's applications (a workbook; no contact names or mobiles, audited all the same). */
  | { action: 'call.exported'; data: { callId: string; format: 'xlsx'; rows: number; filters: Record<string, string | string[]>; jobId?: string } }
  /** The province downloaded the exported forms (申报书) of a filtered intake list: contact names and mobiles, personal data. */
  | { action: 'call.documents_exported'; data: { callId: string; formats: ('pdf' | 'docx')[]; applications: string[] } };

export interface AuditActor {
  userId?: string;
  role?: string;
  ip?: string;
}

export interface AuditAppend {
  orgId: string;
  chain?: string;
  actor: AuditActor;
  subject?: { type: string; id: string };
  event: AuditEventInput;
}

export interface StoredAuditEvent {
  orgId: string;
  chain: string;
  seq: number;
  id: string;
  occurredAt: string;
  action: string;
  actorUserId: string | null;
  actorRole: string | null;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
  alg: HashAlgorithm;
  prevHash: string;
  hash: string;
}
