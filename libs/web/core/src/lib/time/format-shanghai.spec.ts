import { describe, expect, it } from '@jest/globals';
import { formatShanghai } from './format-shanghai';

describe('formatShanghai', () => {
  it('shows UTC+8 wall-clock time in the zh-CN style', () => {
    expect(formatShanghai('2024-08-16T15:59:59Z', 'zh-CN')).toBe('2024-08-16 23:59:59');
  });

  it('rolls the day over at 16:00 UTC', () => {
    expect(formatShanghai('2024-08-16T16:00:00Z', 'zh-CN')).toBe('2024-08-17 00:00:00');
  });

  it('rolls the year over too', () => {
    expect(formatShanghai('2024-12-31T16:00:00.000Z', 'zh-CN')).toBe('2025-01-01 00:00:00');
  });

  it('respects an explicit offset in the input', () => {
    expect(formatShanghai('2024-08-16T23:59:59+08:00', 'zh-CN')).toBe('2024-08-16 23:59:59');
  });

  it('uses a day-month-year style with the same Shanghai time in English', () => {
    expect(formatShanghai('2024-08-16T15:59:59Z', 'en')).toBe('16 Aug 2024, 23:59:59');
    expect(formatShanghai('2024-08-16T16:00:00Z', 'en')).toBe('17 Aug 2024, 00:00:00');
  });

  it('accepts a Date', () => {
    expect(formatShanghai(new Date(Date.UTC(2024, 7, 16, 4, 5, 6)), 'zh-CN')).toBe('2024-08-16 12:05:06');
  });

  it('returns an unparseable input unchanged', () => {
    expect(formatShanghai('not a date', 'zh-CN')).toBe('not a date');
    expect(formatShanghai(new Date(Number.NaN), 'en')).toBe('');
  });
});
