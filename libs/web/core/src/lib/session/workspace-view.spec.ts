import { describe, expect, it } from '@jest/globals';
import { abilityFromRules, defineRulesFor } from '@dahe/shared/authz';
import type { MeResponse } from '@dahe/shared/contracts';
import { toWorkspaceView } from './workspace-view';

const school = { id: 'org-s', name: '河南工业职业技术学院', kind: 'school', schoolType: 'higher_vocational' } as const;
const me = (overrides: Partial<MeResponse> = {}): MeResponse => ({
  user: { id: 'u-1', username: 's1.admin', displayName: '王老师', totpEnabled: false },
  activeOrganisation: school,
  roles: ['school_admin', 'contact'],
  memberships: [{ organisation: school, roles: ['school_admin', 'contact'] }],
  rules: [],
  mustEnrolTotp: false,
  sessionExpiresAt: '2025-03-01T12:00:00.000Z',
  ...overrides,
});

describe('toWorkspaceView', () => {
  it('labels the organisation, its school type and each role', () => {
    const view = toWorkspaceView(me(), abilityFromRules([]));
    expect(view.organisation).toEqual({
      name: '河南工业职业技术学院',
      kind: 'orgKind.school',
      kindCode: 'school',
      schoolType: 'schoolType.higher_vocational',
    });
    expect(view.roles).toEqual([
      { code: 'school_admin', label: 'role.school_admin', description: 'role.school_admin.desc' },
      { code: 'contact', label: 'role.contact', description: 'role.contact.desc' },
    ]);
  });

  it('shows a role unknown to this build by its code', () => {
    const view = toWorkspaceView(me({ roles: ['chief_dreamer' as never] }), abilityFromRules([]));
    expect(view.roles).toEqual([{ code: 'chief_dreamer', label: undefined, description: undefined }]);
  });

  it('derives what the person may do from the rules', () => {
    const rules = defineRulesFor({ userId: 'u-1', orgId: 'org-s', orgKind: 'school', roles: ['school_admin'] });
    const view = toWorkspaceView(me(), abilityFromRules(JSON.parse(JSON.stringify(rules))));
    expect(view.capabilities.map((c) => c.id)).toContain('manageMembers');
  });

  it('has no school type for a province or supervisor, and falls back to the username', () => {
    const view = toWorkspaceView(
      me({ activeOrganisation: { id: 'p', name: '河南省教育厅', kind: 'province' }, user: { id: 'u', username: 'prov', displayName: '', totpEnabled: true } }),
      abilityFromRules([]),
    );
    expect(view.organisation.schoolType).toBeUndefined();
    expect(view.organisation.kind).toBe('orgKind.province');
    expect(view.displayName).toBe('prov');
  });
});
