import { describe, expect, it } from '@jest/globals';
import { effectiveDeadline, isBeforeDeadline, shanghaiDeadline } from './deadline';
import { transition } from './workflow';

const at = (iso: string) => new Date(iso);

describe('shanghaiDeadline (Asia/Shanghai wall clock → UTC instant)', () => {
  it.each([
    ['2024-08-16', undefined, '2024-08-16T16:00:00.000Z'], // the notice's 8月16日: the end of that day in Beijing
    ['2024-08-16', '24:00', '2024-08-16T16:00:00.000Z'],
    ['2024-08-17', '00:00', '2024-08-16T16:00:00.000Z'], // the same instant, said the other way
    ['2024-08-16', '17:30', '2024-08-16T09:30:00.000Z'],
    ['2024-08-16', '08:00', '2024-08-16T00:00:00.000Z'],
    ['2024-08-16', '07:59', '2024-08-15T23:59:00.000Z'],
    ['2024-08-16', '23:59', '2024-08-16T15:59:00.000Z'],
    ['2024-02-29', '24:00', '2024-02-29T16:00:00.000Z'],
    ['2024-03-01', '00:00', '2024-02-29T16:00:00.000Z'],
    ['2024-12-31', '24:00', '2024-12-31T16:00:00.000Z'],
    ['2025-01-01', '00:00', '2024-12-31T16:00:00.000Z'],
  ])('%s %s Beijing is %s', (date, time, iso) => {
    expect(shanghaiDeadline(date, time).toISOString()).toBe(iso);
  });

  it.each([
    ['2024-8-16', '24:00'],
    ['20240816', '24:00'],
    ['2024-08-16T00:00', '24:00'],
    ['2023-02-29', '24:00'],
    ['2024-13-01', '24:00'],
    ['2024-00-10', '24:00'],
    ['2024-04-31', '24:00'],
    ['2024-08-16', '24:01'],
    ['2024-08-16', '25:00'],
    ['2024-08-16', '12:60'],
    ['2024-08-16', '7:00'],
    ['2024-08-16', '07:00:00'],
    ['1991-06-01', '24:00'], // China still kept summer time then
  ])('rejects %s %s', (date, time) => {
    expect(() => shanghaiDeadline(date, time)).toThrow(RangeError);
  });
});

describe('the deadline rule: now < max(deadline, extendedUntil)', () => {
  const deadline = shanghaiDeadline('2024-08-16'); // 2024-08-16T16:00:00Z
  const approve = (now: Date, extendedUntil?: Date) =>
    transition({
      state: 'signed',
      action: 'approve',
      actorRoles: ['supervisor_reviewer'],
      actorRelation: 'supervisor_of_school',
      now,
      deadline,
      extendedUntil,
    });

  it('approves at 23:59:59 Beijing time on the last day', () => {
    expect(approve(at('2024-08-16T15:59:59.000Z'))).toMatchObject({ ok: true, next: 'submitted', needsReceipt: true });
    expect(approve(at('2024-08-16T15:59:59.999Z'))).toMatchObject({ ok: true });
  });

  it('refuses from 00:00:00 Beijing time the next day', () => {
    expect(approve(at('2024-08-16T16:00:00.000Z'))).toEqual({
      ok: false,
      refusal: { code: 'deadline_passed', effectiveDeadline: at('2024-08-16T16:00:00.000Z') },
    });
    expect(approve(at('2024-08-16T16:00:01.000Z'))).toMatchObject({ ok: false, refusal: { code: 'deadline_passed' } });
  });

  describe('with an extension for the school', () => {
    const extendedUntil = shanghaiDeadline('2024-08-23', '18:00'); // 2024-08-23T10:00:00Z

    it('approves after the call deadline, up to one second before the extension ends', () => {
      expect(approve(at('2024-08-16T16:00:00.000Z'), extendedUntil)).toMatchObject({ ok: true, next: 'submitted' });
      expect(approve(at('2024-08-23T09:59:59.000Z'), extendedUntil)).toMatchObject({ ok: true, next: 'submitted' });
    });

    it('refuses from the instant the extension ends', () => {
      expect(approve(at('2024-08-23T10:00:00.000Z'), extendedUntil)).toEqual({
        ok: false,
        refusal: { code: 'deadline_passed', effectiveDeadline: extendedUntil },
      });
      expect(approve(at('2024-08-23T10:00:01.000Z'), extendedUntil)).toMatchObject({ ok: false, refusal: { code: 'deadline_passed' } });
    });

    it('never shortens the deadline', () => {
      const earlier = shanghaiDeadline('2024-08-10');
      expect(approve(at('2024-08-16T15:59:59.000Z'), earlier)).toMatchObject({ ok: true });
      expect(approve(at('2024-08-16T16:00:00.000Z'), earlier)).toMatchObject({ ok: false, refusal: { code: 'deadline_passed' } });
    });
  });

  it('binds only what reaches submitted: the school can still sign after the deadline', () => {
    const late = at('2024-09-01T00:00:00Z');
    expect(
      transition({ state: 'awaiting_signature', action: 'sign', actorRoles: ['legal_rep'], actorRelation: 'school_member', reauthenticated: true, now: late, deadline }),
    ).toMatchObject({ ok: true, next: 'signed' });
    expect(
      transition({ state: 'signed', action: 'return', actorRoles: ['supervisor_reviewer'], actorRelation: 'supervisor_of_school', comment: '逾期', now: late, deadline }),
    ).toMatchObject({ ok: true, next: 'draft' });
  });

  it('treats a missing or invalid clock on approve as a bug, not a refusal', () => {
    const base = { state: 'signed', action: 'approve', actorRoles: ['supervisor_reviewer'], actorRelation: 'supervisor_of_school' } as const;
    expect(() => transition({ ...base, deadline })).toThrow(TypeError);
    expect(() => transition({ ...base, now: at('2024-08-01T00:00:00Z') })).toThrow(TypeError);
    expect(() => transition({ ...base, now: new Date('nonsense'), deadline })).toThrow(TypeError);
    expect(() => transition({ ...base, now: at('2024-08-01T00:00:00Z'), deadline, extendedUntil: new Date(NaN) })).toThrow(TypeError);
  });

  it('exposes the rule on its own', () => {
    expect(effectiveDeadline(deadline).toISOString()).toBe('2024-08-16T16:00:00.000Z');
    expect(effectiveDeadline(deadline, shanghaiDeadline('2024-08-20')).toISOString()).toBe('2024-08-20T16:00:00.000Z');
    expect(effectiveDeadline(deadline, shanghaiDeadline('2024-08-01')).toISOString()).toBe('2024-08-16T16:00:00.000Z');
    expect(isBeforeDeadline(at('2024-08-16T15:59:59Z'), deadline)).toBe(true);
    expect(isBeforeDeadline(at('2024-08-16T16:00:00Z'), deadline)).toBe(false);
    expect(isBeforeDeadline(at('2024-08-16T16:00:01Z'), deadline)).toBe(false);
    expect(isBeforeDeadline(at('2024-08-16T16:00:01Z'), deadline, shanghaiDeadline('2024-08-17'))).toBe(true);
  });
});
