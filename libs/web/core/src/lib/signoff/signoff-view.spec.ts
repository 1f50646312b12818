import { describe, expect, it } from '@jest/globals';
import type { ApplicationSummaryDto } from '@dahe/shared/contracts';
import { DAHE_2024 } from '@dahe/shared/form';
import { translate } from '../i18n/translate';
import {
  ACTION_LABELS,
  actionsOnApplication,
  actorRelationOf,
  allowedActions,
  beijingInputToIso,
  describeTransitionError,
  effectiveDeadlineOf,
  eventLabel,
  fillDeclaration,
  paragraphsOf,
  shortHash,
  todoOf,
} from './signoff-view';

const summary = (id: string, state: string, updatedAt = '2024-08-01T00:00:00Z'): ApplicationSummaryDto => ({
  id,
  callId: 'c',
  orgId: 's1',
  organisationName: '郑州黄河职业技术学院',
  state,
  updatedAt,
});

describe('actorRelationOf', () => {
  it('is a school member only in the school that owns the application', () => {
    expect(actorRelationOf({ id: 's1', kind: 'school' }, 's1')).toBe('school_member');
    expect(actorRelationOf({ id: 's2', kind: 'school' }, 's1')).toBe('other');
    expect(actorRelationOf({ id: 'zz', kind: 'supervisor' }, 's1')).toBe('supervisor_of_school');
    expect(actorRelationOf({ id: 'p', kind: 'province' }, 's1')).toBe('province');
    expect(actorRelationOf(null, 's1')).toBe('other');
  });
});

describe('allowedActions', () => {
  it('shows the contact submit and withdraw in a draft, and a drafter nothing', () => {
    expect(allowedActions({ state: 'draft', roles: ['contact', 'drafter'], relation: 'school_member' })).toEqual(['submit_for_signature', 'withdraw']);
    expect(allowedActions({ state: 'draft', roles: ['drafter'], relation: 'school_member' })).toEqual([]);
  });

  it('lets the legal representative sign or return, and the reviewer approve or return', () => {
    expect(allowedActions({ state: 'awaiting_signature', roles: ['legal_rep'], relation: 'school_member' })).toEqual(['sign', 'return']);
    expect(allowedActions({ state: 'signed', roles: ['supervisor_reviewer'], relation: 'supervisor_of_school' })).toEqual(['approve', 'return']);
    expect(allowedActions({ state: 'signed', roles: ['legal_rep'], relation: 'school_member' })).toEqual([]);
  });

  it('lets the province return anything before submitted, and hides approve after the deadline', () => {
    expect(allowedActions({ state: 'awaiting_signature', roles: ['province_officer'], relation: 'province' })).toEqual(['return']);
    expect(allowedActions({ state: 'submitted', roles: ['province_officer'], relation: 'province' })).toEqual(['pass_formal_check', 'return_for_correction']);
    const late = { state: 'signed', roles: ['supervisor_reviewer'] as const, relation: 'supervisor_of_school' as const, now: new Date('2024-08-16T16:00:00Z'), deadline: '2024-08-16T16:00:00Z' };
    expect(allowedActions(late)).toEqual(['return']);
    expect(allowedActions({ ...late, extendedUntil: '2024-08-17T16:00:00Z' })).toEqual(['approve', 'return']);
    expect(allowedActions({ ...late, now: new Date('2024-08-16T15:59:59Z') })).toEqual(['approve', 'return']);
  });

  it('shows nothing for a state it does not know', () => {
    expect(allowedActions({ state: 'archived', roles: ['contact'], relation: 'school_member' })).toEqual([]);
  });

  it('labels every action in both languages', () => {
    for (const key of Object.values(ACTION_LABELS)) {
      expect(translate('zh-CN', key)).not.toBe(key);
      expect(translate('en', key)).not.toBe(key);
    }
  });
});

describe('actionsOnApplication', () => {
  const application = { state: 'signed', orgId: 's1' };
  const reviewer = { roles: ['supervisor_reviewer'] as const, active: { id: 'sup', kind: 'supervisor' as const }, mayTransition: true };
  const timeline = { deadline: '2024-08-16T16:00:00Z' };

  it('asks the state machine as this person, against the school’s deadline and its extension', () => {
    expect(actionsOnApplication(application, timeline, reviewer, new Date('2024-08-16T15:59:59Z'))).toEqual(['approve', 'return']);
    expect(actionsOnApplication(application, timeline, reviewer, new Date('2024-08-16T16:00:00Z'))).toEqual(['return']);
    expect(actionsOnApplication(application, { ...timeline, extendedUntil: '2024-08-17T16:00:00Z' }, reviewer, new Date('2024-08-16T16:00:00Z'))).toEqual(['approve', 'return']);
    expect(actionsOnApplication(application, null, reviewer, new Date('2030-01-01T00:00:00Z'))).toEqual(['approve', 'return']);
  });

  it('offers 补正 only while the call’s correction window is open, and lets a corrected application be approved until it closes', () => {
    const officer = { roles: ['province_officer'] as const, active: { id: 'prov', kind: 'province' as const }, mayTransition: true };
    const submitted = { state: 'submitted', orgId: 's1' };
    const at = new Date('2024-09-01T00:00:00Z');
    expect(actionsOnApplication(submitted, timeline, officer, at)).toEqual(['pass_formal_check']);
    expect(actionsOnApplication(submitted, { ...timeline, correctionUntil: '2024-08-31T16:00:00Z' }, officer, at)).toEqual(['pass_formal_check']);
    expect(actionsOnApplication(submitted, { ...timeline, correctionUntil: '2024-09-10T16:00:00Z' }, officer, at)).toEqual(['pass_formal_check', 'return_for_correction']);
    // Past the deadline, signed again after a correction: approvable until the window closes, not after.
    expect(actionsOnApplication(application, { ...timeline, correctionUntil: '2024-09-10T16:00:00Z', receivedOnce: true }, reviewer, at)).toEqual(['approve', 'return']);
    expect(actionsOnApplication(application, { ...timeline, correctionUntil: '2024-09-10T16:00:00Z' }, reviewer, at)).toEqual(['return']);
    expect(actionsOnApplication(application, { ...timeline, correctionUntil: '2024-08-20T16:00:00Z', receivedOnce: true }, reviewer, at)).toEqual(['return']);
  });

  it('offers nothing without the transition right, and nothing to another school', () => {
    expect(actionsOnApplication(application, timeline, { ...reviewer, mayTransition: false }, new Date('2024-08-01T00:00:00Z'))).toEqual([]);
    const otherSchool = { roles: ['contact'] as const, active: { id: 's2', kind: 'school' as const }, mayTransition: true };
    expect(actionsOnApplication({ state: 'draft', orgId: 's1' }, timeline, otherSchool, new Date('2024-08-01T00:00:00Z'))).toEqual([]);
  });
});

describe('describeTransitionError', () => {
  it('explains each sign-off refusal', () => {
    expect(describeTransitionError(409, { statusCode: 409, code: 'correction_closed', message: '' })).toEqual({ message: { key: 'error.correctionClosed' } });
    expect(describeTransitionError(409, { statusCode: 409, code: 'not_ready', message: '', details: ['cover:x', 'evidence:y'] })).toEqual({
      message: { key: 'signoff.error.notReady', params: { count: 2 } },
      notReady: true,
    });
    expect(describeTransitionError(403, { statusCode: 403, code: 'reauthentication_failed', message: '', details: ['password_invalid'] })).toEqual({
      message: { key: 'signoff.error.password_invalid' },
      field: 'password',
    });
    expect(describeTransitionError(403, { statusCode: 403, code: 'reauthentication_failed', message: '', details: ['totp_required'] })).toMatchObject({ field: 'totp' });
    expect(describeTransitionError(409, { statusCode: 409, code: 'deadline_passed', message: '' }).message.key).toBe('signoff.error.deadlinePassed');
    expect(describeTransitionError(409, { statusCode: 409, code: 'content_changed', message: '' })).toMatchObject({ stale: true });
  });

  it('reads a plain 409 as "moved on meanwhile" and a 403 as "not your step"', () => {
    expect(describeTransitionError(409, { statusCode: 409, code: 'conflict', message: '' })).toEqual({ message: { key: 'signoff.error.stateChanged' }, stale: true });
    expect(describeTransitionError(403, { statusCode: 403, code: 'forbidden', message: '' }).message.key).toBe('signoff.error.notYourStep');
    expect(describeTransitionError(0, undefined).message.key).toBe('error.network');
  });
});

describe('fillDeclaration', () => {
  it('puts the school’s name in the notice’s blank, in both languages', () => {
    expect(fillDeclaration(DAHE_2024.declaration.text['zh-CN'], '郑州黄河职业技术学院')).toBe('郑州黄河职业技术学院对本申报书及相关佐证材料内容的真实性和准确性负责。');
    expect(fillDeclaration(DAHE_2024.declaration.text.en, 'Huanghe College')).toBe('Huanghe College is responsible for the truthfulness and accuracy of this application form and its evidence.');
    expect(fillDeclaration(DAHE_2024.declaration.text['zh-CN'], '')).toBe(DAHE_2024.declaration.text['zh-CN']);
  });
});

describe('small formatting', () => {
  it('shortens a hash but keeps its algorithm', () => {
    expect(shortHash(`sm3:${'a'.repeat(56)}12345678`)).toBe(`SM3 ${'a'.repeat(12)}…12345678`);
    expect(shortHash(null)).toBe('');
  });

  it('names known timeline events and passes unknown ones through', () => {
    expect(eventLabel('application.signed')).toEqual({ key: 'signoff.event.signed' });
    expect(eventLabel('application.exported')).toEqual({ key: 'signoff.event.other', params: { action: 'application.exported' } });
  });

  it('reads a date-time field as Beijing time', () => {
    expect(beijingInputToIso('2024-08-23T18:00')).toBe('2024-08-23T10:00:00.000Z');
    expect(beijingInputToIso('2024-02-30T18:00')).toBeNull();
    expect(beijingInputToIso('')).toBeNull();
  });

  it('takes the later of deadline and extension', () => {
    expect(effectiveDeadlineOf({ deadline: '2024-08-16T16:00:00Z' })).toBe('2024-08-16T16:00:00Z');
    expect(effectiveDeadlineOf({ deadline: '2024-08-16T16:00:00Z', extendedUntil: '2024-08-20T16:00:00Z' })).toBe('2024-08-20T16:00:00Z');
    expect(effectiveDeadlineOf({ deadline: '2024-08-16T16:00:00Z', extendedUntil: '2024-08-01T16:00:00Z' })).toBe('2024-08-16T16:00:00Z');
  });

  it('splits text into paragraphs', () => {
    expect(paragraphsOf('一\n\n  二 \r\n三')).toEqual(['一', '二', '三']);
    expect(paragraphsOf(undefined)).toEqual([]);
  });
});

describe('todoOf', () => {
  const list = [
    summary('a', 'draft'),
    summary('b', 'awaiting_signature'),
    summary('c', 'signed', '2024-08-03T00:00:00Z'),
    summary('d', 'signed', '2024-08-02T00:00:00Z'),
    summary('e', 'submitted'),
    summary('f', 'approved'),
  ];

  it('lists what waits for the person’s roles in their kind of organisation, oldest first', () => {
    expect(todoOf(list, { roles: ['supervisor_reviewer'], orgKind: 'supervisor' }).map((a) => a.id)).toEqual(['d', 'c']);
    expect(todoOf(list, { roles: ['legal_rep'], orgKind: 'school' }).map((a) => a.id)).toEqual(['b']);
    expect(todoOf(list, { roles: ['contact', 'drafter'], orgKind: 'school' }).map((a) => a.id)).toEqual(['a']);
    expect(todoOf(list, { roles: ['province_officer'], orgKind: 'province' }).map((a) => a.id)).toEqual(['e']);
  });

  it('lists nothing for roles that never take a step, or in the wrong kind of organisation', () => {
    expect(todoOf(list, { roles: ['viewer', 'drafter'], orgKind: 'school' })).toEqual([]);
    expect(todoOf(list, { roles: ['supervisor_reviewer'], orgKind: 'school' })).toEqual([]);
  });
});
