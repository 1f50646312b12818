/**
 * The province runs the call (issue 6): the intake list, dashboards for province, supervising unit and
 * school, and the Excel export. Fixed by the domain: `GET /api/calls/:id/dashboard`,
 * `GET /api/calls/:id/export.xlsx`.
 */

/** `GET /api/calls/:id/intake` query. Every filter is optional; `page` starts at 1. */
export interface IntakeQuery {
  state?: string[];
  supervisorId?: string;
  city?: string;
  schoolType?: 'higher_vocational' | 'secondary_vocational';
  cooperationForm?: string;
  countryCode?: string;
  /** Matches school or project name. */
  q?: string;
  sort?: 'submittedAt' | 'schoolName' | 'projectName' | 'state' | 'receiptNo' | 'city' | 'meanScore';
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface IntakeRowDto {
  id: string;
  schoolId: string;
  schoolName: string;
  schoolType: string;
  supervisorId: string;
  supervisorName: string;
  city: string | null;
  projectName: string;
  cooperationForms: string[];
  countryCode: string | null;
  state: string;
  submittedAt: string | null;
  receiptNo: string | null;
  meanScore: number | null;
  decision: 'approved' | 'rejected' | null;
}

export interface IntakePageDto { total: number; page: number; pageSize: number; rows: IntakeRowDto[] }

/** A labelled count: one bar, slice or table row. */
export interface CountDto { key: string; label: string; count: number }

/** `GET /api/calls/:id/dashboard` (province officer). */
export interface ProvinceDashboardDto {
  callId: string;
  deadline: string;
  /** When these figures were computed: the API serves one computation for up to 15 s. */
  generatedAt: string;
  /** Every state's count, drafts included (counts only), in workflow order; label = state code. */
  byState: CountDto[];
  /**
   * This and the four below count the received applications: `submitted` and later (formal_check_passed,
   * returned — received once —, expert_review, approved, rejected), ranked by count. Label = the unit's name.
   */
  bySupervisor: CountDto[];
  /** Label = the city's name. */
  byCity: CountDto[];
  /** Label = the school type code. */
  bySchoolType: CountDto[];
  /** All six 合作形式 codes, zeros included; an application counts once under each form it chose. Label = code. */
  byCooperationForm: CountDto[];
  /** ISO alpha-2 code (label too). */
  byCountry: CountDto[];
  /** Receipts per day (Asia/Shanghai dates), with the running total. */
  submissionsPerDay: { day: string; count: number; cumulative: number }[];
  /** Open drafts (draft, returned) by how many of the form's sections are filled: key `0`…`10`. */
  draftCompleteness: CountDto[];
  review: { assignments: number; submitted: number; applications: number; fullyScored: number };
  /** Submitted expert totals in bins of 10 points: key `0-10` … `90-100`. */
  scoreDistribution: CountDto[];
}

/** `GET /api/supervisor/dashboard?callId=` (supervising unit). */
export interface SupervisorDashboardDto {
  callId: string;
  deadline: string;
  schools: { schoolId: string; schoolName: string; applications: { id: string; state: string; projectName: string | null; updatedAt: string }[] }[];
  /** Signed applications waiting for this unit's approval. */
  waiting: { id: string; schoolName: string; projectName: string; signedAt: string | null }[];
  byState: CountDto[];
}

/** `GET /api/school/home` (school members). */
export interface SchoolHomeDto {
  applications: {
    id: string;
    callId: string;
    callTitle: string;
    deadline: string;
    state: string;
    projectName: string | null;
    /** Section key → filled. */
    sections: { key: string; filled: boolean; assignee: string | null }[];
    /** Whose move it is, or null when final. */
    waitingFor: { role: string; organisationName: string } | null;
    /** After publication only. */
    decision: { decision: 'approved' | 'rejected'; note: string; publishedAt: string } | null;
  }[];
}

/** Progress of a long export, pushed as server-sent events or polled. `error` once it failed (then `done` stays false). */
export interface ExportProgressDto { rows: number; total: number; done: boolean; error?: string }

/** `POST /api/calls/:id/exports` (body: the intake's filters): the job to poll at `GET /api/exports/:id`. */
export interface ExportJobDto { id: string; total: number }
