/**
 * Expert review (专家评审), as pure functions: the rubric's arithmetic, the statistics the officer reads
 * (mean, spread, standard deviation, outliers) and the balanced assignment of experts to applications.
 * The API runs them on rows it loaded; the web app shows the same numbers while an expert types.
 */

/** What the arithmetic needs of one rubric criterion. */
export interface RubricCriterion {
  id: string;
  maxScore: number;
  weight: number;
}

/** Weights of a rubric add up to 100, within this tolerance (two-decimal weights such as 33.33 × 3). */
export const WEIGHT_TOLERANCE = 0.01;

export type RubricProblem =
  | { code: 'no_criteria' }
  | { code: 'weight_not_positive'; index: number }
  | { code: 'max_score_not_positive'; index: number }
  | { code: 'weights_not_100'; sum: number };

/** Every problem of a rubric: at least one criterion, weights > 0 adding up to 100, each maxScore > 0. */
export function rubricProblems(criteria: readonly Omit<RubricCriterion, 'id'>[]): RubricProblem[] {
  if (criteria.length === 0) return [{ code: 'no_criteria' }];
  const problems: RubricProblem[] = [];
  criteria.forEach((criterion, index) => {
    if (!(Number.isFinite(criterion.weight) && criterion.weight > 0)) problems.push({ code: 'weight_not_positive', index });
    if (!(Number.isFinite(criterion.maxScore) && criterion.maxScore > 0)) problems.push({ code: 'max_score_not_positive', index });
  });
  const sum = criteria.reduce((total, criterion) => total + criterion.weight, 0);
  if (!(Math.abs(sum - 100) <= WEIGHT_TOLERANCE + 1e-9)) problems.push({ code: 'weights_not_100', sum: round2(sum) });
  return problems;
}

/** Rounded half away from zero to two decimals, without binary surprises such as 1.005 → 1.00. */
export function round2(value: number): number {
  return Math.sign(value) * Math.round(Number((Math.abs(value) * 100).toPrecision(12))) / 100;
}

/**
 * The weighted total on 0…100: Σ score_i / max_i × weight_i, rounded to two decimals; `null` while any
 * criterion is unscored (absent, `null` or not a number). Scores outside 0…max are the caller's to refuse.
 */
export function weightedTotal(criteria: readonly RubricCriterion[], scores: ReadonlyMap<string, number | null> | Readonly<Record<string, number | null | undefined>>): number | null {
  if (criteria.length === 0) return null;
  const scoreOf = (id: string) => (scores instanceof Map ? scores.get(id) : (scores as Readonly<Record<string, number | null | undefined>>)[id]);
  let total = 0;
  for (const criterion of criteria) {
    const score = scoreOf(criterion.id);
    if (typeof score !== 'number' || !Number.isFinite(score)) return null;
    total += (score / criterion.maxScore) * criterion.weight;
  }
  return round2(total);
}

/** The arithmetic mean, two decimals; `null` for no values. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return round2(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** max − min, two decimals; `null` for no values. */
export function spread(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return round2(Math.max(...values) - Math.min(...values));
}

/** The population standard deviation (divided by n, the experts are the whole panel), two decimals. */
export function standardDeviation(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const average = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - average) ** 2, 0) / values.length;
  return round2(Math.sqrt(variance));
}

/** Flagged when the experts' totals differ by at least the call's `outlier_spread` (never for one total). */
export function isOutlier(values: readonly number[], outlierSpread: number): boolean {
  const range = spread(values);
  return values.length >= 2 && range !== null && range >= outlierSpread;
}

export interface ReviewStatistics {
  mean: number | null;
  spread: number | null;
  standardDeviation: number | null;
  outlier: boolean;
}

/** The officer's figures over the submitted totals of one application. */
export function reviewStatistics(totals: readonly number[], outlierSpread: number): ReviewStatistics {
  return { mean: mean(totals), spread: spread(totals), standardDeviation: standardDeviation(totals), outlier: isOutlier(totals, outlierSpread) };
}

// ---------------------------------------------------------------------------------------------------------------
// Balanced assignment

export interface AssignmentPair {
  applicationId: string;
  expertId: string;
}

export interface BalancedAssignmentInput {
  /** In the order they should be served (ties and shortages go to the earlier ones). */
  applications: readonly { id: string; schoolId: string }[];
  /** The pool to draw from, in tie-break order. */
  experts: readonly string[];
  /** Assignments that already exist in the call: they count towards an application's n and an expert's load. */
  existing: readonly AssignmentPair[];
  /** Declared conflicts of interest: the expert is never assigned to that school's applications. */
  conflicts: readonly { expertId: string; schoolId: string }[];
  /** Experts per application. */
  perApplication: number;
}

export interface BalancedAssignmentResult {
  /** New pairs to create. */
  pairs: AssignmentPair[];
  /** Applications still short of `perApplication` experts afterwards. */
  unfilled: string[];
  /** (application, pool expert) pairs left out because of a declared conflict, among the applications topped up. */
  skippedConflicts: number;
}

/**
 * Tops every application up to `perApplication` experts, greedily: each application, in order, takes the
 * eligible experts with the lowest current load (ties by their order in `experts`). Eligible: in the pool,
 * not conflicted with the application's school, not already on it. Starting from even loads without
 * conflicts, loads stay within one of each other.
 */
export function balancedAssignment(input: BalancedAssignmentInput): BalancedAssignmentResult {
  const n = Math.max(0, Math.floor(input.perApplication));
  const order = new Map<string, number>();
  input.experts.forEach((id) => {
    if (!order.has(id)) order.set(id, order.size);
  });
  const pool = [...order.keys()];
  const load = new Map<string, number>(pool.map((id) => [id, 0]));
  const onApplication = new Map<string, Set<string>>();
  for (const pair of input.existing) {
    if (load.has(pair.expertId)) load.set(pair.expertId, (load.get(pair.expertId) ?? 0) + 1);
    const set = onApplication.get(pair.applicationId) ?? new Set<string>();
    set.add(pair.expertId);
    onApplication.set(pair.applicationId, set);
  }
  const conflicted = new Set(input.conflicts.map((c) => `${c.expertId}|${c.schoolId}`));

  const pairs: AssignmentPair[] = [];
  const unfilled: string[] = [];
  let skippedConflicts = 0;
  const seen = new Set<string>();
  for (const application of input.applications) {
    if (seen.has(application.id)) continue;
    seen.add(application.id);
    const assigned = onApplication.get(application.id) ?? new Set<string>();
    onApplication.set(application.id, assigned);
    const needed = n - assigned.size;
    if (needed <= 0) continue;
    const candidates = pool.filter((expert) => {
      if (assigned.has(expert)) return false;
      if (conflicted.has(`${expert}|${application.schoolId}`)) {
        skippedConflicts++;
        return false;
      }
      return true;
    });
    candidates.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
    for (const expert of candidates.slice(0, needed)) {
      pairs.push({ applicationId: application.id, expertId: expert });
      assigned.add(expert);
      load.set(expert, (load.get(expert) ?? 0) + 1);
    }
    if (assigned.size < n) unfilled.push(application.id);
  }
  return { pairs, unfilled, skippedConflicts };
}

/**
 * The anonymous label of an application in a call reviewed anonymously (匿名评审): `评审编号 R-` and six
 * characters derived from the id (FNV-1a, so browser and server agree without a crypto library). It does
 * not reveal the school; the id itself is not secret (it is in the URL).
 */
export function anonymousReviewLabel(applicationId: string): string {
  let hash = 0x811c9dc5;
  for (const char of applicationId.toLowerCase()) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const code = (hash % 36 ** 6).toString(36).toUpperCase().padStart(6, '0');
  return `评审编号 R-${code}`;
}
