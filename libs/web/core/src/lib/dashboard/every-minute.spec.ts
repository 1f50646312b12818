import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { everyMinute } from './every-minute';

describe('everyMinute', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2025-03-01T08:00:40Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('ticks at once, then as each minute starts, until stopped', () => {
    const ticks: number[] = [];
    const stop = everyMinute((now) => ticks.push(now));
    expect(ticks).toEqual([Date.parse('2025-03-01T08:00:40Z')]);

    jest.advanceTimersByTime(19_999);
    expect(ticks).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(ticks[1]).toBe(Date.parse('2025-03-01T08:01:00Z'));
    jest.advanceTimersByTime(60_000);
    expect(ticks[2]).toBe(Date.parse('2025-03-01T08:02:00Z'));

    stop();
    jest.advanceTimersByTime(180_000);
    expect(ticks).toHaveLength(3);
  });
});
