import { describe, expect, it } from '@jest/globals';
import { type AbilityContext, abilityFromRules, defineAbilityFor, defineRulesFor, subject } from './abilities';

const school: AbilityContext = { userId: 'u-admin', orgId: 'school-a', orgKind: 'school', roles: ['school_admin'] };
const drafter: AbilityContext = { userId: 'u-drafter', orgId: 'school-a', orgKind: 'school', roles: ['drafter'] };
const provinceAdmin: AbilityContext = { userId: 'u-prov', orgId: 'prov', orgKind: 'province', roles: ['province_admin'] };
const securityAdmin: AbilityContext = { userId: 'u-sec', orgId: 'prov', orgKind: 'province', roles: ['security_admin'] };
const auditor: AbilityContext = { userId: 'u-aud', orgId: 'prov', orgKind: 'province', roles: ['auditor'] };

describe('abilities', () => {
  it('lets a school admin manage members of its own school and no other', () => {
    const ability = defineAbilityFor(school);
    expect(ability.can('invite', subject('Membership', { orgId: 'school-a', userId: 'x' }))).toBe(true);
    expect(ability.can('invite', subject('Membership', { orgId: 'school-b', userId: 'x' }))).toBe(false);
    expect(ability.can('read', subject('Organisation', { id: 'school-b' }))).toBe(false);
  });

  it('never lets anyone change their own membership', () => {
    for (const ctx of [school, provinceAdmin, securityAdmin]) {
      const ability = defineAbilityFor(ctx);
      expect(ability.can('grant', subject('Membership', { orgId: ctx.orgId, userId: ctx.userId, role: 'viewer' }))).toBe(false);
      expect(ability.can('delete', subject('Membership', { orgId: ctx.orgId, userId: ctx.userId }))).toBe(false);
    }
  });

  it('gives a drafter no member administration', () => {
    const ability = defineAbilityFor(drafter);
    expect(ability.can('invite', subject('Membership', { orgId: 'school-a', userId: 'x' }))).toBe(false);
    expect(ability.can('read', subject('Membership', { orgId: 'school-a', userId: 'x' }))).toBe(true);
  });

  it('keeps the three province admin powers apart (三员分立)', () => {
    const sys = defineAbilityFor(provinceAdmin);
    const sec = defineAbilityFor(securityAdmin);
    const aud = defineAbilityFor(auditor);
    expect(sys.can('import', 'Organisation')).toBe(true);
    expect(sec.can('import', 'Organisation')).toBe(false);
    expect(aud.can('import', 'Organisation')).toBe(false);
    expect(sys.can('grant', subject('Membership', { orgId: 'prov', userId: 'x', role: 'auditor' }))).toBe(false);
    expect(sys.can('grant', subject('Membership', { orgId: 'prov', userId: 'x', role: 'province_officer' }))).toBe(true);
    expect(sec.can('grant', subject('Membership', { orgId: 'prov', userId: 'x', role: 'auditor' }))).toBe(true);
    expect(sec.can('grant', subject('Membership', { orgId: 'prov', userId: 'x', role: 'security_admin' }))).toBe(false);
    expect(sec.can('unlock', 'User')).toBe(true);
    expect(sys.can('unlock', 'User')).toBe(false);
    expect(aud.can('read', 'AuditEvent')).toBe(true);
    expect(sys.can('read', 'AuditEvent')).toBe(false);
    expect(aud.can('grant', subject('Membership', { orgId: 'prov', userId: 'x', role: 'viewer' }))).toBe(false);
  });

  it('lets school staff draft their own school\'s applications, and only the officer run calls', () => {
    const draft = subject('Application', { orgId: 'school-a' });
    const other = subject('Application', { orgId: 'school-b' });
    expect(defineAbilityFor(drafter).can('update', draft)).toBe(true);
    expect(defineAbilityFor(drafter).can('create', draft)).toBe(false);
    expect(defineAbilityFor(school).can('create', draft)).toBe(true);
    expect(defineAbilityFor(school).can('update', other)).toBe(false);
    expect(defineAbilityFor({ ...drafter, roles: ['legal_rep'] }).can('update', draft)).toBe(false);
    expect(defineAbilityFor({ ...provinceAdmin, roles: ['province_officer'] }).can('create', 'Call')).toBe(true);
    expect(defineAbilityFor(provinceAdmin).can('create', 'Call')).toBe(false);
    expect(defineAbilityFor(drafter).can('read', 'Call')).toBe(true);
  });

  it('survives serialisation: the web app rebuilds the same ability from /api/me rules', () => {
    const rules = JSON.parse(JSON.stringify(defineRulesFor(school)));
    const rebuilt = abilityFromRules(rules);
    expect(rebuilt.can('invite', subject('Membership', { orgId: 'school-a', userId: 'x' }))).toBe(true);
    expect(rebuilt.can('invite', subject('Membership', { orgId: 'school-b', userId: 'x' }))).toBe(false);
  });

  it('gives sign-off rights by role: legal_rep signs for its school, the reviewer approves, the officer returns and extends', () => {
    const own = subject('Application', { orgId: 'school-a', state: 'awaiting_signature' });
    const other = subject('Application', { orgId: 'school-b', state: 'awaiting_signature' });
    const legal = defineAbilityFor({ ...drafter, roles: ['legal_rep'] });
    expect(legal.can('sign', own)).toBe(true);
    expect(legal.can('sign', other)).toBe(false);
    expect(legal.can('transition', own)).toBe(true);
    expect(legal.can('approve', own)).toBe(false);
    expect(defineAbilityFor(drafter).can('transition', own)).toBe(false);
    expect(defineAbilityFor(drafter).can('sign', own)).toBe(false);
    expect(defineAbilityFor({ ...drafter, roles: ['contact'] }).can('transition', own)).toBe(true);
    expect(defineAbilityFor({ ...drafter, roles: ['contact'] }).can('sign', own)).toBe(false);
    expect(defineAbilityFor({ ...drafter, roles: ['viewer'] }).can('transition', own)).toBe(false);

    const reviewer = defineAbilityFor({ userId: 'u-rev', orgId: 'sup', orgKind: 'supervisor', roles: ['supervisor_reviewer'] });
    const supervisorAdmin = defineAbilityFor({ userId: 'u-sa', orgId: 'sup', orgKind: 'supervisor', roles: ['supervisor_admin'] });
    expect(reviewer.can('approve', own)).toBe(true);
    expect(reviewer.can('sign', own)).toBe(false);
    expect(supervisorAdmin.can('approve', own)).toBe(false);
    expect(supervisorAdmin.can('transition', 'Application')).toBe(false);

    const officer = defineAbilityFor({ ...provinceAdmin, roles: ['province_officer'] });
    expect(officer.can('return', own)).toBe(true);
    expect(officer.can('extend', 'Call')).toBe(true);
    expect(officer.can('approve', own)).toBe(false);
    expect(defineAbilityFor(provinceAdmin).can('extend', 'Call')).toBe(false);
    expect(defineAbilityFor(auditor).can('transition', 'Application')).toBe(false);
  });

  it('lets whoever reads an application read its trail, and the auditor every trail but no application', () => {
    const trail = (orgId: string) => subject('AuditEvent', { orgId, trail: 'application' });
    const member = (roles: AbilityContext['roles']) => defineAbilityFor({ userId: 'u', orgId: 's1', orgKind: 'school', roles });
    expect(member(['viewer']).can('read', trail('s1'))).toBe(true);
    expect(member(['viewer']).can('read', trail('s2'))).toBe(false);
    // Not the school's own organisation chain (membership and sign-in events).
    expect(member(['school_admin']).can('read', subject('AuditEvent', { orgId: 's1', trail: 'organisation' }))).toBe(false);
    expect(member(['school_admin']).can('read', subject('AuditEvent', { orgId: 's1' }))).toBe(false);
    expect(defineAbilityFor({ userId: 'u', orgId: 'zz', orgKind: 'supervisor', roles: ['supervisor_reviewer'] }).can('read', trail('s1'))).toBe(true);
    expect(defineAbilityFor({ ...provinceAdmin, roles: ['province_officer'] }).can('read', trail('s1'))).toBe(true);
    expect(defineAbilityFor(provinceAdmin).can('read', trail('s1'))).toBe(false);
    expect(defineAbilityFor(securityAdmin).can('read', trail('s1'))).toBe(false);
    const aud = defineAbilityFor(auditor);
    expect(aud.can('read', trail('s1'))).toBe(true);
    expect(aud.can('read', subject('Application', { orgId: 's1', state: 'submitted' }))).toBe(false);
    expect(aud.can('update', subject('Application', { orgId: 's1' }))).toBe(false);
  });
});

describe('abilities for the province running a call', () => {
  const officer = defineAbilityFor({ ...provinceAdmin, roles: ['province_officer'] });
  const expert = defineAbilityFor({ userId: 'u-exp', orgId: 'prov', orgKind: 'province', roles: ['expert'] });

  it('lets the officer run the review, publish and export, and nobody else', () => {
    expect(officer.can('update', 'Review')).toBe(true);
    expect(officer.can('publish', 'Call')).toBe(true);
    expect(officer.can('export', 'Call')).toBe(true);
    for (const other of [defineAbilityFor(provinceAdmin), defineAbilityFor(auditor), defineAbilityFor(school), expert]) {
      expect(other.can('publish', 'Call')).toBe(false);
      expect(other.can('update', 'Review')).toBe(false);
    }
  });

  it('lets an expert score only their own part and read no application directly', () => {
    expect(expert.can('score', subject('Review', { expertId: 'u-exp' }))).toBe(true);
    expect(expert.can('score', subject('Review', { expertId: 'u-other' }))).toBe(false);
    expect(expert.can('read', subject('Application', { orgId: 's1', state: 'expert_review' }))).toBe(false);
    expect(expert.can('read', 'Dashboard')).toBe(false);
  });

  it('gives schools and supervising units their own dashboard but no review', () => {
    expect(defineAbilityFor(drafter).can('read', 'Dashboard')).toBe(true);
    expect(defineAbilityFor(drafter).can('read', 'Review')).toBe(false);
    expect(defineAbilityFor({ userId: 'u', orgId: 'sup', orgKind: 'supervisor', roles: ['supervisor_reviewer'] }).can('read', 'Dashboard')).toBe(true);
  });
});
