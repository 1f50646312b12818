import type { OrganisationKind, SchoolType } from './organisation';
import type { Role } from './roles';

export interface OrganisationDto {
  id: string;
  name: string;
  kind: OrganisationKind;
  parentId?: string;
  schoolType?: SchoolType;
  city?: string;
  creditCode?: string;
}

export interface CreateOrganisationRequest {
  kind: 'supervisor' | 'school';
  name: string;
  parentId: string;
  schoolType?: SchoolType;
  city?: string;
  creditCode?: string;
}

export type MembershipStatus = 'active' | 'suspended';

export interface MemberDto {
  userId: string;
  username: string;
  displayName: string;
  email?: string;
  /** Masked: 138****5678. */
  mobile?: string;
  roles: Role[];
  status: MembershipStatus;
  lockedUntil?: string;
}

export interface UpdateMemberRequest {
  roles: Role[];
  status: MembershipStatus;
}

export interface CreateInvitationRequest {
  email?: string;
  mobile?: string;
  displayName?: string;
  role: Role;
}

export interface InvitationDto {
  id: string;
  email?: string;
  mobile?: string;
  displayName?: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
  status: InvitationStatus;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

/** What the inviting admin gets once: the link itself is never stored, only its hash. */
export interface CreatedInvitationDto extends InvitationDto {
  /** `/invite/<token>`, relative to the site. */
  link: string;
}

/** What the invitee sees before accepting (public, by token). */
export interface InvitationPreviewDto {
  organisationName: string;
  role: Role;
  displayName?: string;
  email?: string;
  expiresAt: string;
  status: InvitationStatus;
}

export interface AcceptInvitationRequest {
  username: string;
  displayName: string;
  password: string;
}

/** One row of an organisations sheet, as validated. */
export interface ImportRowReport {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  name: string;
  outcome: 'create' | 'unchanged' | 'error';
  errors: string[];
  /** Invitation link for the school's admin, when one was created. */
  adminInvitationLink?: string;
}

export interface ImportReport {
  dryRun: boolean;
  imported: boolean;
  rows: ImportRowReport[];
  summary: { create: number; unchanged: number; error: number };
}

export const InvitationValidity = { hours: 72 } as const;
