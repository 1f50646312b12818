import type { OrganisationKind, SchoolType } from './organisation';
import type { Role } from './roles';

export const AuthRoutes = {
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  password: '/api/auth/password',
  me: '/api/me',
  activeOrg: '/api/me/active-org',
} as const;

/** Cookie names. The session cookie is httpOnly; the CSRF cookie is readable so the app can echo it. */
export const SESSION_COOKIE = 'dahe_session';
export const CSRF_COOKIE = 'dahe_csrf';
/** Unsafe requests authenticated by the session cookie must repeat the CSRF cookie in this header. */
export const CSRF_HEADER = 'x-csrf-token';

export interface LoginRequest {
  /** Username or e-mail. */
  username: string;
  password: string;
  /** Six-digit TOTP code, or a recovery code, when the account has a second factor. */
  totp?: string;
}

export interface LoginResponse {
  accessToken: string;
  /** Absolute expiry of the session, ISO 8601 UTC. */
  expiresAt: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface OrganisationSummary {
  id: string;
  name: string;
  kind: OrganisationKind;
  schoolType?: SchoolType;
  parentId?: string;
}

export interface MembershipSummary {
  organisation: OrganisationSummary;
  roles: Role[];
}

/** A CASL rule as the API serialises it (`ability.rules`). */
export interface AbilityRule {
  action: string | string[];
  subject: string | string[];
  conditions?: Record<string, unknown>;
  fields?: string | string[];
  inverted?: boolean;
}

export interface MeResponse {
  user: { id: string; username: string; displayName: string; email?: string; totpEnabled: boolean };
  activeOrganisation: OrganisationSummary;
  roles: Role[];
  memberships: MembershipSummary[];
  rules: AbilityRule[];
  /** The user must enrol a second factor before doing anything else. */
  mustEnrolTotp: boolean;
  sessionExpiresAt: string;
}

export interface SetActiveOrgRequest {
  organisationId: string;
}
