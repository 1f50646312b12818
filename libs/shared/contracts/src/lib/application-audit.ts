/**
 * `GET /api/applications/:id/audit`: the application's own chain, oldest first. People appear by id; their
 * names are resolved when read (the events themselves hold no personal data).
 */
export interface ApplicationAuditEventDto {
  seq: number;
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  /** The actor's display name now, or null (no actor, or the account is gone). */
  actorName: string | null;
  actorRole: string | null;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  alg: 'sm3' | 'sha256';
  /** Hex. */
  prevHash: string;
  /** Hex. */
  hash: string;
}

export interface ApplicationAuditDto {
  applicationId: string;
  events: ApplicationAuditEventDto[];
}

/** `GET /api/applications/:id/audit/verify`: the chain recomputed now; `brokenAt` is the first event that fails. */
export interface AuditVerificationDto {
  ok: boolean;
  events: number;
  brokenAt?: { seq: number; id: string; reason: string };
}
