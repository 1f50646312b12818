import { type AppAbility, subject } from '@dahe/shared/authz';
import {
  type InvitationStatus,
  type MemberDto,
  type MembershipStatus,
  type OrganisationKind,
  ROLES_OF_KIND,
  type Role,
  roleSetViolation,
} from '@dahe/shared/contracts';
import type { TranslationKey } from '../i18n/zh-CN';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../session/labels';

/** An id no record has: "may they do it to someone (anyone) else?" */
const SOMEONE_ELSE = '\u0000someone-else';

/** May the person grant (or withdraw) `role`? Asked per role, as the API does. */
export type MayGrant = (role: Role) => boolean;

/** Pure: the grant question for one member (or, without `userId`, for a newcomer) of `orgId`. */
export function mayGrantIn(ability: AppAbility, orgId: string, userId: string = SOMEONE_ELSE): MayGrant {
  return (role) => ability.can('grant', subject('Membership', { orgId, userId, role }));
}

/** One checkbox of the edit dialog. */
export interface RoleOption {
  readonly role: Role;
  readonly label: TranslationKey;
  readonly description: TranslationKey;
  /** The person may not grant or withdraw it: the box keeps the member's current state. */
  readonly locked: boolean;
}

/**
 * Pure: the roles an organisation of `kind` can hold (ROLES_OF_KIND), each marked locked when the
 * person may not grant or withdraw it (e.g. a system admin and the security/audit roles, a security
 * admin and the security role).
 */
export function roleOptionsFor(kind: OrganisationKind, mayGrant: MayGrant): RoleOption[] {
  return ROLES_OF_KIND[kind].map((role) => ({
    role,
    label: ROLE_LABELS[role],
    description: ROLE_DESCRIPTIONS[role],
    locked: !mayGrant(role),
  }));
}

/** Pure: the roles someone may be invited to in an organisation of `kind`. */
export function invitableRoles(kind: OrganisationKind, mayGrant: MayGrant): Role[] {
  return ROLES_OF_KIND[kind].filter((role) => mayGrant(role));
}

/**
 * Pure: the roles to send after the person ticked `wanted`: locked roles keep what the member has
 * (the box could not be changed), so a save never touches a role the person may not grant.
 */
export function rolesToSave(kind: OrganisationKind, current: readonly Role[], wanted: readonly Role[], mayGrant: MayGrant): Role[] {
  return ROLES_OF_KIND[kind].filter((role) => (mayGrant(role) ? wanted.includes(role) : current.includes(role)));
}

/** Pure: why a set of roles cannot be saved, before asking the server; undefined when it can. */
export function roleSelectionProblem(kind: OrganisationKind, roles: readonly Role[]): TranslationKey | undefined {
  if (roles.length === 0) return 'members.edit.error.noRole';
  const violation = roleSetViolation(kind, roles);
  if (violation === 'wrong_kind') return 'members.edit.error.wrongKind';
  if (violation === 'separation_of_duties') return 'error.separationOfDuties';
  return undefined;
}

/** What the person may do to one member; nobody changes their own membership. */
export interface MemberActions {
  readonly self: boolean;
  readonly edit: boolean;
  readonly remove: boolean;
}

/** Pure: the actions a row of the members table offers. */
export function memberActions(ability: AppAbility, orgId: string, myUserId: string | undefined, member: Pick<MemberDto, 'userId'>): MemberActions {
  const record = subject('Membership', { orgId, userId: member.userId });
  return {
    self: member.userId === myUserId,
    edit: ability.can('update', record),
    remove: ability.can('delete', record),
  };
}

/** Pure: what the members page offers in `orgId`: the list, inviting, and whether any row can change. */
export function membersPageAbilities(ability: AppAbility, orgId: string): { read: boolean; invite: boolean; manage: boolean } {
  const anyone = subject('Membership', { orgId, userId: SOMEONE_ELSE });
  return {
    read: ability.can('read', anyone),
    invite: ability.can('invite', anyone),
    manage: ability.can('update', anyone) || ability.can('delete', anyone),
  };
}

export const MEMBER_STATUS_LABELS: Readonly<Record<MembershipStatus, TranslationKey>> = {
  active: 'members.status.active',
  suspended: 'members.status.suspended',
};

export const INVITATION_STATUS_LABELS: Readonly<Record<InvitationStatus, TranslationKey>> = {
  pending: 'invitation.status.pending',
  accepted: 'invitation.status.accepted',
  expired: 'invitation.status.expired',
  revoked: 'invitation.status.revoked',
};

/** ng-zorro tag colours of the statuses. */
export const INVITATION_STATUS_COLORS: Readonly<Record<InvitationStatus, string>> = {
  pending: 'processing',
  accepted: 'success',
  expired: 'default',
  revoked: 'default',
};

/** Pure: members sorted for display: active before suspended, then by name (pinyin order). */
export function sortMembers(members: readonly MemberDto[]): MemberDto[] {
  const collator = new Intl.Collator('zh-CN');
  return [...members].sort(
    (a, b) =>
      Number(a.status === 'suspended') - Number(b.status === 'suspended') ||
      collator.compare(a.displayName || a.username, b.displayName || b.username),
  );
}
