import { describe, expect, it } from '@jest/globals';
import { countryRiskOf, fieldDomId, issueCountBySection, issueTarget, matchesCountry, mayAssign, saveIndicator, sectionAccess, shanghaiClock } from './editor-view';
import { type AutosaveState, saveOutcomeOf } from './section-autosave';

const assignments = { school_foundation: [{ userId: 'drafter-1', displayName: '吴强' }] };

describe('sectionAccess', () => {
  const base = { state: 'draft', userId: 'drafter-1', sectionKey: 'school_foundation', assignments };

  it('lets the contact and the school admin write every section of a draft', () => {
    expect(sectionAccess({ ...base, roles: ['contact', 'drafter'], sectionKey: 'safeguards' })).toEqual({ editable: true });
    expect(sectionAccess({ ...base, roles: ['school_admin'], sectionKey: 'cover' })).toEqual({ editable: true });
  });

  it('lets a drafter write only the sections assigned to them', () => {
    expect(sectionAccess({ ...base, roles: ['drafter'] })).toEqual({ editable: true });
    expect(sectionAccess({ ...base, roles: ['drafter'], sectionKey: 'partner_profile' })).toEqual({ editable: false, reason: 'not_assigned' });
    expect(sectionAccess({ ...base, roles: ['drafter'], userId: 'drafter-2' })).toEqual({ editable: false, reason: 'not_assigned' });
  });

  it('keeps the legal representative and viewers reading', () => {
    expect(sectionAccess({ ...base, roles: ['legal_rep'] })).toEqual({ editable: false, reason: 'legal_rep' });
    expect(sectionAccess({ ...base, roles: ['viewer'] })).toEqual({ editable: false, reason: 'role' });
  });

  it('closes every section once the application left draft', () => {
    expect(sectionAccess({ ...base, roles: ['contact'], state: 'awaiting_signature' })).toEqual({ editable: false, reason: 'state' });
    expect(sectionAccess({ ...base, roles: ['contact'], state: 'returned' })).toEqual({ editable: true });
  });

  it('lets only the contact and the school admin assign', () => {
    expect(mayAssign(['contact', 'drafter'])).toBe(true);
    expect(mayAssign(['school_admin'])).toBe(true);
    expect(mayAssign(['drafter'])).toBe(false);
    expect(mayAssign(['legal_rep'])).toBe(false);
  });
});

describe('issueTarget', () => {
  it('points at the field, the section, or the evidence panel', () => {
    expect(issueTarget({ section: 'cover', field: 'contactMobile' })).toEqual({ kind: 'field', section: 'cover', domId: 'field-cover-contactMobile' });
    expect(issueTarget({ section: 'schedule', field: 'rows[1].goals.2025' })).toEqual({ kind: 'field', section: 'schedule', domId: fieldDomId('schedule', 'rows[1].goals.2025') });
    expect(fieldDomId('schedule', 'rows[1].goals.2025')).toBe('field-schedule-rows_1__goals_2025');
    expect(issueTarget({ section: 'schedule', field: 'rows' })).toEqual({ kind: 'section', section: 'schedule', domId: 'section-schedule' });
    expect(issueTarget({ section: 'evidence', field: 'degree' })).toEqual({ kind: 'evidence' });
  });

  it('counts issues per section', () => {
    expect(issueCountBySection([{ section: 'cover' }, { section: 'cover' }, { section: 'evidence' }])).toEqual({ cover: 2, evidence: 1 });
  });
});

describe('saveIndicator', () => {
  const state = (patch: Partial<AutosaveState>): AutosaveState => ({ status: 'clean', baseVersion: 1, savedContent: null, content: null, ...patch });

  it('says when it was saved, in Beijing time', () => {
    expect(saveIndicator(state({ savedAt: '2024-08-01T02:42:59.000Z' }), false)).toEqual({ key: 'editor.save.savedAt', params: { time: '10:42' }, tone: 'saved' });
    expect(shanghaiClock('2024-08-01T16:05:00.000Z')).toBe('00:05');
  });

  it('says what is pending or wrong', () => {
    expect(saveIndicator(state({ status: 'dirty' }), true).key).toBe('editor.save.dirty');
    expect(saveIndicator(state({ status: 'saving' }), true).key).toBe('editor.save.saving');
    expect(saveIndicator(state({ status: 'conflict' }), true).tone).toBe('problem');
    expect(saveIndicator(state({ status: 'expired' }), true).key).toBe('editor.save.expired');
    expect(saveIndicator(state({}), false).key).toBe('editor.save.nothing');
  });
});

describe('saveOutcomeOf', () => {
  const current = { content: { text: '他的' }, version: 5 };

  it('reads a stale save from 409 and 412 with the current section', () => {
    expect(saveOutcomeOf(409, { statusCode: 409, code: 'conflict', message: '', current })).toEqual({ kind: 'stale', current });
    expect(saveOutcomeOf(412, { statusCode: 412, code: 'precondition_failed', message: '', current })).toEqual({ kind: 'stale', current });
  });

  it('tells expiry, refusal and the rest apart', () => {
    expect(saveOutcomeOf(401, undefined)).toEqual({ kind: 'expired' });
    expect(saveOutcomeOf(403, { statusCode: 403, code: 'forbidden', message: '' })).toEqual({ kind: 'forbidden' });
    // A 409 that is not a stale save (the application left draft) is a failure, not a merge.
    expect(saveOutcomeOf(409, { statusCode: 409, code: 'conflict', message: '' })).toEqual({ kind: 'failed', status: 409 });
    expect(saveOutcomeOf(0, undefined)).toEqual({ kind: 'failed', status: 0 });
  });
});

describe('countries', () => {
  it('reads the call’s risk list', () => {
    const risk = { AF: 'prohibited', PK: 'caution', KZ: 'ok' };
    expect(countryRiskOf(risk, 'AF')).toBe('prohibited');
    expect(countryRiskOf(risk, 'PK')).toBe('caution');
    expect(countryRiskOf(risk, 'FR')).toBeUndefined();
    expect(countryRiskOf(risk, undefined)).toBeUndefined();
  });

  it('matches a search by name in either language or by code', () => {
    const kz = { code: 'KZ', name: '哈萨克斯坦' };
    expect(matchesCountry('哈萨', kz)).toBe(true);
    expect(matchesCountry('kz', kz)).toBe(true);
    expect(matchesCountry('kazakh', kz, 'Kazakhstan')).toBe(true);
    expect(matchesCountry('泰国', kz)).toBe(false);
  });
});
