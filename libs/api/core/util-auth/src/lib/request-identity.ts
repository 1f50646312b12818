import type { AppAbility } from '@dahe/shared/authz';
import type { OrganisationKind, Role, SchoolType } from '@dahe/shared/contracts';

/** Who made the request, as the authentication guard established it. */
export interface RequestIdentity {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  email?: string;
  totpEnabled: boolean;
  /** The active organisation, with its path in the tree (for row-level security). */
  org: { id: string; name: string; kind: OrganisationKind; path: string; schoolType?: SchoolType; parentId?: string };
  roles: Role[];
  ability: AppAbility;
  /** How the session token came: the web app's cookie (CSRF applies) or an API client's bearer token. */
  via: 'cookie' | 'bearer';
  mustEnrolTotp: boolean;
  expiresAt: Date;
}

export interface AuthenticatedRequest {
  identity?: RequestIdentity;
  ip?: string;
}
