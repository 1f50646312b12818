import { Injectable } from '@nestjs/common';
import { AuditService, ORG_CHAIN } from '@dahe/api/core/data-access-audit';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import {
  type AssignResponse,
  type ConflictDto,
  ErrorCode,
  type ExpertDto,
  type ReviewProgressDto,
  type ReviewProgressRowDto,
  type ReviewSettingsDto,
  type RubricCriterionDto,
} from '@dahe/shared/contracts';
import { type AssignmentPair, balancedAssignment, reviewStatistics, rubricProblems, weightedTotal } from '@dahe/shared/workflow';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher';
import { SignoffEngine, type SignoffActor } from '../signoff-engine';
import type { AssignRequestDto, ConflictRequestDto, ReviewSettingsRequestDto } from './dto/review.dto';
import { type ReviewCallRow, isConflictOfInterestError, isOfficer, isReviewLockedError, loadReviewCall, requireExpert, requireOfficer, tenantOf } from './review-access';

/** States in which an application may get experts: after the formal check, before the decision. */
const ASSIGNABLE = new Set(['formal_check_passed', 'expert_review']);

interface CriterionRow {
  id: string;
  position: number;
  title: string;
  guidance: string;
  max_score: string;
  weight: string;
}

export function toCriterionDto(row: CriterionRow): RubricCriterionDto {
  return { id: row.id, position: row.position, title: row.title, guidance: row.guidance, maxScore: Number(row.max_score), weight: Number(row.weight) };
}

export function loadCriteria(sql: Sql, callId: string): Promise<CriterionRow[]> {
  return sql.rows<CriterionRow>(`SELECT id, position, title, guidance, max_score, weight FROM review_criterion WHERE call_id = $1 ORDER BY position`, [callId]);
}

/** The actor the sign-off engine needs, from the session. */
export function actorOf(identity: RequestIdentity, ip?: string): SignoffActor {
  return { userId: identity.userId, roles: identity.roles, orgId: identity.org.id, orgKind: identity.org.kind, orgPath: identity.org.path, ip };
}

/** The engine's record checks for a province officer: read the application, and move it by the CASL rule. */
export function officerHooks(identity: RequestIdentity) {
  return {
    visible: (application: { org_id: string; state: string }) => {
      if (!identity.ability.can('read', subject('Application', { orgId: application.org_id, state: application.state }))) throw new AppException(ErrorCode.notFound, 'Application not found');
    },
    permits: (_: string, application: { org_id: string; state: string }) => identity.ability.can('transition', subject('Application', { orgId: application.org_id, state: application.state })),
  };
}

/**
 * The province sets up and watches the expert review of a call: rubric and settings, its experts and their
 * conflicts of interest, assignments (by hand or balanced), and the progress of scoring.
 */
@Injectable()
export class ReviewSetupService {
  private readonly engine: SignoffEngine;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly outbox: OutboxDispatcher,
  ) {
    this.engine = new SignoffEngine(audit, outbox.notifier);
  }

  settings(identity: RequestIdentity, callId: string): Promise<ReviewSettingsDto> {
    requireOfficer(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => this.settingsOf(sql, await loadReviewCall(sql, identity, callId)));
  }

  /** Replaces settings and rubric; the rubric no longer changes once a score was submitted. */
  updateSettings(identity: RequestIdentity, callId: string, body: ReviewSettingsRequestDto): Promise<ReviewSettingsDto> {
    requireOfficer(identity);
    const problems = rubricProblems(body.criteria);
    if (problems.length > 0) {
      throw new AppException(ErrorCode.validationFailed, 'The rubric needs at least one criterion, weights above 0 adding up to 100, and max scores above 0', problems.map((p) => ('index' in p ? `criteria.${p.index}.${p.code}` : p.code)));
    }
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId, true);
      const current = await loadCriteria(sql, call.id);
      const next = body.criteria.map((c, index) => ({ position: index + 1, title: c.title.trim(), guidance: c.guidance.trim(), maxScore: c.maxScore, weight: c.weight }));
      const same =
        current.length === next.length &&
        next.every((c, i) => {
          const row = current[i];
          return row !== undefined && row.title === c.title && row.guidance === c.guidance && Number(row.max_score) === c.maxScore && Number(row.weight) === c.weight;
        });
      if (!same) {
        if (await this.locked(sql, call.id)) throw new AppException(ErrorCode.reviewLocked, 'Scores have been submitted: the rubric can no longer change');
        // Criteria keep their id by position, so experts' drafts survive a reworded criterion.
        for (const criterion of next) {
          const existing = current.find((row) => row.position === criterion.position);
          if (existing) {
            await sql.exec(`UPDATE review_criterion SET title = $2, guidance = $3, max_score = $4, weight = $5 WHERE id = $1`, [existing.id, criterion.title, criterion.guidance, criterion.maxScore, criterion.weight]);
          } else {
            await sql.exec(`INSERT INTO review_criterion (org_id, call_id, position, title, guidance, max_score, weight) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
              call.org_id,
              call.id,
              criterion.position,
              criterion.title,
              criterion.guidance,
              criterion.maxScore,
              criterion.weight,
            ]);
          }
        }
        const dropped = current.filter((row) => row.position > next.length).map((row) => row.id);
        if (dropped.length > 0) {
          await sql.exec(`DELETE FROM review_score WHERE criterion_id = ANY($1::uuid[])`, [dropped]);
          await sql.exec(`DELETE FROM review_criterion WHERE id = ANY($1::uuid[])`, [dropped]);
        }
      }
      const updated = await sql.one<ReviewCallRow>(
        `UPDATE call SET anonymous_review = $2, experts_per_application = $3, outlier_spread = $4, correction_until = $5 WHERE id = $1
         RETURNING id, org_id, title, anonymous_review, experts_per_application, outlier_spread, correction_until, results_published_at`,
        [call.id, body.anonymous, body.expertsPerApplication, body.outlierSpread, body.correctionUntil ? new Date(body.correctionUntil) : null],
      );
      if (!updated) throw new Error('call update returned nothing');
      return this.settingsOf(sql, updated);
    });
  }

  /** The province's active experts, with their load and conflicts in this call. */
  experts(identity: RequestIdentity, callId: string): Promise<ExpertDto[]> {
    requireOfficer(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId);
      const rows = await sql.rows<{ user_id: string; display_name: string; assigned: number; submitted: number; conflicts: string[] }>(
        `SELECT u.id AS user_id, u.display_name,
                (SELECT count(*) FROM review_assignment r WHERE r.call_id = $2 AND r.expert_id = u.id)::int AS assigned,
                (SELECT count(*) FROM review_assignment r WHERE r.call_id = $2 AND r.expert_id = u.id AND r.submitted_at IS NOT NULL)::int AS submitted,
                ARRAY(SELECT c.school_id::text FROM review_conflict c WHERE c.call_id = $2 AND c.expert_id = u.id ORDER BY c.school_id) AS conflicts
           FROM membership m JOIN app_user u ON u.id = m.user_id
          WHERE m.org_id = $1 AND m.role = 'expert' AND m.status = 'active'
          ORDER BY u.display_name, u.id`,
        [call.org_id, call.id],
      );
      return rows.map((row) => ({ userId: row.user_id, displayName: row.display_name, assigned: row.assigned, submitted: row.submitted, conflictSchoolIds: row.conflicts }));
    });
  }

  /** Schools of the province by name, for an expert declaring a conflict (experts cannot list applications). */
  schools(identity: RequestIdentity, callId: string, q = ''): Promise<{ id: string; name: string }[]> {
    if (!isOfficer(identity)) requireExpert(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      await loadReviewCall(sql, identity, callId);
      const pattern = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return sql.rows<{ id: string; name: string }>(
        `SELECT id, name FROM organisation WHERE kind = 'school' AND path LIKE $1 AND name ILIKE $2 ORDER BY name, id LIMIT 50`,
        [`${identity.org.path}%`, pattern],
      );
    });
  }

  /**
   * An expert declares a conflict of interest (利益冲突) with a school. Their unsubmitted assignments to
   * that school's applications in the call go at once: the trigger refuses new ones from now on.
   */
  declareConflict(identity: RequestIdentity, callId: string, body: ConflictRequestDto, ip?: string): Promise<ConflictDto> {
    requireExpert(identity);
    const reason = body.reason.trim();
    if (!reason) throw new AppException(ErrorCode.validationFailed, 'Give the reason for the conflict of interest');
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId);
      const school = await sql.one<{ id: string; name: string }>(`SELECT id, name FROM organisation WHERE id = $1 AND kind = 'school' AND path LIKE $2`, [body.schoolId, `${identity.org.path}%`]);
      if (!school) throw new AppException(ErrorCode.notFound, 'School not found or no access');
      const row = await sql.one<{ declared_at: Date; reason: string }>(
        `INSERT INTO review_conflict (org_id, call_id, expert_id, school_id, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id, call_id, expert_id, school_id) DO UPDATE SET reason = EXCLUDED.reason
         RETURNING declared_at, reason`,
        [call.org_id, call.id, identity.userId, school.id, reason],
      );
      if (!row) throw new Error('conflict upsert returned nothing');
      const removed = await sql.rows<{ application_id: string }>(
        `DELETE FROM review_assignment r USING application a
          WHERE r.org_id = $1 AND r.call_id = $2 AND r.expert_id = $3 AND r.submitted_at IS NULL AND a.id = r.application_id AND a.org_id = $4
          RETURNING r.application_id`,
        [call.org_id, call.id, identity.userId, school.id],
      );
      await this.audit.append(sql, {
        orgId: call.org_id,
        chain: ORG_CHAIN,
        actor: { userId: identity.userId, role: 'expert', ip },
        subject: { type: 'call', id: call.id },
        event: { action: 'review.conflict_declared', data: { callId: call.id, schoolId: school.id, removedAssignments: removed.map((r) => r.application_id).sort() } },
      });
      return { expertId: identity.userId, expertName: identity.displayName, schoolId: school.id, schoolName: school.name, reason: row.reason, declaredAt: row.declared_at.toISOString() };
    });
  }

  /** Every conflict of the call for the officer; an expert's own for an expert (row-level security agrees). */
  conflicts(identity: RequestIdentity, callId: string): Promise<ConflictDto[]> {
    const officer = isOfficer(identity);
    if (!officer) requireExpert(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId);
      const rows = await sql.rows<{ expert_id: string; expert_name: string; school_id: string; school_name: string; reason: string; declared_at: Date }>(
        `SELECT c.expert_id, u.display_name AS expert_name, c.school_id, o.name AS school_name, c.reason, c.declared_at
           FROM review_conflict c JOIN app_user u ON u.id = c.expert_id JOIN organisation o ON o.id = c.school_id
          WHERE c.org_id = $1 AND c.call_id = $2 AND ($3 OR c.expert_id = $4)
          ORDER BY c.declared_at, c.expert_id, c.school_id`,
        [call.org_id, call.id, officer, identity.userId],
      );
      return rows.map((r) => ({ expertId: r.expert_id, expertName: r.expert_name, schoolId: r.school_id, schoolName: r.school_name, reason: r.reason, declaredAt: r.declared_at.toISOString() }));
    });
  }

  /**
   * Assigns experts by hand or balanced. Only applications past the formal check and not yet decided; one
   * in `formal_check_passed` enters `expert_review` through the sign-off engine with its first expert.
   */
  async assign(identity: RequestIdentity, callId: string, body: AssignRequestDto, ip?: string): Promise<AssignResponse> {
    requireOfficer(identity);
    if (body.mode === 'manual' && (!body.applicationIds?.length || !body.expertIds?.length)) {
      throw new AppException(ErrorCode.validationFailed, 'Assigning by hand needs applicationIds and expertIds');
    }
    const result = await this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId);
      // One assignment run per call at a time: balanced loads are computed from what exists.
      await sql.rows(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`review-assign:${call.id}`]);

      const applications = body.applicationIds?.length
        ? await sql.rows<{ id: string; org_id: string; state: string }>(`SELECT id, org_id, state FROM application WHERE call_id = $1 AND id = ANY($2::uuid[]) ORDER BY submitted_at NULLS LAST, id`, [call.id, [...new Set(body.applicationIds)]])
        : await sql.rows<{ id: string; org_id: string; state: string }>(`SELECT id, org_id, state FROM application WHERE call_id = $1 AND state IN ('formal_check_passed', 'expert_review') ORDER BY submitted_at NULLS LAST, id`, [call.id]);
      if (body.applicationIds?.length && applications.length !== new Set(body.applicationIds).size) throw new AppException(ErrorCode.notFound, 'Application not found or no access');
      const wrongState = applications.filter((a) => !ASSIGNABLE.has(a.state)).map((a) => a.id);
      if (wrongState.length > 0) throw new AppException(ErrorCode.notUnderReview, 'Only applications that passed the formal check and are not decided get experts', wrongState);

      const pool = (
        await sql.rows<{ user_id: string }>(`SELECT DISTINCT user_id FROM membership WHERE org_id = $1 AND role = 'expert' AND status = 'active' ORDER BY user_id`, [call.org_id])
      ).map((r) => r.user_id);
      const chosen = body.expertIds?.length ? [...new Set(body.expertIds)].sort() : pool;
      const strangers = chosen.filter((id) => !pool.includes(id));
      if (strangers.length > 0) throw new AppException(ErrorCode.validationFailed, 'Not an active expert of this province', strangers);

      const existing = (await sql.rows<{ application_id: string; expert_id: string }>(`SELECT application_id, expert_id FROM review_assignment WHERE org_id = $1 AND call_id = $2`, [call.org_id, call.id])).map(
        (r): AssignmentPair => ({ applicationId: r.application_id, expertId: r.expert_id }),
      );
      const conflicts = (await sql.rows<{ expert_id: string; school_id: string }>(`SELECT expert_id, school_id FROM review_conflict WHERE org_id = $1 AND call_id = $2`, [call.org_id, call.id])).map((r) => ({
        expertId: r.expert_id,
        schoolId: r.school_id,
      }));

      const n = call.experts_per_application;
      let pairs: AssignmentPair[];
      let skippedConflicts = 0;
      if (body.mode === 'balanced') {
        const planned = balancedAssignment({ applications: applications.map((a) => ({ id: a.id, schoolId: a.org_id })), experts: chosen, existing, conflicts, perApplication: n });
        pairs = planned.pairs;
        skippedConflicts = planned.skippedConflicts;
      } else {
        const taken = new Set(existing.map((p) => `${p.applicationId}|${p.expertId}`));
        const conflicted = new Set(conflicts.map((c) => `${c.expertId}|${c.schoolId}`));
        pairs = [];
        for (const application of applications) {
          for (const expertId of chosen) {
            if (conflicted.has(`${expertId}|${application.org_id}`)) skippedConflicts++;
            else if (!taken.has(`${application.id}|${expertId}`)) pairs.push({ applicationId: application.id, expertId });
          }
        }
      }

      if (pairs.length > 0) {
        try {
          await sql.exec(
            `INSERT INTO review_assignment (org_id, application_id, expert_id, call_id, assigned_by)
             SELECT $1, x.application_id, x.expert_id, $2, $3 FROM unnest($4::uuid[], $5::uuid[]) AS x(application_id, expert_id)`,
            [call.org_id, call.id, identity.userId, pairs.map((p) => p.applicationId), pairs.map((p) => p.expertId)],
          );
        } catch (error) {
          // A conflict declared since we read them: the trigger refused; the whole run is rolled back.
          if (isConflictOfInterestError(error)) throw new AppException(ErrorCode.conflict, 'An expert declared a conflict of interest meanwhile; assign again');
          throw error;
        }
      }
      const started = new Set(pairs.map((p) => p.applicationId));
      for (const application of applications) {
        if (application.state === 'formal_check_passed' && started.has(application.id)) {
          await this.engine.apply(sql, actorOf(identity, ip), application.id, { action: 'start_expert_review' }, officerHooks(identity));
        }
      }
      const counts = new Map<string, number>();
      for (const pair of [...existing, ...pairs]) counts.set(pair.applicationId, (counts.get(pair.applicationId) ?? 0) + 1);
      const unfilled = applications.filter((a) => (counts.get(a.id) ?? 0) < n).map((a) => a.id);
      return { created: pairs.length, skippedConflicts, unfilled };
    });
    this.outbox.kick();
    return result;
  }

  /** Takes an expert off an application, unless they submitted already. */
  unassign(identity: RequestIdentity, callId: string, applicationId: string, expertId: string): Promise<void> {
    requireOfficer(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId);
      const row = await sql.one<{ submitted_at: Date | null }>(
        `SELECT submitted_at FROM review_assignment WHERE org_id = $1 AND call_id = $2 AND application_id = $3 AND expert_id = $4 FOR UPDATE`,
        [call.org_id, call.id, applicationId, expertId],
      );
      if (!row) throw new AppException(ErrorCode.notFound, 'Assignment not found or no access');
      if (row.submitted_at) throw new AppException(ErrorCode.reviewLocked, 'The expert submitted their scores: the assignment stays');
      try {
        await sql.exec(`DELETE FROM review_assignment WHERE org_id = $1 AND application_id = $2 AND expert_id = $3`, [call.org_id, applicationId, expertId]);
      } catch (error) {
        if (isReviewLockedError(error)) throw new AppException(ErrorCode.reviewLocked, 'The expert submitted their scores: the assignment stays');
        throw error;
      }
    });
  }

  /** Each application under review (or with experts): experts' submitted totals, mean, spread, outliers, decision. */
  progress(identity: RequestIdentity, callId: string): Promise<ReviewProgressDto> {
    requireOfficer(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const call = await loadReviewCall(sql, identity, callId);
      const criteria = (await loadCriteria(sql, call.id)).map(toCriterionDto);
      const applications = await sql.rows<{ id: string; state: string; school_name: string; project_name: string }>(
        `SELECT a.id, a.state, o.name AS school_name, coalesce(d.project_name, '') AS project_name
           FROM application a JOIN organisation o ON o.id = a.org_id LEFT JOIN application_digest d ON d.application_id = a.id
          WHERE a.call_id = $1 AND (a.state IN ('expert_review', 'approved', 'rejected') OR a.id IN (SELECT application_id FROM review_assignment WHERE call_id = $1))
          ORDER BY o.name, a.id`,
        [call.id],
      );
      const assignments = await sql.rows<{ application_id: string; expert_id: string; display_name: string; submitted_at: Date | null }>(
        `SELECT r.application_id, r.expert_id, u.display_name, r.submitted_at FROM review_assignment r JOIN app_user u ON u.id = r.expert_id
          WHERE r.org_id = $1 AND r.call_id = $2 ORDER BY r.assigned_at, u.display_name, r.expert_id`,
        [call.org_id, call.id],
      );
      // Only submitted scores: a draft may still change and is the expert's own until then.
      const scores = await sql.rows<{ application_id: string; expert_id: string; criterion_id: string; score: string | null }>(
        `SELECT s.application_id, s.expert_id, s.criterion_id, s.score FROM review_score s
           JOIN review_assignment r ON r.org_id = s.org_id AND r.application_id = s.application_id AND r.expert_id = s.expert_id
          WHERE r.org_id = $1 AND r.call_id = $2 AND r.submitted_at IS NOT NULL`,
        [call.org_id, call.id],
      );
      const decisions = await sql.rows<{ application_id: string; decision: 'approved' | 'rejected'; note: string; decided_at: Date; published_at: Date | null }>(
        `SELECT application_id, decision, note, decided_at, published_at FROM application_decision WHERE org_id = $1 AND call_id = $2`,
        [call.org_id, call.id],
      );
      const scoresOf = new Map<string, Map<string, number | null>>();
      for (const s of scores) {
        const key = `${s.application_id}|${s.expert_id}`;
        const map = scoresOf.get(key) ?? new Map<string, number | null>();
        map.set(s.criterion_id, s.score === null ? null : Number(s.score));
        scoresOf.set(key, map);
      }
      const decisionOf = new Map(decisions.map((d) => [d.application_id, d]));
      const outlierSpread = Number(call.outlier_spread);
      const rows = applications.map((application): ReviewProgressRowDto => {
        const experts = assignments
          .filter((a) => a.application_id === application.id)
          .map((a) => ({
            userId: a.expert_id,
            displayName: a.display_name,
            total: a.submitted_at ? weightedTotal(criteria, scoresOf.get(`${application.id}|${a.expert_id}`) ?? new Map()) : null,
            submittedAt: a.submitted_at?.toISOString() ?? null,
          }));
        const totals = experts.map((e) => e.total).filter((t): t is number => t !== null);
        const decision = decisionOf.get(application.id);
        return {
          applicationId: application.id,
          schoolName: application.school_name,
          projectName: application.project_name,
          state: application.state,
          experts,
          ...reviewStatistics(totals, outlierSpread),
          decision: decision ? { decision: decision.decision, note: decision.note, decidedAt: decision.decided_at.toISOString(), published: decision.published_at !== null } : null,
        };
      });
      const n = call.experts_per_application;
      return {
        callId: call.id,
        assignments: assignments.length,
        submitted: assignments.filter((a) => a.submitted_at).length,
        applications: rows.length,
        fullyScored: rows.filter((r) => r.experts.length >= n && r.experts.every((e) => e.submittedAt)).length,
        rows,
      };
    });
  }

  private async settingsOf(sql: Sql, call: ReviewCallRow): Promise<ReviewSettingsDto> {
    const criteria = (await loadCriteria(sql, call.id)).map(toCriterionDto);
    return {
      callId: call.id,
      anonymous: call.anonymous_review,
      expertsPerApplication: call.experts_per_application,
      outlierSpread: Number(call.outlier_spread),
      correctionUntil: call.correction_until?.toISOString() ?? null,
      criteria,
      locked: await this.locked(sql, call.id),
      resultsPublishedAt: call.results_published_at?.toISOString() ?? null,
    };
  }

  private async locked(sql: Sql, callId: string): Promise<boolean> {
    return (await sql.one<{ locked: boolean }>(`SELECT EXISTS (SELECT 1 FROM review_assignment WHERE call_id = $1 AND submitted_at IS NOT NULL) AS locked`, [callId]))?.locked === true;
  }
}
