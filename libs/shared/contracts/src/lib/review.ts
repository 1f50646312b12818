/**
 * Expert review (专家评审, issue 6): the call's rubric, experts' conflicts of interest, assignments,
 * scores, progress, decisions (立项) and their publication. All of it belongs to the province: schools and
 * supervising units never read any of it; an expert reads only what is assigned to them.
 */

/** One criterion of a call's rubric. Weights of a rubric add up to 100; a score is 0…maxScore. */
export interface RubricCriterionDto {
  id: string;
  position: number;
  title: string;
  /** What the expert should look for (评分要点). */
  guidance: string;
  maxScore: number;
  weight: number;
}

/** `GET /api/calls/:id/review`, `PUT /api/calls/:id/review` (the rubric is locked once any score is submitted). */
export interface ReviewSettingsDto {
  callId: string;
  /** Experts see no school identity (匿名评审). */
  anonymous: boolean;
  /** How many experts score each application. */
  expertsPerApplication: number;
  /** An application whose experts' totals differ by at least this many points is flagged. */
  outlierSpread: number;
  /** 补正 (return for correction) is allowed until this instant; null: not allowed. ISO. */
  correctionUntil: string | null;
  criteria: RubricCriterionDto[];
  /** True once a score has been submitted: criteria can no longer change. */
  locked: boolean;
  /** When the province published the decisions; null before. */
  resultsPublishedAt: string | null;
}

export interface ReviewSettingsRequest {
  anonymous: boolean;
  expertsPerApplication: number;
  outlierSpread: number;
  correctionUntil: string | null;
  criteria: Omit<RubricCriterionDto, 'id' | 'position'>[];
}

/** An expert of the province, with their load in one call. */
export interface ExpertDto {
  userId: string;
  displayName: string;
  assigned: number;
  submitted: number;
  /** Schools the expert declared a conflict of interest with, in this call. */
  conflictSchoolIds: string[];
}

/** `POST /api/calls/:id/review/conflicts` by an expert: 利益冲突申报. */
export interface ConflictRequest { schoolId: string; reason: string }
export interface ConflictDto { expertId: string; expertName: string; schoolId: string; schoolName: string; reason: string; declaredAt: string }

/** `POST /api/calls/:id/review/assignments`: by hand (`expertIds` for `applicationIds`) or balanced. */
export interface AssignRequest {
  mode: 'manual' | 'balanced';
  applicationIds?: string[];
  /** manual: these experts; balanced: draw from these (default: every expert of the province). */
  expertIds?: string[];
}
export interface AssignResponse { created: number; skippedConflicts: number; unfilled: string[] }

/** One expert's scoring of one application. */
export interface ScoreEntryDto { criterionId: string; score: number | null; comment: string }

/** `GET /api/reviews`: what is assigned to the calling expert. */
export interface ReviewTaskDto {
  applicationId: string;
  callId: string;
  callTitle: string;
  /** 匿名编号 when the call's review is anonymous, the school's name otherwise. */
  label: string;
  projectName: string;
  /** Weighted total 0…100 of the expert's scores so far, null while incomplete. */
  total: number | null;
  submittedAt: string | null;
}

/** `GET /api/reviews/:applicationId`: the application as the expert may see it, and their scores. */
export interface ReviewSheetDto extends ReviewTaskDto {
  anonymous: boolean;
  /** Sections' content; without `cover` (contact) when anonymous. */
  sections: Record<string, unknown>;
  evidence: { category: string; title: string; pages: number | null }[];
  criteria: RubricCriterionDto[];
  scores: ScoreEntryDto[];
}

/** `PUT /api/reviews/:applicationId` saves; `POST /api/reviews/:applicationId/submit` locks. */
export interface SaveScoresRequest { scores: ScoreEntryDto[] }

/** `GET /api/calls/:id/review/progress`: each application under review, for the officer. */
export interface ReviewProgressRowDto {
  applicationId: string;
  schoolName: string;
  projectName: string;
  state: string;
  experts: { userId: string; displayName: string; total: number | null; submittedAt: string | null }[];
  /** Mean of submitted totals; null before the first. */
  mean: number | null;
  /** max − min of submitted totals. */
  spread: number | null;
  standardDeviation: number | null;
  outlier: boolean;
  decision: { decision: 'approved' | 'rejected'; note: string; decidedAt: string; published: boolean } | null;
}
export interface ReviewProgressDto {
  callId: string;
  assignments: number;
  submitted: number;
  applications: number;
  fullyScored: number;
  rows: ReviewProgressRowDto[];
}

/** `POST /api/calls/:id/decisions`: records decisions (立项), not yet visible to schools. */
export interface DecisionsRequest { items: { applicationId: string; decision: 'approved' | 'rejected'; note: string }[] }
export interface DecisionsResponse { recorded: number }

/** `POST /api/calls/:id/publish-results`: every recorded decision becomes the application's state. */
export interface PublishResultsResponse { published: number; publishedAt: string }
