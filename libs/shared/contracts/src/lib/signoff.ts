/** Sign-off in sequence (issue 5): the transition request, signatures and the timeline. */

/** `POST /api/applications/:id/transitions`. */
export interface TransitionRequest {
  action: string;
  /** `return`, `return_for_correction`: why (required, shown to the school). */
  comment?: string;
  /** `sign`: the school's 单位意见; `approve`: the supervising unit's. Required for both. */
  opinion?: string;
  /** `sign`: the signer's password, entered again. */
  password?: string;
  /** `sign`: the code from the authenticator app, where the signer has a second factor. */
  totp?: string;
  /** `decide`: `approved` (立项) or `rejected`. */
  decision?: 'approved' | 'rejected';
  /** Optional: the content hash the actor read; a different current hash is refused as `content_changed`. */
  contentHash?: string;
}

export interface TransitionResponse {
  id: string;
  state: string;
  /** `<alg>:<hex>`, e.g. `sm3:66c7…`; null while a draft has never been submitted for signature. */
  contentHash: string | null;
  /** 回执编号, once received by the province. */
  receiptNo: string | null;
  /** The signature this transition made (`sign`, `approve`). */
  signatureId?: string;
}

export type SignatureKind = 'legal_rep' | 'supervisor';

export interface SignatureDto {
  id: string;
  kind: SignatureKind;
  signerId: string;
  /** Resolved when read: the audit trail and the signature keep only ids. */
  signerName: string;
  signerRole: string;
  /** The organisation whose opinion (and seal) it is: the school, or the supervising unit. */
  organisationId: string;
  organisationName: string;
  /** 单位意见; absent for those who may see the state but not the text. */
  opinion?: string;
  contentHash: string;
  signedAt: string;
  /**
   * `valid`: not voided and the content still has the signed hash. `void`: voided by a return (see
   * `voidReason`). `content_changed`: never voided, yet the content no longer has the signed hash.
   */
  status: 'valid' | 'void' | 'content_changed';
  voidedAt?: string;
  voidReason?: string;
}

export interface TimelineEntryDto {
  seq: number;
  at: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  from?: string;
  to?: string;
  contentHash?: string;
  comment?: string;
  receiptNo?: string;
}

export interface TimelineDto {
  applicationId: string;
  state: string;
  contentHash: string | null;
  /** The hash of the content as it is now, computed on this request. */
  currentContentHash: string;
  receiptNo: string | null;
  events: TimelineEntryDto[];
  signatures: SignatureDto[];
  /** Whose move it is, or null in a final state. */
  waitingFor: { role: string; organisationKind: string; organisationId: string; organisationName: string } | null;
  /** The school's deadline: the call's, or the extension the province granted. */
  deadline: string;
  extendedUntil?: string;
  /** The call's window for 补正 (return for correction), when it has one: the province returns until then. */
  correctionUntil?: string;
  /** Received by the province before (then returned for correction): its supervising unit may approve it again until `correctionUntil` too. */
  receivedOnce?: boolean;
  /** Whether the audit chain of this application recomputes. */
  chain: { ok: boolean; events: number; brokenAt?: { seq: number; reason: string } };
}

/** `POST /api/calls/:id/extensions`: one school's deadline moved later, with a reason (audited). */
export interface DeadlineExtensionRequest {
  schoolId: string;
  /** ISO 8601 instant, later than the call's deadline. */
  until: string;
  reason: string;
}

export interface DeadlineExtensionDto {
  callId: string;
  schoolId: string;
  until: string;
  reason: string;
  grantedBy: string;
  grantedAt: string;
}
