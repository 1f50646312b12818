/** Country risk as the call's list marks it (危地不往、乱地不去). */
export type CountryRiskLevel = 'ok' | 'caution' | 'prohibited';

export type CallStatus = 'draft' | 'open' | 'closed';

export interface CallContact {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

export interface CallDto {
  id: string;
  orgId: string;
  title: string;
  year: number;
  template: 'dahe-2024';
  /** ISO 8601 UTC; shown in Asia/Shanghai. */
  opensAt: string;
  deadline: string;
  perSchoolLimit: number;
  contact: CallContact;
  countryRisk: Record<string, CountryRiskLevel>;
  status: CallStatus;
}

export interface CreateCallRequest {
  title: string;
  year: number;
  template: 'dahe-2024';
  opensAt: string;
  deadline: string;
  perSchoolLimit?: number;
  contact?: CallContact;
  countryRisk?: Record<string, CountryRiskLevel>;
}

export interface SectionState {
  content: unknown;
  /** 0 until the first save. */
  version: number;
  updatedBy?: string;
  updatedAt?: string;
}

export interface ApplicationSummaryDto {
  id: string;
  callId: string;
  orgId: string;
  organisationName: string;
  state: string;
  updatedAt: string;
}

export interface ApplicationDto {
  id: string;
  callId: string;
  orgId: string;
  /** The school's name (申报学校), as whoever reads the application may see it. */
  organisationName?: string;
  state: string;
  /** `<alg>:<hex>`, set when the content is frozen for signature (sign-off, issue 5); null in a draft. */
  contentHash: string | null;
  /** 回执编号, once the province has received it. */
  receiptNo?: string | null;
  sections: Record<string, SectionState>;
}

export interface SaveSectionRequest {
  content: unknown;
  /** The version the edit was based on (0 for a first save). Or send `If-Match: "<version>"`. */
  version?: number;
}

export interface SaveSectionResponse {
  version: number;
}

/** The body of a 409/412 stale save: what is there now, so the editor can show both texts. */
export interface StaleSectionBody {
  statusCode: 409 | 412;
  code: 'conflict' | 'precondition_failed';
  message: string;
  current: SectionState;
}

export interface SectionVersionDto {
  version: number;
  content: unknown;
  author: string;
  authorName: string;
  savedAt: string;
}

export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];
/** 20 MB a file, 200 MB an application. */
export const EVIDENCE_FILE_LIMIT = 20 * 1024 * 1024;
export const EVIDENCE_APPLICATION_LIMIT = 200 * 1024 * 1024;

export interface EvidenceFileDto {
  id: string;
  filename: string;
  mediaType: EvidenceMediaType;
  size: number;
  sha256: string;
  sm3: string;
}

export interface EvidenceItemDto {
  id: string;
  category: string;
  title: string;
  isAgreement: boolean;
  createdAt: string;
  files: EvidenceFileDto[];
}

export interface SectionCommentDto {
  id: string;
  threadId: string | null;
  author: string;
  authorName: string;
  body: string;
  mentions: string[];
  resolvedAt?: string;
  createdAt: string;
}

export interface CreateCommentRequest {
  body: string;
  /** The first comment of the thread this one answers. */
  replyTo?: string;
  /** User ids of school members to notify. */
  mentions?: string[];
}

/** Section key → the drafters assigned to it (user ids). */
export type SectionAssignments = Record<string, { userId: string; displayName: string }[]>;

export interface SetAssigneesRequest {
  userIds: string[];
}

/** Others with the section open in an editor in the last 30 seconds. */
export interface SectionPresenceDto {
  editors: { userId: string; displayName: string; since: string }[];
}
