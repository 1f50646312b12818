import { describe, expect, it } from '@jest/globals';
import { type AbilityContext, abilityFromRules, defineRulesFor } from '@dahe/shared/authz';
import { SUPPORTED_LANGS } from '../i18n/lang';
import { translate } from '../i18n/translate';
import { TOTP_ENROLMENT_URL, enrolmentRedirect, navItemsOf } from './navigation';

function navFor(ctx: AbilityContext, mustEnrol = false): string[] {
  const ability = abilityFromRules(JSON.parse(JSON.stringify(defineRulesFor(ctx))));
  return navItemsOf(ability, { userId: ctx.userId, orgId: ctx.orgId }, mustEnrol).map((item) => item.id);
}

describe('navItemsOf', () => {
  it('shows school members the workspace and the members', () => {
    expect(navFor({ userId: 'u', orgId: 's', orgKind: 'school', roles: ['drafter'] })).toEqual(['workspace', 'calls', 'members']);
    expect(navFor({ userId: 'u', orgId: 's', orgKind: 'school', roles: ['school_admin'] })).toEqual(['workspace', 'calls', 'todo', 'members', 'outbox']);
  });

  it('shows the to-do page to whoever moves applications on, and to no one else', () => {
    for (const roles of [['contact'], ['legal_rep']] as const) {
      expect(navFor({ userId: 'u', orgId: 's', orgKind: 'school', roles: [...roles] })).toContain('todo');
    }
    expect(navFor({ userId: 'u', orgId: 'sup', orgKind: 'supervisor', roles: ['supervisor_reviewer'] })).toContain('todo');
    expect(navFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['province_officer'] })).toContain('todo');
    for (const [orgKind, role] of [['school', 'viewer'], ['school', 'drafter'], ['supervisor', 'supervisor_admin'], ['province', 'province_admin'], ['province', 'auditor'], ['province', 'expert']] as const) {
      expect(navFor({ userId: 'u', orgId: 'o', orgKind, roles: [role] })).not.toContain('todo');
    }
  });

  it('adds the organisations for supervising units and the province', () => {
    expect(navFor({ userId: 'u', orgId: 'sup', orgKind: 'supervisor', roles: ['supervisor_reviewer'] })).toEqual(['workspace', 'calls', 'todo', 'members', 'organisations']);
    expect(navFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['province_admin'] })).toEqual(['workspace', 'calls', 'members', 'organisations', 'outbox']);
  });

  it('gives the province officer the dashboard, intake and review set-up, and an expert only their reviews', () => {
    expect(navFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['province_officer'] })).toEqual(['workspace', 'calls', 'todo', 'dashboard', 'intake', 'review', 'members', 'organisations']);
    expect(navFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['expert'] })).toEqual(['workspace', 'calls', 'reviews', 'members', 'organisations']);
    for (const [orgKind, role] of [['school', 'school_admin'], ['supervisor', 'supervisor_reviewer'], ['province', 'province_admin'], ['province', 'auditor']] as const) {
      const items = navFor({ userId: 'u', orgId: 'o', orgKind, roles: [role] });
      for (const id of ['dashboard', 'intake', 'review', 'reviews'] as const) expect(items).not.toContain(id);
    }
  });

  it('shows the notification outbox to the school admin and the province admin only', () => {
    for (const [orgKind, role] of [['school', 'contact'], ['school', 'legal_rep'], ['supervisor', 'supervisor_admin'], ['supervisor', 'supervisor_reviewer'], ['province', 'province_officer'], ['province', 'security_admin'], ['province', 'auditor']] as const) {
      expect(navFor({ userId: 'u', orgId: 'o', orgKind, roles: [role] })).not.toContain('outbox');
    }
  });

  it('adds the lock-outs for the security admin only', () => {
    expect(navFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['security_admin'] })).toEqual([
      'workspace',
      'calls',
      'members',
      'organisations',
      'security',
    ]);
    expect(navFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['auditor'] })).not.toContain('security');
  });

  it('shows nothing while a second factor must be enrolled', () => {
    expect(navFor({ userId: 'u', orgId: 'p', orgKind: 'province', roles: ['security_admin'] }, true)).toEqual([]);
  });

  it.each(SUPPORTED_LANGS)('labels every item in %s', (lang) => {
    const ability = abilityFromRules([{ action: 'manage', subject: 'all' }]);
    const items = navItemsOf(ability, { userId: 'u', orgId: 'o' });
    expect(items).toHaveLength(11);
    for (const item of items) expect(translate(lang, item.label)).not.toMatch(/^nav\./);
  });
});

describe('enrolmentRedirect', () => {
  it('lets everyone through when no enrolment is due', () => {
    expect(enrolmentRedirect(false, '/organisation/members')).toBeUndefined();
  });

  it('sends every other page to the enrolment while it is due', () => {
    for (const url of ['/workspace', '/organisations', '/organisation/members?org=x', '/security', '/account']) {
      expect(enrolmentRedirect(true, url)).toBe(TOTP_ENROLMENT_URL);
    }
  });

  it('leaves the enrolment page and the password change open', () => {
    expect(enrolmentRedirect(true, '/account/security')).toBeUndefined();
    expect(enrolmentRedirect(true, '/account/security/')).toBeUndefined();
    expect(enrolmentRedirect(true, '/account/password?x=1')).toBeUndefined();
  });
});
