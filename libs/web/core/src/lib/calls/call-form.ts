import { type CountryRiskLevel, type CreateCallRequest, ErrorCode } from '@dahe/shared/contracts';
import { isCountryCode } from '@dahe/shared/form';
import { shanghaiDeadline } from '@dahe/shared/workflow';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { Translatable } from '../session/password-hints';
import { RISK_LEVELS, shanghaiWallClock } from './call-view';

/** The create-call form as typed: dates and times are Beijing wall-clock, as the notice states them. */
export interface CallFormValue {
  readonly title: string;
  readonly year: number | null;
  readonly template: 'dahe-2024';
  /** `YYYY-MM-DD` */
  readonly opensDate: string;
  /** `HH:mm` */
  readonly opensTime: string;
  readonly deadlineDate: string;
  /** `HH:mm`, `24:00` for the end of the day. */
  readonly deadlineTime: string;
  readonly perSchoolLimit: number | null;
  readonly contactName: string;
  readonly contactPhone: string;
  readonly contactEmail: string;
  readonly contactAddress: string;
  readonly countryRisk: Readonly<Record<string, CountryRiskLevel>>;
}

export type CallFormField = 'title' | 'year' | 'opensAt' | 'deadline' | 'perSchoolLimit' | 'contactName' | 'contactPhone' | 'contactEmail' | 'contactAddress' | 'countryRisk';

export type CallFormProblems = Partial<Record<CallFormField, Translatable>>;

export const CALL_TITLE_MAX = 200;
export const CALL_CONTACT_MAX = 100;
export const CALL_ADDRESS_MAX = 200;
export const PER_SCHOOL_LIMIT_MAX = 20;

/** Pure: the form's starting values: this year, opening now (to the minute), closing in 30 days at 24:00. */
export function newCallForm(now: number): CallFormValue {
  const today = shanghaiWallClock(now);
  const inThirtyDays = shanghaiWallClock(now + 30 * 86_400_000);
  return {
    title: '',
    year: today ? Number(today.date.slice(0, 4)) : null,
    template: 'dahe-2024',
    opensDate: today?.date ?? '',
    opensTime: today?.time ?? '00:00',
    deadlineDate: inThirtyDays?.date ?? '',
    deadlineTime: '24:00',
    perSchoolLimit: 1,
    contactName: '',
    contactPhone: '',
    contactEmail: '',
    contactAddress: '',
    countryRisk: {},
  };
}

/** Pure: a Beijing date and time as a UTC instant (ISO 8601), or null when either is not real. `H:mm` is accepted. */
export function beijingInstant(date: string, time: string): string | null {
  const t = time.trim().replace('：', ':');
  const normalised = /^\d:\d{2}$/.test(t) ? `0${t}` : t;
  try {
    return shanghaiDeadline(date.trim(), normalised).toISOString();
  } catch {
    return null;
  }
}

/** Digits with the usual separators (`0371-69691878 / 69691013`, `+86 139…`); at least 7 digits. */
const PHONE = /^[\d\s+\-()/、,，转]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function timeProblem(date: string, time: string, field: 'opensAt' | 'deadline'): Translatable | null {
  if (!date.trim() || !time.trim()) return { key: `calls.form.${field}.required` };
  return beijingInstant(date, time) ? null : { key: `calls.form.${field}.invalid` };
}

function tooLong(value: string, max: number): Translatable | null {
  return value.trim().length > max ? { key: 'calls.form.tooLong', params: { max } } : null;
}

/**
 * Pure: what is wrong with the form, field by field, checked as the API checks it (and a little more:
 * a deadline already past, a contact the schools could not reach). Empty when it may be sent.
 */
export function callFormProblems(form: CallFormValue, now: number): CallFormProblems {
  const problems: CallFormProblems = {};
  const title = form.title.trim();
  if (!title) problems.title = { key: 'calls.form.title.required' };
  else if (title.length < 2) problems.title = { key: 'calls.form.title.tooShort' };
  else if (title.length > CALL_TITLE_MAX) problems.title = { key: 'calls.form.tooLong', params: { max: CALL_TITLE_MAX } };

  if (form.year === null || !Number.isInteger(form.year) || form.year < 2020 || form.year > 2100) problems.year = { key: 'calls.form.year.invalid' };

  const opens = timeProblem(form.opensDate, form.opensTime, 'opensAt');
  if (opens) problems.opensAt = opens;
  const deadline = timeProblem(form.deadlineDate, form.deadlineTime, 'deadline');
  if (deadline) problems.deadline = deadline;
  else {
    const closes = Date.parse(beijingInstant(form.deadlineDate, form.deadlineTime) ?? '');
    const opensAt = beijingInstant(form.opensDate, form.opensTime);
    if (closes <= now) problems.deadline = { key: 'calls.form.deadline.past' };
    else if (opensAt && closes <= Date.parse(opensAt)) problems.deadline = { key: 'calls.form.deadline.beforeOpens' };
  }

  const limit = form.perSchoolLimit;
  if (limit === null || !Number.isInteger(limit) || limit < 1 || limit > PER_SCHOOL_LIMIT_MAX) problems.perSchoolLimit = { key: 'calls.form.perSchoolLimit.invalid' };

  const name = form.contactName.trim();
  if (!name) problems.contactName = { key: 'calls.form.contactName.required' };
  else {
    const long = tooLong(name, CALL_CONTACT_MAX);
    if (long) problems.contactName = long;
  }
  const phone = form.contactPhone.trim();
  if (!phone) problems.contactPhone = { key: 'calls.form.contactPhone.required' };
  else if (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 7 || phone.length > CALL_CONTACT_MAX) problems.contactPhone = { key: 'calls.form.contactPhone.invalid' };
  const email = form.contactEmail.trim();
  if (email && (!EMAIL.test(email) || email.length > CALL_CONTACT_MAX)) problems.contactEmail = { key: 'calls.form.contactEmail.invalid' };
  const address = tooLong(form.contactAddress, CALL_ADDRESS_MAX);
  if (address) problems.contactAddress = address;

  if (Object.entries(form.countryRisk).some(([code, level]) => !isCountryCode(code) || !RISK_LEVELS.includes(level))) {
    problems.countryRisk = { key: 'calls.form.countryRisk.invalid' };
  }
  return problems;
}

/** Pure: the request for a form without problems (times as UTC instants; empty contact fields left out). */
export function toCreateCallRequest(form: CallFormValue): CreateCallRequest {
  const opensAt = beijingInstant(form.opensDate, form.opensTime);
  const deadline = beijingInstant(form.deadlineDate, form.deadlineTime);
  if (!opensAt || !deadline || form.year === null || form.perSchoolLimit === null) throw new RangeError('toCreateCallRequest: the form has problems');
  const contact = Object.fromEntries(
    (
      [
        ['name', form.contactName],
        ['phone', form.contactPhone],
        ['email', form.contactEmail],
        ['address', form.contactAddress],
      ] as const
    )
      .map(([key, value]) => [key, value.trim()] as const)
      .filter(([, value]) => value !== ''),
  );
  return {
    title: form.title.trim(),
    year: form.year,
    template: form.template,
    opensAt,
    deadline,
    perSchoolLimit: form.perSchoolLimit,
    contact,
    countryRisk: { ...form.countryRisk },
  };
}

/** What a refused `POST /api/calls` says: the message, and the server's own words when they help. */
export interface CreateCallErrorView {
  readonly message: Translatable;
  readonly detail?: string;
}

/** Pure: a refused `POST /api/calls` → the form's error. */
export function describeCreateCallError(status: number, body: unknown, requestId?: string | null): CreateCallErrorView {
  const api = isApiErrorBody(body) ? body : undefined;
  if (status === 403 || api?.code === ErrorCode.forbidden) return { message: { key: 'calls.create.error.forbidden' } };
  if (status === 400 || api?.code === ErrorCode.validationFailed) {
    const detail = api ? [api.message, ...(api.details ?? [])].filter((text, i, all) => text && all.indexOf(text) === i).join('; ') : undefined;
    return detail ? { message: { key: 'calls.create.error.validation' }, detail } : { message: { key: 'calls.create.error.validation' } };
  }
  const { key, params } = describeHttpError(status, body, requestId);
  return { message: { key, params } };
}
