import type {
  CallDto,
  ConflictDto,
  ExpertDto,
  IntakeRowDto,
  ReviewProgressRowDto,
  ReviewSettingsDto,
  ReviewSettingsRequest,
  ReviewTaskDto,
  RubricCriterionDto,
  ScoreEntryDto,
} from '@dahe/shared/contracts';
import { ErrorCode } from '@dahe/shared/contracts';
import { round2, rubricProblems, weightedTotal } from '@dahe/shared/workflow';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import { shanghaiWallClock } from '../calls/call-view';
import { beijingInputToIso } from '../signoff/signoff-view';
import type { TranslationKey } from '../i18n/zh-CN';
import type { Translatable } from '../session/password-hints';
import { formatScore } from '../province/intake-view';

// ---------------------------------------------------------------------------------------------------------------
// The officer's settings and rubric (评审设置)

// The API's limits (review.dto.ts), checked here first so the form says what is wrong beside the field.
export const CRITERION_TITLE_MAX = 200;
export const CRITERION_GUIDANCE_MAX = 2000;
export const CRITERIA_MAX = 30;
export const MAX_SCORE_LIMIT = 1000;
export const EXPERTS_PER_APPLICATION_MAX = 9;
export const SCORE_COMMENT_MAX = 2000;
export const CONFLICT_REASON_MAX = 500;

/** One rubric row as typed; `key` tracks the row in the list while it moves (the API gives new ids on save). */
export interface RubricRowForm {
  readonly key: string;
  readonly title: string;
  readonly guidance: string;
  readonly maxScore: number | null;
  readonly weight: number | null;
}

export interface ReviewSettingsForm {
  readonly anonymous: boolean;
  readonly expertsPerApplication: number | null;
  readonly outlierSpread: number | null;
  /** Beijing wall time `YYYY-MM-DDTHH:mm` (a datetime-local input); '' when 补正 is not allowed. */
  readonly correctionUntil: string;
  readonly criteria: readonly RubricRowForm[];
}

export type SettingsField = 'expertsPerApplication' | 'outlierSpread' | 'correctionUntil' | 'criteria';
export type RubricField = 'title' | 'guidance' | 'maxScore' | 'weight';

export interface SettingsProblems {
  readonly fields: Partial<Record<SettingsField, Translatable>>;
  /** Per row, in the rows' order. */
  readonly rows: readonly Partial<Record<RubricField, Translatable>>[];
  readonly count: number;
}

let rowCounter = 0;
/** A key unique in this page's life, for `track`. */
export function newRowKey(): string {
  rowCounter += 1;
  return `row-${rowCounter}`;
}

/** Pure: an instant as the value of a datetime-local input in Beijing time; '' for none. */
export function beijingInputOf(iso: string | null): string {
  if (!iso) return '';
  const wall = shanghaiWallClock(iso);
  return wall ? `${wall.date}T${wall.time}` : '';
}

/** Pure: the form for the settings the API holds. */
export function settingsFormOf(settings: ReviewSettingsDto): ReviewSettingsForm {
  return {
    anonymous: settings.anonymous,
    expertsPerApplication: settings.expertsPerApplication,
    outlierSpread: settings.outlierSpread,
    correctionUntil: beijingInputOf(settings.correctionUntil),
    criteria: [...settings.criteria]
      .sort((a, b) => a.position - b.position)
      .map((criterion) => ({ key: criterion.id || newRowKey(), title: criterion.title, guidance: criterion.guidance, maxScore: criterion.maxScore, weight: criterion.weight })),
  };
}

export function emptyRubricRow(): RubricRowForm {
  return { key: newRowKey(), title: '', guidance: '', maxScore: 10, weight: null };
}

/** Pure: the rows with the one at `index` moved by `delta` (−1 up, +1 down); unchanged at either end. */
export function moveRow<T>(rows: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(index, 1);
  next.splice(target, 0, row as T);
  return next;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** At most two decimals, as the API accepts numbers. */
function twoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

/** Pure: the sum of the weights typed so far, two decimals (blank counts 0). */
export function weightSum(rows: readonly Pick<RubricRowForm, 'weight'>[]): number {
  return round2(rows.reduce((sum, row) => sum + (num(row.weight) ?? 0), 0));
}

/**
 * Pure: what is wrong with the settings, as the API checks it: experts per application a whole number
 * 1…9, outlier spread above 0 up to 100, the correction time a real Beijing time, and the rubric — at least one
 * criterion, each with a title, a max score > 0 and a weight > 0, the weights adding up to 100
 * (the arithmetic is `rubricProblems` of the shared workflow, which the API runs too).
 */
export function settingsProblems(form: ReviewSettingsForm): SettingsProblems {
  const fields: Partial<Record<SettingsField, Translatable>> = {};
  const perApp = form.expertsPerApplication;
  if (perApp === null || !Number.isInteger(perApp) || perApp < 1 || perApp > EXPERTS_PER_APPLICATION_MAX) {
    fields.expertsPerApplication = { key: 'review.settings.expertsPerApplication.invalid', params: { max: EXPERTS_PER_APPLICATION_MAX } };
  }
  const spread = form.outlierSpread;
  if (spread === null || !Number.isFinite(spread) || spread <= 0 || spread > 100 || !twoDecimals(spread)) fields.outlierSpread = { key: 'review.settings.outlierSpread.invalid' };
  if (form.correctionUntil.trim() && !beijingInputToIso(form.correctionUntil)) fields.correctionUntil = { key: 'review.settings.correctionUntil.invalid' };

  const rows: Partial<Record<RubricField, Translatable>>[] = form.criteria.map((row) => {
    const problems: Partial<Record<RubricField, Translatable>> = {};
    const title = row.title.trim();
    if (!title) problems.title = { key: 'review.rubric.title.required' };
    else if (title.length > CRITERION_TITLE_MAX) problems.title = { key: 'review.rubric.tooLong', params: { max: CRITERION_TITLE_MAX } };
    if (row.guidance.trim().length > CRITERION_GUIDANCE_MAX) problems.guidance = { key: 'review.rubric.tooLong', params: { max: CRITERION_GUIDANCE_MAX } };
    const max = num(row.maxScore);
    if (max !== null && (max > MAX_SCORE_LIMIT || !twoDecimals(max))) problems.maxScore = { key: 'review.rubric.maxScore.invalid' };
    const weight = num(row.weight);
    if (weight !== null && (weight > 100 || !twoDecimals(weight))) problems.weight = { key: 'review.rubric.weight.invalid' };
    return problems;
  });
  for (const problem of rubricProblems(form.criteria.map((row) => ({ maxScore: num(row.maxScore) ?? Number.NaN, weight: num(row.weight) ?? Number.NaN })))) {
    switch (problem.code) {
      case 'no_criteria':
        fields.criteria = { key: 'review.rubric.none' };
        break;
      case 'weights_not_100':
        fields.criteria = { key: 'review.rubric.weightsNot100', params: { sum: weightSum(form.criteria) } };
        break;
      case 'weight_not_positive':
        rows[problem.index] = { ...rows[problem.index], weight: { key: 'review.rubric.weight.invalid' } };
        break;
      case 'max_score_not_positive':
        rows[problem.index] = { ...rows[problem.index], maxScore: { key: 'review.rubric.maxScore.invalid' } };
        break;
    }
  }
  if (form.criteria.length > CRITERIA_MAX) fields.criteria = { key: 'review.rubric.tooMany', params: { max: CRITERIA_MAX } };
  const count = Object.keys(fields).length + rows.reduce((sum, row) => sum + Object.keys(row).length, 0);
  return { fields, rows, count };
}

/** Pure: the request for a form without problems (check `settingsProblems` first). */
export function toSettingsRequest(form: ReviewSettingsForm): ReviewSettingsRequest {
  return {
    anonymous: form.anonymous,
    expertsPerApplication: form.expertsPerApplication ?? 0,
    outlierSpread: form.outlierSpread ?? 0,
    correctionUntil: form.correctionUntil.trim() ? beijingInputToIso(form.correctionUntil) : null,
    criteria: form.criteria.map((row) => ({ title: row.title.trim(), guidance: row.guidance.trim(), maxScore: row.maxScore ?? 0, weight: row.weight ?? 0 })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The officer's assignments and progress

/** Pure: the call a review page opens on: the one asked for if it exists, else the latest open one, else the latest other than drafts. */
export function defaultCallId(calls: readonly Pick<CallDto, 'id' | 'status' | 'deadline'>[], wanted?: string | null): string | null {
  if (wanted && calls.some((call) => call.id === wanted)) return wanted;
  const latest = (list: readonly Pick<CallDto, 'id' | 'status' | 'deadline'>[]) => [...list].sort((a, b) => Date.parse(b.deadline) - Date.parse(a.deadline))[0]?.id ?? null;
  return latest(calls.filter((call) => call.status === 'open')) ?? latest(calls.filter((call) => call.status !== 'draft')) ?? latest(calls);
}

export interface ExpertChoice {
  readonly userId: string;
  readonly displayName: string;
  readonly load: number;
  readonly submitted: number;
  /** Declared a conflict with this school: cannot be assigned. */
  readonly disabled: boolean;
  /** The reason they gave, when conflicted. */
  readonly reason: string | null;
}

/**
 * Pure: the experts offered for one application, least loaded first (then by name), the ones who declared a
 * conflict of interest with its school disabled with their reason. The school is matched by id, or by name
 * when the row carries no id.
 */
export function expertChoices(experts: readonly ExpertDto[], conflicts: readonly ConflictDto[], school: { readonly id?: string | null; readonly name: string }): ExpertChoice[] {
  const matches = (conflict: ConflictDto) => (school.id ? conflict.schoolId === school.id : conflict.schoolName === school.name);
  return experts
    .map((expert) => {
      const conflict = conflicts.find((c) => c.expertId === expert.userId && matches(c)) ?? null;
      const byId = !!school.id && expert.conflictSchoolIds.includes(school.id);
      return {
        userId: expert.userId,
        displayName: expert.displayName,
        load: expert.assigned,
        submitted: expert.submitted,
        disabled: !!conflict || byId,
        reason: conflict?.reason ?? null,
      };
    })
    .sort((a, b) => a.load - b.load || a.displayName.localeCompare(b.displayName, 'zh-CN'));
}

/** Pure: "2 / 5" style progress, as a whole percent for nz-progress. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.round((done / total) * 100));
}

/** Pure: why a row is flagged, for the officer: the spread against the call's threshold. */
export function outlierExplanation(row: Pick<ReviewProgressRowDto, 'outlier' | 'spread'>, outlierSpread: number): Translatable | null {
  if (!row.outlier) return null;
  return { key: 'review.progress.outlierWhy', params: { spread: formatScore(row.spread), threshold: formatScore(outlierSpread) } };
}

/** Pure: the applications an officer may (re)assign by hand: checked and passed, or already in review. */
export const ASSIGNABLE_STATES: readonly string[] = ['formal_check_passed', 'expert_review'];

/** One application on the assignment tab. */
export interface AssignableRow {
  readonly applicationId: string;
  readonly schoolId: string | null;
  readonly schoolName: string;
  readonly projectName: string;
  readonly state: string;
  readonly experts: ReviewProgressRowDto['experts'];
}

/**
 * Pure: the applications to assign: those in an assignable state from the intake list (which has every
 * checked application and its school's id, even before any expert) merged with the progress rows (which
 * have the experts already on each). Without the intake list, the progress rows alone. By school name.
 */
export function assignableRows(
  progress: readonly ReviewProgressRowDto[],
  intake: readonly Pick<IntakeRowDto, 'id' | 'schoolId' | 'schoolName' | 'projectName' | 'state'>[] | null,
): AssignableRow[] {
  const byId = new Map<string, AssignableRow>();
  for (const row of progress) {
    if (!ASSIGNABLE_STATES.includes(row.state)) continue;
    byId.set(row.applicationId, { applicationId: row.applicationId, schoolId: null, schoolName: row.schoolName, projectName: row.projectName, state: row.state, experts: row.experts });
  }
  for (const row of intake ?? []) {
    if (!ASSIGNABLE_STATES.includes(row.state)) continue;
    const known = byId.get(row.id);
    byId.set(row.id, { applicationId: row.id, schoolId: row.schoolId, schoolName: row.schoolName, projectName: row.projectName || known?.projectName || '', state: row.state, experts: known?.experts ?? [] });
  }
  return [...byId.values()].sort((a, b) => a.schoolName.localeCompare(b.schoolName, 'zh-CN') || a.applicationId.localeCompare(b.applicationId));
}

// ---------------------------------------------------------------------------------------------------------------
// The expert's score sheet

export interface ScoreDraft {
  readonly criterionId: string;
  readonly score: number | null;
  readonly comment: string;
}

/** Pure: one draft per criterion, in the rubric's order, from what the expert saved so far. */
export function scoreDraftsOf(criteria: readonly RubricCriterionDto[], scores: readonly ScoreEntryDto[]): ScoreDraft[] {
  return sortedCriteria(criteria).map((criterion) => {
    const saved = scores.find((score) => score.criterionId === criterion.id);
    return { criterionId: criterion.id, score: num(saved?.score), comment: saved?.comment ?? '' };
  });
}

export function sortedCriteria(criteria: readonly RubricCriterionDto[]): RubricCriterionDto[] {
  return [...criteria].sort((a, b) => a.position - b.position);
}

/** Pure: what is wrong with one score as typed: not a number, below 0 or above the criterion's maximum. */
export function scoreProblem(score: number | null, maxScore: number, required = false): Translatable | null {
  if (score === null) return required ? { key: 'review.sheet.score.required' } : null;
  if (!Number.isFinite(score) || score < 0 || score > maxScore || !twoDecimals(score)) return { key: 'review.sheet.score.range', params: { max: maxScore } };
  return null;
}

/**
 * Pure: the problems of the sheet, by criterion id. Saving a draft accepts blanks; submitting needs every
 * criterion scored. Comments have a length limit either way.
 */
export function sheetProblems(criteria: readonly RubricCriterionDto[], drafts: readonly ScoreDraft[], forSubmit: boolean): Record<string, Translatable> {
  const problems: Record<string, Translatable> = {};
  for (const criterion of criteria) {
    const draft = drafts.find((d) => d.criterionId === criterion.id);
    const problem = scoreProblem(draft?.score ?? null, criterion.maxScore, forSubmit);
    if (problem) problems[criterion.id] = problem;
    else if ((draft?.comment.length ?? 0) > SCORE_COMMENT_MAX) problems[criterion.id] = { key: 'review.rubric.tooLong', params: { max: SCORE_COMMENT_MAX } };
  }
  return problems;
}

export interface LiveTotal {
  /** The weighted total 0…100 once every criterion holds a valid score; null before. */
  readonly total: number | null;
  /** What the valid scores so far contribute. */
  readonly partial: number;
  readonly scored: number;
  readonly of: number;
}

/**
 * Pure: the weighted total as the expert types (Σ score/max × weight, two decimals — `weightedTotal` of
 * the shared workflow, as the API computes it). Scores out of range do not count.
 */
export function liveTotal(criteria: readonly RubricCriterionDto[], drafts: readonly ScoreDraft[]): LiveTotal {
  const valid = new Map<string, number | null>();
  let partial = 0;
  let scored = 0;
  for (const criterion of criteria) {
    const score = drafts.find((d) => d.criterionId === criterion.id)?.score ?? null;
    const ok = score !== null && scoreProblem(score, criterion.maxScore) === null;
    valid.set(criterion.id, ok ? score : null);
    if (ok && criterion.maxScore > 0) {
      partial += (score / criterion.maxScore) * criterion.weight;
      scored += 1;
    }
  }
  return { total: weightedTotal(criteria, valid), partial: round2(partial), scored, of: criteria.length };
}

/** Pure: the request saving the drafts (comments trimmed). */
export function toSaveScoresRequest(drafts: readonly ScoreDraft[]): { scores: ScoreEntryDto[] } {
  return { scores: drafts.map((draft) => ({ criterionId: draft.criterionId, score: draft.score, comment: draft.comment.trim() })) };
}

export type ReviewTaskStatus = 'submitted' | 'inProgress' | 'pending';

export const REVIEW_TASK_STATUS_LABELS: Readonly<Record<ReviewTaskStatus, TranslationKey>> = {
  submitted: 'review.status.submitted',
  inProgress: 'review.status.inProgress',
  pending: 'review.status.pending',
};
export const REVIEW_TASK_STATUS_COLORS: Readonly<Record<ReviewTaskStatus, string>> = { submitted: 'green', inProgress: 'blue', pending: 'orange' };

/** Pure: 已提交 once submitted; 待评 otherwise (评分中 when every criterion is scored but not yet submitted). */
export function reviewTaskStatus(task: Pick<ReviewTaskDto, 'submittedAt' | 'total'>): ReviewTaskStatus {
  if (task.submittedAt) return 'submitted';
  return task.total !== null ? 'inProgress' : 'pending';
}

/** Pure: pending first, then by label. */
export function sortTasks<T extends Pick<ReviewTaskDto, 'submittedAt' | 'label'>>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => Number(!!a.submittedAt) - Number(!!b.submittedAt) || a.label.localeCompare(b.label, 'zh-CN'));
}

/** Pure: a sheet's `sections` entry as the printed form expects it (`{ content }`), whichever shape the API sends. */
export function sectionStatesOf(sections: Readonly<Record<string, unknown>>): Record<string, { content: unknown; version: number }> {
  const out: Record<string, { content: unknown; version: number }> = {};
  for (const [key, value] of Object.entries(sections)) {
    const wrapped = typeof value === 'object' && value !== null && !Array.isArray(value) && 'content' in value && 'version' in value;
    out[key] = wrapped ? { content: (value as { content: unknown }).content, version: Number((value as { version: unknown }).version) || 0 } : { content: value, version: 0 };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** The API's codes for review refusals, in words. */
const REVIEW_ERROR_KEYS: Partial<Readonly<Record<string, TranslationKey>>> = {
  [ErrorCode.reviewLocked]: 'review.error.locked',
  [ErrorCode.reviewIncomplete]: 'review.error.incomplete',
  [ErrorCode.notUnderReview]: 'review.error.notUnderReview',
  [ErrorCode.validationFailed]: 'review.error.invalid',
  [ErrorCode.notFound]: 'review.error.notFound',
};

/** Pure: a refused review request in words; anything unexpected falls back to the general message. */
export function describeReviewError(status: number, body: unknown, requestId?: string | null): Translatable {
  if (isApiErrorBody(body)) {
    const key = REVIEW_ERROR_KEYS[body.code];
    if (key) return { key };
    // The database refuses assigning an expert who declared a conflict with the school.
    if (status === 409 && /conflict of interest|conflicted/i.test(body.message)) return { key: 'review.error.conflicted' };
  }
  const general = describeHttpError(status, body, requestId);
  return { key: general.key, ...(general.params ? { params: general.params } : {}) };
}
