import type { MeResponse } from '@dahe/shared/contracts';
import type { AppAbility } from '@dahe/shared/authz';
import type { TranslationKey } from '../i18n/zh-CN';
import { type Capability, capabilitiesOf } from './capabilities';
import { ORG_KIND_LABELS, ROLE_DESCRIPTIONS, SCHOOL_TYPE_LABELS, roleLabel } from './labels';

export interface RoleView {
  readonly code: string;
  /** Undefined for a role this build does not know: the page shows its code. */
  readonly label?: TranslationKey;
  readonly description?: TranslationKey;
}

export interface WorkspaceView {
  readonly displayName: string;
  readonly username: string;
  readonly email?: string;
  readonly totpEnabled: boolean;
  readonly mustEnrolTotp: boolean;
  readonly organisation: {
    readonly name: string;
    readonly kind: TranslationKey;
    readonly kindCode: string;
    readonly schoolType?: TranslationKey;
  };
  readonly membershipCount: number;
  readonly roles: readonly RoleView[];
  readonly capabilities: readonly Capability[];
  /** ISO 8601; the component formats it in Beijing time for the current language. */
  readonly sessionExpiresAt: string;
}

/** Pure: the session and its ability → what the workspace shows. */
export function toWorkspaceView(me: MeResponse, ability: AppAbility): WorkspaceView {
  const org = me.activeOrganisation;
  return {
    displayName: me.user.displayName || me.user.username,
    username: me.user.username,
    email: me.user.email || undefined,
    totpEnabled: me.user.totpEnabled,
    mustEnrolTotp: me.mustEnrolTotp,
    organisation: {
      name: org.name,
      kind: ORG_KIND_LABELS[org.kind],
      kindCode: org.kind,
      schoolType: org.kind === 'school' && org.schoolType ? SCHOOL_TYPE_LABELS[org.schoolType] : undefined,
    },
    membershipCount: me.memberships.length,
    roles: me.roles.map((code) => {
      const label = roleLabel(code);
      return { code, label, description: label ? ROLE_DESCRIPTIONS[code] : undefined };
    }),
    capabilities: capabilitiesOf(ability, { userId: me.user.id, orgId: org.id }),
    sessionExpiresAt: me.sessionExpiresAt,
  };
}
