import { describe, expect, it } from '@jest/globals';
import { type AbilityContext, abilityFromRules, defineRulesFor } from '@dahe/shared/authz';
import { ROLES_OF_KIND } from '@dahe/shared/contracts';
import { SUPPORTED_LANGS } from '../i18n/lang';
import { translate } from '../i18n/translate';
import {
  INVITATION_STATUS_LABELS,
  MEMBER_STATUS_LABELS,
  invitableRoles,
  mayGrantIn,
  memberActions,
  membersPageAbilities,
  roleOptionsFor,
  roleSelectionProblem,
  rolesToSave,
  sortMembers,
} from './member-roles';

/** As the web app gets it: rules serialised by the API, rebuilt in the browser. */
const abilityOf = (ctx: AbilityContext) => abilityFromRules(JSON.parse(JSON.stringify(defineRulesFor(ctx))));

const schoolAdmin = abilityOf({ userId: 'me', orgId: 's1', orgKind: 'school', roles: ['school_admin'] });
const provinceAdmin = abilityOf({ userId: 'me', orgId: 'p', orgKind: 'province', roles: ['province_admin'] });
const securityAdmin = abilityOf({ userId: 'me', orgId: 'p', orgKind: 'province', roles: ['security_admin'] });
const drafter = abilityOf({ userId: 'me', orgId: 's1', orgKind: 'school', roles: ['drafter'] });

const lockedRoles = (options: ReturnType<typeof roleOptionsFor>) => options.filter((option) => option.locked).map((option) => option.role);

describe('roleOptionsFor', () => {
  it('offers exactly the roles of the organisation kind, labelled', () => {
    for (const kind of ['province', 'supervisor', 'school'] as const) {
      const options = roleOptionsFor(kind, () => true);
      expect(options.map((option) => option.role)).toEqual(ROLES_OF_KIND[kind]);
      expect(options.every((option) => option.label === `role.${option.role}` && option.description === `role.${option.role}.desc`)).toBe(true);
    }
  });

  it('lets a school admin grant every school role to another member', () => {
    expect(lockedRoles(roleOptionsFor('school', mayGrantIn(schoolAdmin, 's1', 'u2')))).toEqual([]);
  });

  it('locks every role of the admin herself (nobody changes their own membership)', () => {
    expect(lockedRoles(roleOptionsFor('school', mayGrantIn(schoolAdmin, 's1', 'me')))).toEqual(ROLES_OF_KIND.school);
  });

  it('locks the three admin roles for the system admin, and the security role for the security admin', () => {
    expect(lockedRoles(roleOptionsFor('province', mayGrantIn(provinceAdmin, 'p', 'u2')))).toEqual(['province_admin', 'auditor', 'security_admin']);
    expect(lockedRoles(roleOptionsFor('province', mayGrantIn(securityAdmin, 'p', 'u2')))).toEqual(['security_admin']);
  });

  it('locks everything in another school for a school admin', () => {
    expect(lockedRoles(roleOptionsFor('school', mayGrantIn(schoolAdmin, 's2', 'u2')))).toEqual(ROLES_OF_KIND.school);
  });
});

describe('invitableRoles', () => {
  it('is what the person may grant to a newcomer', () => {
    expect(invitableRoles('school', mayGrantIn(schoolAdmin, 's1'))).toEqual(ROLES_OF_KIND.school);
    expect(invitableRoles('province', mayGrantIn(provinceAdmin, 'p'))).toEqual(['province_officer', 'expert']);
    expect(invitableRoles('school', mayGrantIn(provinceAdmin, 's1'))).toEqual(ROLES_OF_KIND.school);
    expect(invitableRoles('school', mayGrantIn(drafter, 's1'))).toEqual([]);
  });
});

describe('rolesToSave', () => {
  it('keeps the member\u2019s locked roles whatever was ticked, in the order of the kind', () => {
    const mayGrant = mayGrantIn(provinceAdmin, 'p', 'u2');
    // An auditor who is also an officer: the system admin may change "officer", not "auditor".
    expect(rolesToSave('province', ['auditor', 'province_officer'], ['expert'], mayGrant)).toEqual(['expert', 'auditor']);
    expect(rolesToSave('province', ['province_officer'], ['province_officer', 'security_admin'], mayGrant)).toEqual(['province_officer']);
  });

  it('takes the ticked roles when all may be granted', () => {
    expect(rolesToSave('school', ['viewer'], ['viewer', 'drafter'], () => true)).toEqual(['drafter', 'viewer']);
  });
});

describe('roleSelectionProblem', () => {
  it('wants at least one role', () => {
    expect(roleSelectionProblem('school', [])).toBe('members.edit.error.noRole');
  });

  it('refuses roles of another kind and two of the three admin roles (三员分立)', () => {
    expect(roleSelectionProblem('school', ['expert'])).toBe('members.edit.error.wrongKind');
    expect(roleSelectionProblem('province', ['auditor', 'security_admin'])).toBe('error.separationOfDuties');
    expect(roleSelectionProblem('province', ['auditor', 'province_officer'])).toBeUndefined();
  });
});

describe('memberActions and membersPageAbilities', () => {
  it('lets a school admin edit and remove others, not herself', () => {
    expect(memberActions(schoolAdmin, 's1', 'me', { userId: 'u2' })).toEqual({ self: false, edit: true, remove: true });
    expect(memberActions(schoolAdmin, 's1', 'me', { userId: 'me' })).toEqual({ self: true, edit: false, remove: false });
  });

  it('gives a drafter the list only, a system admin the list and invitations, a security admin changes but no invitations', () => {
    expect(membersPageAbilities(drafter, 's1')).toEqual({ read: true, invite: false, manage: false });
    expect(membersPageAbilities(provinceAdmin, 's1')).toEqual({ read: true, invite: true, manage: false });
    expect(membersPageAbilities(securityAdmin, 's1')).toEqual({ read: true, invite: false, manage: true });
    expect(memberActions(provinceAdmin, 'p', 'me', { userId: 'u2' })).toEqual({ self: false, edit: false, remove: false });
  });

  it('does not let a school admin read another school', () => {
    expect(membersPageAbilities(schoolAdmin, 's2')).toEqual({ read: false, invite: false, manage: false });
  });
});

describe('sortMembers', () => {
  it('puts active members first, each group in pinyin order (a member without a display name by username)', () => {
    const member = (userId: string, displayName: string, status: 'active' | 'suspended' = 'active', username = userId) => ({
      userId,
      username,
      displayName,
      roles: [],
      status,
    });
    const sorted = sortMembers([member('z', '张明'), member('w', '吴强', 'suspended'), member('h', '黄丽'), member('l', '', 'active', '林观')]);
    expect(sorted.map((m) => m.userId)).toEqual(['h', 'l', 'z', 'w']);
  });
});

describe('status labels', () => {
  it.each(SUPPORTED_LANGS)('are translated in %s', (lang) => {
    for (const key of [...Object.values(MEMBER_STATUS_LABELS), ...Object.values(INVITATION_STATUS_LABELS)]) {
      expect(translate(lang, key)).not.toBe(key);
    }
  });
});
