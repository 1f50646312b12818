import { type ApiErrorBody, type ApplicationSummaryDto, type CallDto, type CountryRiskLevel, ErrorCode } from '@dahe/shared/contracts';
import { countryName } from '@dahe/shared/form';
import type { ApplicationState } from '@dahe/shared/workflow';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { Lang } from '../i18n/lang';
import type { TranslationKey } from '../i18n/zh-CN';
import type { Translatable } from '../session/password-hints';

/**
 * Where a call stands for the person looking at it, now. The API keeps `open` after the deadline
 * passes; what the schools need to see then is "closed", so the deadline decides.
 */
export type CallPhase = 'draft' | 'upcoming' | 'open' | 'closed';

export const CALL_PHASE_LABELS: Readonly<Record<CallPhase, TranslationKey>> = {
  draft: 'calls.phase.draft',
  upcoming: 'calls.phase.upcoming',
  open: 'calls.phase.open',
  closed: 'calls.phase.closed',
};

/** ng-zorro tag colours. */
export const CALL_PHASE_COLORS: Readonly<Record<CallPhase, string>> = {
  draft: 'default',
  upcoming: 'blue',
  open: 'green',
  closed: 'default',
};

/** Pure: the phase at `now` (ms since the epoch). Applications are accepted while `opensAt <= now < deadline`, as the API decides. */
export function callPhase(call: Pick<CallDto, 'status' | 'opensAt' | 'deadline'>, now: number): CallPhase {
  if (call.status === 'draft') return 'draft';
  const deadline = Date.parse(call.deadline);
  if (call.status === 'closed' || !(now < deadline)) return 'closed';
  return now < Date.parse(call.opensAt) ? 'upcoming' : 'open';
}

/** Pure: the order a school reads calls in: those still to come or open, the soonest deadline first; closed ones last. */
export function callsBySoonestDeadline<T extends Pick<CallDto, 'status' | 'opensAt' | 'deadline'>>(calls: readonly T[], now: number): T[] {
  const closed = (call: T) => (callPhase(call, now) === 'closed' ? 1 : 0);
  return [...calls].sort((a, b) => closed(a) - closed(b) || (closed(a) ? Date.parse(b.deadline) - Date.parse(a.deadline) : Date.parse(a.deadline) - Date.parse(b.deadline)));
}

/** Within this much time of the deadline the countdown turns to the warning colour. */
export const URGENT_WITHIN_MS = 3 * 24 * 60 * 60 * 1000;

export type Countdown =
  | { readonly closed: true }
  | { readonly closed: false; readonly days: number; readonly hours: number; readonly minutes: number; readonly urgent: boolean };

/**
 * Pure: the time left to the deadline in whole days, hours and minutes. Minutes round up, so the
 * countdown never shows 0 while the call is still open (59 seconds left reads "0 天 0 小时 1 分钟"),
 * and at the deadline's exact instant it is closed, as the API refuses from that instant on.
 */
export function countdown(deadline: string, now: number): Countdown {
  const left = Date.parse(deadline) - now;
  if (!(left > 0)) return { closed: true };
  const totalMinutes = Math.ceil(left / 60_000);
  return {
    closed: false,
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
    urgent: left <= URGENT_WITHIN_MS,
  };
}

/**
 * Milliseconds to the next full minute. Deadlines are whole minutes and Beijing time is a whole
 * number of hours from UTC, so a clock ticking on the minute changes the countdown exactly when it should.
 */
export function msToNextMinute(now: number): number {
  return 60_000 - (((now % 60_000) + 60_000) % 60_000);
}

/** Asia/Shanghai has been UTC+08:00 all year since 1992 (as `shanghaiDeadline` in @dahe/shared/workflow). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as Beijing wall-clock date and time, to the minute. */
export interface WallClock {
  /** `YYYY-MM-DD` */
  readonly date: string;
  /** `HH:mm`, or `24:00` for the end of the day when asked for. */
  readonly time: string;
}

/**
 * Pure: an instant as Beijing date and time. With `endOfDay`, midnight is written as `24:00` of the
 * day before, which is how deadlines are announced ("截止到8月16日" is 16 August, 24:00).
 */
export function shanghaiWallClock(instant: string | number, endOfDay = false): WallClock | null {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  const wall = new Date(ms + SHANGHAI_OFFSET_MS);
  const midnight = wall.getUTCHours() === 0 && wall.getUTCMinutes() === 0 && wall.getUTCSeconds() === 0 && wall.getUTCMilliseconds() === 0;
  if (endOfDay && midnight) {
    const dayBefore = new Date(wall.getTime() - 1);
    return { date: `${dayBefore.getUTCFullYear()}-${pad(dayBefore.getUTCMonth() + 1)}-${pad(dayBefore.getUTCDate())}`, time: '24:00' };
  }
  return { date: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`, time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}` };
}

/**
 * Pure: a call's time in Beijing, to the minute: zh-CN `2024-08-16 24:00`, en `16 Aug 2024, 24:00`.
 * Deadlines (`endOfDay`) that fall on midnight read as 24:00 of the day they close.
 */
export function formatCallTime(instant: string, lang: Lang, endOfDay = false): string {
  const wall = shanghaiWallClock(instant, endOfDay);
  if (!wall) return instant;
  if (lang === 'zh-CN') return `${wall.date} ${wall.time}`;
  const [year, month, day] = wall.date.split('-');
  return `${day} ${MONTHS_EN[Number(month) - 1]} ${year}, ${wall.time}`;
}

export const RISK_LEVELS: readonly CountryRiskLevel[] = ['prohibited', 'caution', 'ok'];

export const RISK_LEVEL_LABELS: Readonly<Record<CountryRiskLevel, TranslationKey>> = {
  ok: 'calls.risk.ok',
  caution: 'calls.risk.caution',
  prohibited: 'calls.risk.prohibited',
};

export const RISK_LEVEL_COLORS: Readonly<Record<CountryRiskLevel, string>> = {
  ok: 'green',
  caution: 'orange',
  prohibited: 'red',
};

export interface RiskEntry {
  readonly code: string;
  readonly name: string;
  readonly level: CountryRiskLevel;
}

/** Pure: the list's countries, prohibited first, then caution, then ok; by name within each (pinyin in Chinese). */
export function riskEntries(risk: Readonly<Record<string, CountryRiskLevel>>, lang: Lang): RiskEntry[] {
  const collator = new Intl.Collator(lang === 'zh-CN' ? 'zh-CN-u-co-pinyin' : 'en');
  return Object.entries(risk)
    .map(([code, level]) => ({ code, level, name: countryName(code, lang) }))
    .sort((a, b) => RISK_LEVELS.indexOf(a.level) - RISK_LEVELS.indexOf(b.level) || collator.compare(a.name, b.name));
}

export function riskCounts(risk: Readonly<Record<string, CountryRiskLevel>>): Record<CountryRiskLevel, number> {
  const counts: Record<CountryRiskLevel, number> = { ok: 0, caution: 0, prohibited: 0 };
  for (const level of Object.values(risk)) if (level in counts) counts[level] += 1;
  return counts;
}

/** Pure: the list with one country set to a level (added, or its level changed). */
export function withRisk(risk: Readonly<Record<string, CountryRiskLevel>>, code: string, level: CountryRiskLevel): Record<string, CountryRiskLevel> {
  return { ...risk, [code]: level };
}

/** Pure: the list without one country. */
export function withoutRisk(risk: Readonly<Record<string, CountryRiskLevel>>, code: string): Record<string, CountryRiskLevel> {
  const next = { ...risk };
  delete next[code];
  return next;
}

export const APPLICATION_STATE_LABELS: Readonly<Record<ApplicationState, TranslationKey>> = {
  draft: 'calls.appState.draft',
  awaiting_signature: 'calls.appState.awaiting_signature',
  signed: 'calls.appState.signed',
  submitted: 'calls.appState.submitted',
  formal_check_passed: 'calls.appState.formal_check_passed',
  returned: 'calls.appState.returned',
  expert_review: 'calls.appState.expert_review',
  approved: 'calls.appState.approved',
  rejected: 'calls.appState.rejected',
  withdrawn: 'calls.appState.withdrawn',
};

const APPLICATION_STATE_COLORS: Readonly<Record<ApplicationState, string>> = {
  draft: 'default',
  awaiting_signature: 'gold',
  signed: 'cyan',
  submitted: 'blue',
  formal_check_passed: 'geekblue',
  returned: 'orange',
  expert_review: 'purple',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

/** The label and colour of a state; an unknown state (a newer API) shows as it is. */
export function applicationStateView(state: string): { readonly label: TranslationKey | null; readonly color: string } {
  const known = Object.hasOwn(APPLICATION_STATE_LABELS, state) ? (state as ApplicationState) : null;
  return known ? { label: APPLICATION_STATE_LABELS[known], color: APPLICATION_STATE_COLORS[known] } : { label: null, color: 'default' };
}

/** Pure: a call's applications among those listed, the latest change first. */
export function applicationsOfCall(applications: readonly ApplicationSummaryDto[], callId: string): ApplicationSummaryDto[] {
  return applications.filter((a) => a.callId === callId).sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
}

/** How many count towards the per-school limit: all but the withdrawn, as the API counts. */
export function countTowardsLimit(applications: readonly ApplicationSummaryDto[]): number {
  return applications.filter((a) => a.state !== 'withdrawn').length;
}

/** Why a school cannot start an application in a call now; null when it can. */
export type StartBlock = 'noRight' | 'notYet' | 'closed' | 'limitReached';

export function startBlock(input: { readonly phase: CallPhase; readonly used: number; readonly limit: number; readonly mayCreate: boolean }): StartBlock | null {
  if (!input.mayCreate) return 'noRight';
  if (input.phase === 'upcoming' || input.phase === 'draft') return 'notYet';
  if (input.phase === 'closed') return 'closed';
  if (input.used >= input.limit) return 'limitReached';
  return null;
}

/** A short, stable number to tell a school's applications apart (their ids are UUIDs). */
export function applicationNumber(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/**
 * Pure: a refused `POST /api/applications` → the message. The API answers 409 both when the
 * school has reached the limit and when the call is outside its dates, so `after` is what the page
 * knows once it has reloaded: the school's count in that call and the call's phase.
 */
export function describeStartError(
  status: number,
  body: unknown,
  after: { readonly used: number; readonly limit: number; readonly phase: CallPhase | null },
  requestId?: string | null,
): Translatable {
  const api: ApiErrorBody | undefined = isApiErrorBody(body) ? body : undefined;
  if (status === 403 || api?.code === ErrorCode.forbidden) return { key: 'calls.start.error.forbidden' };
  if (status === 404 || api?.code === ErrorCode.notFound) return { key: 'calls.start.error.notOpen' };
  if (status === 409 || api?.code === ErrorCode.conflict) {
    if (after.used >= after.limit) return { key: 'calls.start.error.limit', params: { limit: after.limit } };
    if (after.phase !== 'open') return { key: 'calls.start.error.notAccepting' };
    return { key: 'calls.start.error.conflict' };
  }
  const { key, params } = describeHttpError(status, body, requestId);
  return { key, params };
}

/** Pure: a refused `POST /api/calls/:id/open`. */
export function describeOpenError(status: number, body: unknown, requestId?: string | null): Translatable {
  const api = isApiErrorBody(body) ? body : undefined;
  if (status === 403 || api?.code === ErrorCode.forbidden) return { key: 'calls.open.error.forbidden' };
  if (status === 404 || api?.code === ErrorCode.notFound) return { key: 'calls.open.error.notDraft' };
  const { key, params } = describeHttpError(status, body, requestId);
  return { key, params };
}
