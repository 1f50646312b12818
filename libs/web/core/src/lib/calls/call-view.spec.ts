import { describe, expect, it } from '@jest/globals';
import { APPLICATION_STATES } from '@dahe/shared/workflow';
import type { ApplicationSummaryDto } from '@dahe/shared/contracts';
import { translate } from '../i18n/translate';
import {
  APPLICATION_STATE_LABELS,
  applicationNumber,
  applicationStateView,
  applicationsOfCall,
  callPhase,
  callsBySoonestDeadline,
  countTowardsLimit,
  countdown,
  describeOpenError,
  describeStartError,
  formatCallTime,
  msToNextMinute,
  riskCounts,
  riskEntries,
  shanghaiWallClock,
  startBlock,
  withRisk,
  withoutRisk,
} from './call-view';

// 2024-08-16 24:00 Beijing time, as the notice's deadline reads.
const DEADLINE = '2024-08-16T16:00:00.000Z';
const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('countdown', () => {
  it('splits the time left into days, hours and minutes', () => {
    expect(countdown(DEADLINE, at(DEADLINE) - (12 * DAY + 3 * HOUR + 5 * MIN))).toEqual({ closed: false, days: 12, hours: 3, minutes: 5, urgent: false });
  });

  it('rounds part minutes up, so an open call never shows zero', () => {
    expect(countdown(DEADLINE, at(DEADLINE) - 59_000)).toEqual({ closed: false, days: 0, hours: 0, minutes: 1, urgent: true });
    expect(countdown(DEADLINE, at(DEADLINE) - (2 * HOUR + 1))).toMatchObject({ days: 0, hours: 2, minutes: 1 });
    expect(countdown(DEADLINE, at(DEADLINE) - 1)).toMatchObject({ closed: false, minutes: 1 });
  });

  it('is closed at the deadline’s exact instant and after it', () => {
    expect(countdown(DEADLINE, at(DEADLINE))).toEqual({ closed: true });
    expect(countdown(DEADLINE, at(DEADLINE) + DAY)).toEqual({ closed: true });
  });

  it('turns urgent within three days, not before', () => {
    expect(countdown(DEADLINE, at(DEADLINE) - 3 * DAY - MIN)).toMatchObject({ urgent: false, days: 3, minutes: 1 });
    expect(countdown(DEADLINE, at(DEADLINE) - 3 * DAY)).toMatchObject({ urgent: true, days: 3, hours: 0, minutes: 0 });
    expect(countdown(DEADLINE, at(DEADLINE) - 2 * DAY)).toMatchObject({ urgent: true, days: 2 });
  });

  it('treats an unreadable deadline as closed rather than counting to NaN', () => {
    expect(countdown('not a date', Date.now())).toEqual({ closed: true });
  });
});

describe('msToNextMinute', () => {
  it('waits until the next full minute', () => {
    expect(msToNextMinute(at('2024-08-16T08:30:15.250Z'))).toBe(44_750);
    expect(msToNextMinute(at('2024-08-16T08:30:00.000Z'))).toBe(60_000);
  });
});

describe('callPhase', () => {
  const call = { status: 'open' as const, opensAt: '2024-07-20T01:00:00.000Z', deadline: DEADLINE };

  it('follows the dates for an open call: upcoming, open, closed from the deadline on', () => {
    expect(callPhase(call, at('2024-07-20T00:59:59.999Z'))).toBe('upcoming');
    expect(callPhase(call, at('2024-07-20T01:00:00.000Z'))).toBe('open');
    expect(callPhase(call, at(DEADLINE) - 1)).toBe('open');
    expect(callPhase(call, at(DEADLINE))).toBe('closed');
  });

  it('keeps a draft a draft and a closed call closed, whatever the dates', () => {
    expect(callPhase({ ...call, status: 'draft' }, at('2024-08-01T00:00:00Z'))).toBe('draft');
    expect(callPhase({ ...call, status: 'closed' }, at('2024-08-01T00:00:00Z'))).toBe('closed');
  });
});

describe('callsBySoonestDeadline', () => {
  it('puts the soonest deadline first and closed calls last, the latest closed first', () => {
    const now = at('2024-08-10T00:00:00Z');
    const call = (id: string, deadline: string) => ({ id, status: 'open' as const, opensAt: '2024-07-01T00:00:00Z', deadline });
    const calls = [call('late', '2024-09-30T16:00:00Z'), call('closedOld', '2024-06-30T16:00:00Z'), call('soon', DEADLINE), call('closedNew', '2024-08-01T16:00:00Z')];
    expect(callsBySoonestDeadline(calls, now).map((c) => c.id)).toEqual(['soon', 'late', 'closedNew', 'closedOld']);
    expect(calls[0]!.id).toBe('late');
  });
});

describe('Beijing wall-clock times', () => {
  it('writes midnight as 24:00 of the day before for deadlines only', () => {
    expect(shanghaiWallClock(DEADLINE, true)).toEqual({ date: '2024-08-16', time: '24:00' });
    expect(shanghaiWallClock(DEADLINE)).toEqual({ date: '2024-08-17', time: '00:00' });
    expect(shanghaiWallClock('2024-12-31T16:00:00Z', true)).toEqual({ date: '2024-12-31', time: '24:00' });
    expect(shanghaiWallClock('2025-02-28T16:00:00Z', true)).toEqual({ date: '2025-02-28', time: '24:00' });
  });

  it('rolls the date over at 16:00 UTC', () => {
    expect(shanghaiWallClock('2024-08-16T15:59:00Z')).toEqual({ date: '2024-08-16', time: '23:59' });
    expect(shanghaiWallClock('2024-12-31T16:30:00Z')).toEqual({ date: '2025-01-01', time: '00:30' });
    expect(shanghaiWallClock('2024-08-16T16:00:00.001Z', true)).toEqual({ date: '2024-08-17', time: '00:00' });
  });

  it('formats to the minute in each language', () => {
    expect(formatCallTime(DEADLINE, 'zh-CN', true)).toBe('2024-08-16 24:00');
    expect(formatCallTime(DEADLINE, 'en', true)).toBe('16 Aug 2024, 24:00');
    expect(formatCallTime('2024-07-20T01:05:00Z', 'zh-CN')).toBe('2024-07-20 09:05');
    expect(formatCallTime('2024-07-20T01:05:00Z', 'en')).toBe('20 Jul 2024, 09:05');
    expect(formatCallTime('garbage', 'en')).toBe('garbage');
  });
});

describe('the country risk list', () => {
  const risk = { TH: 'ok', AF: 'prohibited', PK: 'caution', KZ: 'ok', SY: 'prohibited' } as const;

  it('lists prohibited first, then caution, then ok, by pinyin within each', () => {
    expect(riskEntries(risk, 'zh-CN').map((e) => `${e.level}:${e.name}`)).toEqual([
      'prohibited:阿富汗',
      'prohibited:叙利亚',
      'caution:巴基斯坦',
      'ok:哈萨克斯坦',
      'ok:泰国',
    ]);
    expect(riskEntries(risk, 'en').map((e) => e.name)).toEqual(['Afghanistan', 'Syria', 'Pakistan', 'Kazakhstan', 'Thailand']);
  });

  it('counts each level', () => {
    expect(riskCounts(risk)).toEqual({ ok: 2, caution: 1, prohibited: 2 });
    expect(riskCounts({})).toEqual({ ok: 0, caution: 0, prohibited: 0 });
  });

  it('adds, changes and removes a country without touching the original', () => {
    const added = withRisk(risk, 'MM', 'caution');
    expect(added['MM']).toBe('caution');
    expect(risk).not.toHaveProperty('MM');
    expect(withRisk(added, 'MM', 'prohibited')['MM']).toBe('prohibited');
    const removed = withoutRisk(added, 'AF');
    expect(removed).not.toHaveProperty('AF');
    expect(added).toHaveProperty('AF');
  });
});

describe('application states', () => {
  it('names every state of the workflow in Chinese', () => {
    for (const state of APPLICATION_STATES) {
      const label = translate('zh-CN', APPLICATION_STATE_LABELS[state]);
      expect(label).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(translate('zh-CN', applicationStateView('awaiting_signature').label!)).toBe('待法定代表人签字');
  });

  it('shows a state it does not know as it is', () => {
    expect(applicationStateView('teleported')).toEqual({ label: null, color: 'default' });
    expect(applicationStateView('toString')).toEqual({ label: null, color: 'default' });
  });
});

const summary = (id: string, callId: string, state: string, updatedAt: string): ApplicationSummaryDto => ({ id, callId, orgId: 's2', organisationName: '洛阳中原职业技术学院', state, updatedAt });

describe('a school’s applications in a call', () => {
  const applications = [
    summary('a1', 'c1', 'draft', '2024-08-01T02:00:00Z'),
    summary('a2', 'c2', 'draft', '2024-08-02T02:00:00Z'),
    summary('a3', 'c1', 'withdrawn', '2024-08-03T02:00:00Z'),
    summary('a4', 'c1', 'signed', '2024-08-04T02:00:00Z'),
  ];

  it('picks the call’s, the latest change first', () => {
    expect(applicationsOfCall(applications, 'c1').map((a) => a.id)).toEqual(['a4', 'a3', 'a1']);
    expect(applicationsOfCall(applications, 'c3')).toEqual([]);
  });

  it('counts all but the withdrawn towards the limit, as the API does', () => {
    expect(countTowardsLimit(applicationsOfCall(applications, 'c1'))).toBe(2);
  });

  it('says why a school cannot start one, the missing right first', () => {
    expect(startBlock({ phase: 'open', used: 0, limit: 1, mayCreate: true })).toBeNull();
    expect(startBlock({ phase: 'open', used: 1, limit: 1, mayCreate: true })).toBe('limitReached');
    expect(startBlock({ phase: 'open', used: 1, limit: 2, mayCreate: true })).toBeNull();
    expect(startBlock({ phase: 'upcoming', used: 0, limit: 1, mayCreate: true })).toBe('notYet');
    expect(startBlock({ phase: 'closed', used: 0, limit: 1, mayCreate: true })).toBe('closed');
    expect(startBlock({ phase: 'open', used: 0, limit: 1, mayCreate: false })).toBe('noRight');
  });

  it('numbers an application by its id', () => {
    expect(applicationNumber('0f3b7a12-e3a9-4b2c-9d1e-abcdefabcdef')).toBe('0F3B7A12');
  });
});

describe('describeStartError', () => {
  const conflict = { statusCode: 409, code: 'conflict', message: 'This call allows 1 application(s) per school' };

  it('explains a 409 by what the reload shows: the limit reached', () => {
    expect(describeStartError(409, conflict, { used: 1, limit: 1, phase: 'open' })).toEqual({ key: 'calls.start.error.limit', params: { limit: 1 } });
  });

  it('or the call outside its dates', () => {
    expect(describeStartError(409, { ...conflict, message: 'The call is not accepting applications now' }, { used: 0, limit: 1, phase: 'closed' })).toEqual({ key: 'calls.start.error.notAccepting' });
  });

  it('or, when neither shows, says both are possible', () => {
    expect(describeStartError(409, conflict, { used: 0, limit: 1, phase: 'open' })).toEqual({ key: 'calls.start.error.conflict' });
  });

  it('maps 403 and 404 to their own messages, the rest as any request', () => {
    expect(describeStartError(403, { statusCode: 403, code: 'forbidden', message: 'Not allowed' }, { used: 0, limit: 1, phase: 'open' })).toEqual({ key: 'calls.start.error.forbidden' });
    expect(describeStartError(404, { statusCode: 404, code: 'not_found', message: 'No open call with this id' }, { used: 0, limit: 1, phase: null })).toEqual({ key: 'calls.start.error.notOpen' });
    expect(describeStartError(0, null, { used: 0, limit: 1, phase: 'open' })).toEqual({ key: 'error.network' });
    expect(describeStartError(500, { statusCode: 500, code: 'internal_error', message: 'x', requestId: 'r-1' }, { used: 0, limit: 1, phase: 'open' })).toEqual({
      key: 'error.serverWithRequestId',
      params: { requestId: 'r-1' },
    });
  });
});

describe('describeOpenError', () => {
  it('says the call is no longer a draft on 404, and who may open calls on 403', () => {
    expect(describeOpenError(404, { statusCode: 404, code: 'not_found', message: 'Call not found, or not a draft' })).toEqual({ key: 'calls.open.error.notDraft' });
    expect(describeOpenError(403, { statusCode: 403, code: 'forbidden', message: 'x' })).toEqual({ key: 'calls.open.error.forbidden' });
    expect(describeOpenError(429, null)).toEqual({ key: 'error.tooManyRequests' });
  });
});
