import { describe, expect, it } from '@jest/globals';
import { type AbilityContext, abilityFromRules, defineRulesFor } from '@dahe/shared/authz';
import { SUPPORTED_LANGS } from '../i18n/lang';
import { translate } from '../i18n/translate';
import { type CapabilityId, capabilitiesOf } from './capabilities';

/** As the web app gets them: rules serialised by the API, rebuilt in the browser. */
function idsFor(ctx: AbilityContext): CapabilityId[] {
  const ability = abilityFromRules(JSON.parse(JSON.stringify(defineRulesFor(ctx))));
  return capabilitiesOf(ability, { userId: ctx.userId, orgId: ctx.orgId }).map((c) => c.id);
}

const BASICS: CapabilityId[] = ['readOwnOrg', 'updateOwnAccount', 'readMembers'];

describe('capabilitiesOf', () => {
  it('gives every member the basics only', () => {
    expect(idsFor({ userId: 'u', orgId: 's', orgKind: 'school', roles: ['drafter'] })).toEqual(BASICS);
    expect(idsFor({ userId: 'u', orgId: 's', orgKind: 'school', roles: ['viewer'] })).toEqual(BASICS);
  });

  it('lets a school admin manage the school members', () => {
    expect(idsFor({ userId: 'u', orgId: 's', orgKind: 'school', roles: ['school_admin'] })).toEqual([
      ...BASICS,
      'manageMembers',
      'grantRoles',
      'readUsers',
    ]);
  });

  it('shows a supervising authority its schools, not the whole province', () => {
    const ids = idsFor({ userId: 'u', orgId: 'sup', orgKind: 'supervisor', roles: ['supervisor_reviewer'] });
    expect(ids).toContain('readSubordinates');
    expect(ids).not.toContain('readAllOrganisations');
  });

  it('keeps the three province admin powers apart (三员分立)', () => {
    const sys = idsFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['province_admin'] });
    const sec = idsFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['security_admin'] });
    const aud = idsFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['auditor'] });
    expect(sys).toEqual(expect.arrayContaining(['readAllOrganisations', 'manageOrganisations', 'importOrganisations', 'manageMembers']));
    expect(sys).not.toEqual(expect.arrayContaining(['unlockAccounts']));
    expect(sys).not.toContain('readAuditEvents');
    expect(sec).toEqual(expect.arrayContaining(['grantRoles', 'unlockAccounts']));
    expect(sec).not.toContain('importOrganisations');
    expect(aud).toContain('readAuditEvents');
    expect(aud).not.toContain('grantRoles');
    expect(aud).not.toContain('readSubordinates');
  });

  it('has nothing for someone without rules (signed out)', () => {
    expect(capabilitiesOf(abilityFromRules([]), { userId: 'u', orgId: 'o' })).toEqual([]);
  });

  it.each(SUPPORTED_LANGS)('has a translated title and description for each capability in %s', (lang) => {
    // `manage all` has every capability except "your schools", which the whole province supersedes.
    const all = [
      ...capabilitiesOf(abilityFromRules([{ action: 'manage', subject: 'all' }]), { userId: 'u', orgId: 'o' }),
      ...capabilitiesOf(abilityFromRules(defineRulesFor({ userId: 'u', orgId: 'o', orgKind: 'supervisor', roles: [] })), {
        userId: 'u',
        orgId: 'o',
      }),
    ];
    expect(new Set(all.map((c) => c.id)).size).toBe(12);
    for (const { title, description } of all) {
      expect(translate(lang, title)).not.toMatch(/^cap\./);
      expect(translate(lang, description)).not.toMatch(/^cap\./);
    }
  });
});
