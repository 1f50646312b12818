import { type CallDto, type DecisionsRequest, ErrorCode, type ExportProgressDto, type IntakeRowDto, type ReviewProgressRowDto } from '@dahe/shared/contracts';
import { COOPERATION_CODES, COOPERATION_FORM_LABELS, type Code, countryName, isCode } from '@dahe/shared/form';
import { type ApplicationState, ApplicationState as State } from '@dahe/shared/workflow';
import { callPhase } from '../calls/call-view';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { Lang } from '../i18n/lang';
import type { TranslationKey } from '../i18n/zh-CN';
import type { Translatable } from '../session/password-hints';

/** The states the province's intake list holds (the API's received states): from the supervising unit's hand-over on. */
export const INTAKE_FILTER_STATES: readonly ApplicationState[] = [
  State.submitted,
  State.formalCheckPassed,
  State.returned,
  State.expertReview,
  State.approved,
  State.rejected,
];

export type DecisionValue = 'approved' | 'rejected';

export const DECISION_LABELS: Readonly<Record<DecisionValue, TranslationKey>> = {
  approved: 'intake.decision.approved',
  rejected: 'intake.decision.rejected',
};

export const DECISION_COLORS: Readonly<Record<DecisionValue, string>> = { approved: 'green', rejected: 'red' };

/** Where an application's 立项 stands: none recorded, recorded but not yet visible to the school, published. */
export type DecisionStatus = 'none' | 'pending' | 'published';

export const DECISION_STATUS_LABELS: Readonly<Record<DecisionStatus, TranslationKey>> = {
  none: 'intake.decision.status.none',
  pending: 'intake.decision.status.pending',
  published: 'intake.decision.status.published',
};

export const DECISION_STATUS_COLORS: Readonly<Record<DecisionStatus, string>> = { none: 'default', pending: 'gold', published: 'blue' };

/** A cooperation form's name in the interface language; an unknown code shows as it is. */
export function cooperationFormName(code: string, lang: Lang): string {
  return isCode(code) ? COOPERATION_FORM_LABELS[code][lang] : code;
}

/** Every cooperation form for a filter, in the notice's order. */
export function cooperationFormOptions(lang: Lang): { readonly code: Code; readonly name: string }[] {
  return COOPERATION_CODES.map((code) => ({ code, name: COOPERATION_FORM_LABELS[code][lang] }));
}

/** A mean score with one decimal, or the dash for "none yet". */
export function formatScore(score: number | null | undefined): string {
  return typeof score === 'number' && Number.isFinite(score) ? score.toFixed(2) : '—';
}

/** One row of the intake table, as shown. */
export interface IntakeRowView {
  readonly id: string;
  readonly receiptNo: string;
  readonly schoolName: string;
  readonly supervisorName: string;
  readonly city: string;
  readonly schoolType: string;
  readonly projectName: string;
  readonly forms: readonly string[];
  readonly country: string;
  readonly state: string;
  readonly submittedAt: string | null;
  readonly meanScore: string;
  readonly decision: DecisionValue | null;
}

/** Pure: the row's cells in the interface language (time formatting is the caller's, it is Beijing time). */
export function intakeRowView(row: IntakeRowDto, lang: Lang): IntakeRowView {
  return {
    id: row.id,
    receiptNo: row.receiptNo ?? '—',
    schoolName: row.schoolName,
    supervisorName: row.supervisorName,
    city: row.city ?? '',
    schoolType: row.schoolType,
    projectName: row.projectName || '—',
    forms: row.cooperationForms.map((code) => cooperationFormName(code, lang)),
    country: row.countryCode ? countryName(row.countryCode, lang) : '—',
    state: row.state,
    submittedAt: row.submittedAt,
    meanScore: formatScore(row.meanScore),
    decision: row.decision,
  };
}

/**
 * Pure: the call the intake page opens on: the newest open one (latest opening), else the most recent
 * that has opened, else the newest draft; null without calls.
 */
export function defaultIntakeCall<T extends Pick<CallDto, 'id' | 'status' | 'opensAt' | 'deadline'>>(calls: readonly T[], now: number): T | null {
  const newestFirst = [...calls].sort((a, b) => Date.parse(b.opensAt) - Date.parse(a.opensAt) || Date.parse(b.deadline) - Date.parse(a.deadline));
  return (
    newestFirst.find((call) => callPhase(call, now) === 'open') ??
    newestFirst.find((call) => call.status !== 'draft' && callPhase(call, now) !== 'upcoming') ??
    newestFirst.find((call) => call.status !== 'draft') ??
    newestFirst[0] ??
    null
  );
}

/** Pure: the calls for the picker, the newest first. */
export function callsNewestFirst<T extends Pick<CallDto, 'opensAt' | 'deadline'>>(calls: readonly T[]): T[] {
  return [...calls].sort((a, b) => Date.parse(b.opensAt) - Date.parse(a.opensAt) || Date.parse(b.deadline) - Date.parse(a.deadline));
}

export function decisionStatus(row: Pick<ReviewProgressRowDto, 'decision'>): DecisionStatus {
  if (!row.decision) return 'none';
  return row.decision.published ? 'published' : 'pending';
}

/** Pure: how many recorded decisions publication would make visible to the schools. */
export function pendingDecisions(rows: readonly Pick<ReviewProgressRowDto, 'decision'>[]): number {
  return rows.filter((row) => decisionStatus(row) === 'pending').length;
}

/** Pure: the recorded (unpublished) decisions by outcome, for the confirmation. */
export function pendingByDecision(rows: readonly Pick<ReviewProgressRowDto, 'decision'>[]): { approved: number; rejected: number } {
  const counts = { approved: 0, rejected: 0 };
  for (const row of rows) if (row.decision && !row.decision.published) counts[row.decision.decision]++;
  return counts;
}

/** Pure: the rows that can still be decided (those published are final). */
export function decidableIds(rows: readonly Pick<ReviewProgressRowDto, 'applicationId' | 'decision'>[]): string[] {
  return rows.filter((row) => decisionStatus(row) !== 'published').map((row) => row.applicationId);
}

/** Pure: the request recording one decision, with its note, for each application. */
export function decisionsRequest(applicationIds: readonly string[], decision: DecisionValue, note: string): DecisionsRequest {
  const trimmed = note.trim();
  return { items: [...new Set(applicationIds)].map((applicationId) => ({ applicationId, decision, note: trimmed })) };
}

/** A note is at most this long (the API's limit). */
export const DECISION_NOTE_MAX = 2000;

/** Pure: what is wrong with a decision's note; a rejection needs its reason. */
export function decisionNoteProblem(decision: DecisionValue, note: string): TranslationKey | null {
  if (note.trim().length > DECISION_NOTE_MAX) return 'intake.decide.noteTooLong';
  if (decision === 'rejected' && note.trim().length === 0) return 'intake.decide.noteRequired';
  return null;
}

/** Pure: the rows sorted for deciding: the highest mean first, those unscored last. */
export function byMeanDescending<T extends Pick<ReviewProgressRowDto, 'mean' | 'projectName'>>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || a.projectName.localeCompare(b.projectName, 'zh-CN'));
}

/** How often the export's progress is asked for. */
export const EXPORT_POLL_MS = 1000;

/** Pure: the export's progress as a whole percentage; 100 once done, 0 while the total is unknown. */
export function exportPercent(progress: Pick<ExportProgressDto, 'rows' | 'total' | 'done'>): number {
  if (progress.done) return 100;
  if (!(progress.total > 0)) return 0;
  return Math.max(0, Math.min(99, Math.floor((progress.rows / progress.total) * 100)));
}

/** The name of the downloaded workbook when the server offers none. */
export function exportFallbackName(callTitle: string | null | undefined): string {
  const safe = (callTitle ?? '').replace(/[\\/:*?"<>|]+/g, ' ').trim();
  return `${safe || 'intake'}.xlsx`;
}

/** Pure: what went wrong with a decision or publication, in words a person understands. */
export function describeDecisionError(status: number, body: unknown, requestId?: string | null): Translatable {
  const code = isApiErrorBody(body) ? body.code : undefined;
  if (code === ErrorCode.notUnderReview) return { key: 'intake.decide.error.notUnderReview' };
  if (status === 409) return { key: 'intake.decide.error.conflict' };
  return describeHttpError(status, body, requestId);
}
