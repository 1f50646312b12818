/** The deployment's own chain, for events that belong to no organisation (an unknown username). */
export const SYSTEM_ORG_ID = '00000000-0000-0000-0000-000000000000';

/** Each organisation's chain of membership, role and security events. */
export const ORG_CHAIN = 'org';

export type HashAlgorithm = 'sm3' | 'sha256';

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
  | { action: 'membership.removed'; data: { roles: string[] } };

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
