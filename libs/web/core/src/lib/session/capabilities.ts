import { type AppAbility, subject } from '@dahe/shared/authz';
import type { TranslationKey } from '../i18n/zh-CN';

/** Something a person may do, as the workspace lists it. */
export interface Capability {
  readonly id: CapabilityId;
  readonly title: TranslationKey;
  readonly description: TranslationKey;
  /** An ng-zorro icon name (registered by the app). */
  readonly icon: string;
}

export type CapabilityId =
  | 'readOwnOrg'
  | 'updateOwnAccount'
  | 'readMembers'
  | 'manageMembers'
  | 'grantRoles'
  | 'readAllOrganisations'
  | 'readSubordinates'
  | 'manageOrganisations'
  | 'importOrganisations'
  | 'readUsers'
  | 'unlockAccounts'
  | 'readAuditEvents';

/** Who asks, in which organisation: the ids the rules' conditions compare with. */
export interface CapabilityContext {
  readonly userId: string;
  readonly orgId: string;
}

/** An id no record has: "may they do it to someone else's / another organisation's record?" */
const SOMEONE_ELSE = '\u0000someone-else';

interface CapabilityCheck {
  readonly id: CapabilityId;
  readonly icon: string;
  readonly test: (ability: AppAbility, ctx: CapabilityContext) => boolean;
}

/**
 * Each capability asks the ability a concrete question with a record, so conditional rules answer
 * truthfully (reading one's own organisation is not reading every organisation). Order = display order.
 */
const CHECKS: readonly CapabilityCheck[] = [
  { id: 'readOwnOrg', icon: 'bank', test: (a, c) => a.can('read', subject('Organisation', { id: c.orgId })) },
  { id: 'updateOwnAccount', icon: 'idcard', test: (a, c) => a.can('update', subject('User', { id: c.userId })) },
  { id: 'readMembers', icon: 'team', test: (a, c) => a.can('read', subject('Membership', { orgId: c.orgId, userId: SOMEONE_ELSE })) },
  { id: 'manageMembers', icon: 'user-add', test: (a, c) => a.can('invite', subject('Membership', { orgId: c.orgId, userId: SOMEONE_ELSE })) },
  { id: 'grantRoles', icon: 'solution', test: (a, c) => a.can('grant', subject('Membership', { orgId: c.orgId, userId: SOMEONE_ELSE })) },
  {
    id: 'readAllOrganisations',
    icon: 'cluster',
    test: (a) => a.can('read', subject('Organisation', { id: SOMEONE_ELSE, parentId: SOMEONE_ELSE })),
  },
  {
    id: 'readSubordinates',
    icon: 'apartment',
    test: (a, c) =>
      a.can('read', subject('Organisation', { id: SOMEONE_ELSE, parentId: c.orgId })) &&
      !a.can('read', subject('Organisation', { id: SOMEONE_ELSE, parentId: SOMEONE_ELSE })),
  },
  { id: 'manageOrganisations', icon: 'edit', test: (a) => a.can('create', 'Organisation') },
  { id: 'importOrganisations', icon: 'import', test: (a) => a.can('import', 'Organisation') },
  { id: 'readUsers', icon: 'user', test: (a) => a.can('read', subject('User', { id: SOMEONE_ELSE })) },
  { id: 'unlockAccounts', icon: 'unlock', test: (a) => a.can('unlock', subject('User', { id: SOMEONE_ELSE })) },
  { id: 'readAuditEvents', icon: 'audit', test: (a, c) => a.can('read', subject('AuditEvent', { orgId: c.orgId })) },
];

/** What the person may do in their active organisation, derived from their ability alone. */
export function capabilitiesOf(ability: AppAbility, ctx: CapabilityContext): Capability[] {
  return CHECKS.filter((check) => check.test(ability, ctx)).map(({ id, icon }) => ({
    id,
    icon,
    // Template-literal types: a capability without both dictionary entries does not compile.
    title: `cap.${id}` as const,
    description: `cap.${id}.desc` as const,
  }));
}
