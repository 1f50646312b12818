import { HttpClient, type HttpContext, type HttpEvent } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateInvitationRequest,
  CreateOrganisationRequest,
  CreatedInvitationDto,
  ImportReport,
  InvitationDto,
  InvitationPreviewDto,
  MemberDto,
  OrganisationDto,
  UpdateMemberRequest,
} from '@dahe/shared/contracts';
import type { Observable } from 'rxjs';

/** The organisation, membership, invitation and security routes of the API. */
export const IdentityRoutes = {
  organisations: '/api/organisations',
  organisationsImport: '/api/organisations/import',
  members: (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/members`,
  member: (orgId: string, userId: string) => `/api/organisations/${encodeURIComponent(orgId)}/members/${encodeURIComponent(userId)}`,
  invitations: (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/invitations`,
  invitation: (orgId: string, id: string) => `/api/organisations/${encodeURIComponent(orgId)}/invitations/${encodeURIComponent(id)}`,
  invitationByToken: (token: string) => `/api/invitations/${encodeURIComponent(token)}`,
  acceptInvitation: (token: string) => `/api/invitations/${encodeURIComponent(token)}/accept`,
  lockedAccounts: '/api/security/locked-accounts',
  unlock: (userId: string) => `/api/security/users/${encodeURIComponent(userId)}/unlock`,
  totpSetup: '/api/auth/totp/setup',
  totpEnable: '/api/auth/totp/enable',
} as const;

/** An account locked after too many failed sign-ins, as the security admin's list shows it. */
export interface LockedAccountDto {
  userId: string;
  username: string;
  displayName: string;
  organisation: string;
  lockedUntil: string;
}

export interface TotpSetupDto {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

interface Options {
  readonly context?: HttpContext;
}

/**
 * Organisations, their members and invitations. Thin: each method is one request; errors reach the
 * caller (and the error interceptor, unless the caller's context says it shows them itself).
 */
@Injectable({ providedIn: 'root' })
export class OrganisationsApiService {
  private readonly http = inject(HttpClient);

  list(options: Options = {}): Observable<OrganisationDto[]> {
    return this.http.get<OrganisationDto[]>(IdentityRoutes.organisations, options);
  }

  create(request: CreateOrganisationRequest, options: Options = {}): Observable<OrganisationDto> {
    return this.http.post<OrganisationDto>(IdentityRoutes.organisations, request, options);
  }

  /** Uploads the sheet; the events carry the upload progress, then the report. */
  import(file: File, dryRun: boolean, options: Options = {}): Observable<HttpEvent<ImportReport>> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<ImportReport>(IdentityRoutes.organisationsImport, form, {
      ...options,
      params: { dryRun: String(dryRun) },
      reportProgress: true,
      observe: 'events',
    });
  }

  members(orgId: string, options: Options = {}): Observable<MemberDto[]> {
    return this.http.get<MemberDto[]>(IdentityRoutes.members(orgId), options);
  }

  updateMember(orgId: string, userId: string, request: UpdateMemberRequest, options: Options = {}): Observable<MemberDto[]> {
    return this.http.put<MemberDto[]>(IdentityRoutes.member(orgId, userId), request, options);
  }

  removeMember(orgId: string, userId: string, options: Options = {}): Observable<void> {
    return this.http.delete<void>(IdentityRoutes.member(orgId, userId), options);
  }

  invitations(orgId: string, options: Options = {}): Observable<InvitationDto[]> {
    return this.http.get<InvitationDto[]>(IdentityRoutes.invitations(orgId), options);
  }

  invite(orgId: string, request: CreateInvitationRequest, options: Options = {}): Observable<CreatedInvitationDto> {
    return this.http.post<CreatedInvitationDto>(IdentityRoutes.invitations(orgId), request, options);
  }

  revokeInvitation(orgId: string, invitationId: string, options: Options = {}): Observable<void> {
    return this.http.delete<void>(IdentityRoutes.invitation(orgId, invitationId), options);
  }

  /** Public: what an invitation link is for. */
  previewInvitation(token: string, options: Options = {}): Observable<InvitationPreviewDto> {
    return this.http.get<InvitationPreviewDto>(IdentityRoutes.invitationByToken(token), options);
  }
}

/** The security admin's lock-outs, and one's own second factor. */
@Injectable({ providedIn: 'root' })
export class SecurityApiService {
  private readonly http = inject(HttpClient);

  lockedAccounts(options: Options = {}): Observable<LockedAccountDto[]> {
    return this.http.get<LockedAccountDto[]>(IdentityRoutes.lockedAccounts, options);
  }

  unlock(userId: string, options: Options = {}): Observable<void> {
    return this.http.post<void>(IdentityRoutes.unlock(userId), null, options);
  }

  setupTotp(options: Options = {}): Observable<TotpSetupDto> {
    return this.http.post<TotpSetupDto>(IdentityRoutes.totpSetup, null, options);
  }

  enableTotp(code: string, options: Options = {}): Observable<{ recoveryCodes: string[] }> {
    return this.http.post<{ recoveryCodes: string[] }>(IdentityRoutes.totpEnable, { code }, options);
  }
}
