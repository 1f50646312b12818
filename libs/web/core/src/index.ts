// i18n
export * from './lib/i18n/lang';
export type { Dictionary, TranslationKey } from './lib/i18n/zh-CN';
export { DICTIONARIES, interpolate, isTranslationKey, translate, type TranslationParams } from './lib/i18n/translate';
export { I18nService } from './lib/i18n/i18n.service';
export { TranslatePipe } from './lib/i18n/translate.pipe';

// time
export { SHANGHAI_TIME_ZONE, formatShanghai } from './lib/time/format-shanghai';

// http
export { describeHttpError, isApiErrorBody, type HttpErrorDescription } from './lib/http/http-error-message';
export { describeRequestError } from './lib/http/request-error';
export { HANDLE_SESSION_EXPIRY, NOTIFY_HTTP_ERRORS, quietContext } from './lib/http/http-context';
export { httpErrorInterceptor } from './lib/http/http-error.interceptor';
export { csrfInterceptor } from './lib/http/csrf.interceptor';
export { csrfTokenFor, isSameOriginApiUrl, readCookie } from './lib/http/csrf';
export { type DownloadedFile, apiErrorOfBlob, saveDownloadedFile } from './lib/http/download';

// session
export { SessionService, type SessionNotice } from './lib/session/session.service';
export { navItemGuard, signedInGuard, signedOutGuard } from './lib/session/session.guards';
export { type NavContext, type NavItem, type NavItemId, TOTP_ENROLMENT_URL, enrolmentRedirect, navItemsOf } from './lib/session/navigation';
export { CanPipe } from './lib/session/can.pipe';
export { HOME_URL, LOGIN_URL, isSessionExpiry, loginQueryParams, safeReturnUrl } from './lib/session/session-urls';
export { ORG_KIND_LABELS, ROLE_DESCRIPTIONS, ROLE_LABELS, SCHOOL_TYPE_LABELS, roleLabel } from './lib/session/labels';
export { type Capability, type CapabilityContext, type CapabilityId, capabilitiesOf } from './lib/session/capabilities';
export { type LoginErrorView, type LoginFailure, type LoginStep, describeLoginError } from './lib/session/login-error';
export {
  type HintState,
  type PasswordChangeErrorView,
  type PasswordHint,
  type PasswordHintInput,
  type Translatable,
  describePasswordChangeError,
  meetsPolicy,
  passwordHints,
} from './lib/session/password-hints';
export { type RoleView, type WorkspaceView, toWorkspaceView } from './lib/session/workspace-view';

// organisations, members, invitations
export { type OrgTreeNode, type OrgTreeRow, buildOrgTree, countOrgKinds, filterOrgTree, flattenOrgTree, parentsFor, subtreeOf } from './lib/organisations/org-tree';
export {
  INVITATION_STATUS_COLORS,
  INVITATION_STATUS_LABELS,
  MEMBER_STATUS_LABELS,
  type MayGrant,
  type MemberActions,
  type RoleOption,
  invitableRoles,
  mayGrantIn,
  memberActions,
  membersPageAbilities,
  roleOptionsFor,
  roleSelectionProblem,
  rolesToSave,
  sortMembers,
} from './lib/organisations/member-roles';
export {
  type AcceptErrorView,
  type InvitationStateView,
  type InviteChannel,
  USERNAME_PATTERN,
  acceptPasswordHints,
  describeAcceptError,
  describeInviteError,
  describeMemberChangeError,
  invitationStateView,
  invitationUrl,
  inviteContactProblem,
  suggestUsername,
} from './lib/organisations/invitation';
export {
  IMPORT_MAX_BYTES,
  IMPORT_OUTCOME_COLORS,
  IMPORT_OUTCOME_LABELS,
  IMPORT_TEMPLATE_URL,
  type ImportFailureView,
  type ImportSummaryView,
  type ImportedLink,
  describeImportFailure,
  formatFileSize,
  importFileProblem,
  importedLinks,
  importedLinksText,
  localiseServerText,
  summariseImport,
  uploadPercent,
} from './lib/organisations/import-report';

// account security
export {
  type RecoveryCodesFile,
  groupSecret,
  isTotpCode,
  normaliseTotpCode,
  recoveryCodesFileName,
  recoveryCodesText,
  svgDataUrl,
} from './lib/account/two-factor';

// data access
export { HealthApiService, type HealthRequestOptions } from './lib/health/health-api.service';
export {
  IdentityRoutes,
  type LockedAccountDto,
  OrganisationsApiService,
  SecurityApiService,
  type TotpSetupDto,
} from './lib/organisations/organisations-api.service';

// calls and applications (issue 4): each folder's index says what it offers
export * from './lib/calls/index';
export * from './lib/applications/index';
export * from './lib/collaboration/index';
export * from './lib/signoff/index';
export * from './lib/province/index';
export * from './lib/dashboard/index';
export * from './lib/review/index';
