/**
 * Deadlines.
 *
 * A call's deadline is entered by the province as wall-clock time in Asia/Shanghai (the notice says
 * "8月16日", meaning the end of that day in Beijing) and stored as a UTC instant. For example
 * 2024-08-16 24:00 Beijing time is 2024-08-16T16:00:00Z.
 *
 * The rule is: an action bound by the deadline is allowed while `now < effectiveDeadline`, where
 * `effectiveDeadline = max(deadline, extendedUntil)`. At the deadline's exact instant it is refused.
 * A school's extension can only lengthen its deadline, never shorten it.
 */

/** Asia/Shanghai has been UTC+08:00 all year since 1992 (China last observed daylight saving time in 1991). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const FIRST_YEAR_WITHOUT_DST = 1992;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/**
 * The UTC instant of a wall-clock time in Asia/Shanghai.
 *
 * @param date `YYYY-MM-DD`, a real calendar date.
 * @param time `HH:mm`, `00:00` to `23:59`, or `24:00` for the end of the day (the default, which is how
 *   "截止到8月16日" is read: the whole of 16 August still counts).
 * @throws RangeError on anything else, including dates before 1992.
 */
export function shanghaiDeadline(date: string, time = '24:00'): Date {
  const d = DATE_PATTERN.exec(date);
  if (!d) throw new RangeError(`shanghaiDeadline: date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const t = TIME_PATTERN.exec(time);
  if (!t) throw new RangeError(`shanghaiDeadline: time must be HH:mm, got ${JSON.stringify(time)}`);

  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute] = [Number(t[1]), Number(t[2])];

  if (year < FIRST_YEAR_WITHOUT_DST) {
    throw new RangeError(`shanghaiDeadline: dates before ${FIRST_YEAR_WITHOUT_DST} are not supported, got ${date}`);
  }
  const midnightUtc = Date.UTC(year, month - 1, day);
  const check = new Date(midnightUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`shanghaiDeadline: no such calendar date ${date}`);
  }
  if (minute > 59 || hour > 24 || (hour === 24 && minute !== 0)) {
    throw new RangeError(`shanghaiDeadline: no such time of day ${time}`);
  }
  return new Date(midnightUtc + (hour * 60 + minute) * 60 * 1000 - SHANGHAI_OFFSET_MS);
}

function assertValidDate(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
}

/** The later of the call's deadline and the school's extension, if any. */
export function effectiveDeadline(deadline: Date, extendedUntil?: Date): Date {
  assertValidDate(deadline, 'deadline');
  if (extendedUntil === undefined) return new Date(deadline.getTime());
  assertValidDate(extendedUntil, 'extendedUntil');
  return new Date(Math.max(deadline.getTime(), extendedUntil.getTime()));
}

/** `now < max(deadline, extendedUntil)`: true while work may still reach `submitted`. */
export function isBeforeDeadline(now: Date, deadline: Date, extendedUntil?: Date): boolean {
  assertValidDate(now, 'now');
  return now.getTime() < effectiveDeadline(deadline, extendedUntil).getTime();
}
