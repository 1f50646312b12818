import { Injectable } from '@nestjs/common';
import { AuditService, ORG_CHAIN } from '@dahe/api/core/data-access-audit';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode, type ReviewSheetDto, type ReviewTaskDto, type RubricCriterionDto, type ScoreEntryDto } from '@dahe/shared/contracts';
import { anonymousReviewLabel, weightedTotal } from '@dahe/shared/workflow';
import type { SaveScoresRequestDto } from './dto/review.dto';
import { isReviewLockedError, requireExpert, tenantOf } from './review-access';
import { loadCriteria, toCriterionDto } from './review-setup.service';

interface TaskRow {
  org_id: string;
  application_id: string;
  school_org_id: string;
  call_id: string;
  call_title: string;
  anonymous_review: boolean;
  school_name: string;
  project_name: string | null;
  submitted_at: Date | null;
}

/**
 * An expert's own part of the review: their assignments, the application as they may read it (without
 * the school's identity when the call is anonymous), their scores, and the submission that locks them.
 * Every query runs in the expert's tenant transaction: row-level security shows them only what is
 * assigned to them, whatever these queries ask for.
 */
@Injectable()
export class ExpertReviewService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  tasks(identity: RequestIdentity): Promise<ReviewTaskDto[]> {
    requireExpert(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const rows = await this.taskRows(sql, identity);
      const criteria = new Map<string, RubricCriterionDto[]>();
      for (const callId of new Set(rows.map((r) => r.call_id))) criteria.set(callId, (await loadCriteria(sql, callId)).map(toCriterionDto));
      const scores = await sql.rows<{ application_id: string; criterion_id: string; score: string | null }>(
        `SELECT application_id, criterion_id, score FROM review_score WHERE org_id = $1 AND expert_id = $2`,
        [identity.org.id, identity.userId],
      );
      return rows.map((row) => {
        const mine = new Map(scores.filter((s) => s.application_id === row.application_id).map((s) => [s.criterion_id, s.score === null ? null : Number(s.score)]));
        return toTask(row, weightedTotal(criteria.get(row.call_id) ?? [], mine));
      });
    });
  }

  sheet(identity: RequestIdentity, applicationId: string): Promise<ReviewSheetDto> {
    requireExpert(identity);
    return this.db.inTenant(tenantOf(identity), (sql) => this.sheetIn(sql, identity, applicationId));
  }

  /** Saves a draft of the expert's scores (any subset of the criteria); nothing once submitted. */
  save(identity: RequestIdentity, applicationId: string, body: SaveScoresRequestDto): Promise<ReviewSheetDto> {
    requireExpert(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const task = await this.lockTask(sql, identity, applicationId);
      if (task.submitted_at) throw new AppException(ErrorCode.reviewLocked, 'You submitted this review: the scores are locked');
      const criteria = (await loadCriteria(sql, task.call_id)).map(toCriterionDto);
      const problems: string[] = [];
      const seen = new Set<string>();
      body.scores.forEach((entry, i) => {
        const criterion = criteria.find((c) => c.id === entry.criterionId);
        if (!criterion) problems.push(`scores.${i}.criterionId: not a criterion of this call`);
        else if (entry.score !== null && entry.score > criterion.maxScore) problems.push(`scores.${i}.score: at most ${criterion.maxScore}`);
        if (seen.has(entry.criterionId)) problems.push(`scores.${i}.criterionId: given twice`);
        seen.add(entry.criterionId);
      });
      if (problems.length > 0) throw new AppException(ErrorCode.validationFailed, 'Scores must be 0…maxScore of a criterion of this call', problems);
      try {
        for (const entry of body.scores) {
          await sql.exec(
            `INSERT INTO review_score (org_id, application_id, expert_id, criterion_id, score, comment) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (org_id, application_id, expert_id, criterion_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, updated_at = now()`,
            [task.org_id, task.application_id, identity.userId, entry.criterionId, entry.score, entry.comment],
          );
        }
      } catch (error) {
        if (isReviewLockedError(error)) throw new AppException(ErrorCode.reviewLocked, 'You submitted this review: the scores are locked');
        throw error;
      }
      return this.sheetIn(sql, identity, applicationId);
    });
  }

  /** Every criterion scored, or 422 listing the missing ones; then locked, and recorded on the province's trail. */
  submit(identity: RequestIdentity, applicationId: string, ip?: string): Promise<ReviewSheetDto> {
    requireExpert(identity);
    return this.db.inTenant(tenantOf(identity), async (sql) => {
      const task = await this.lockTask(sql, identity, applicationId);
      if (task.submitted_at) throw new AppException(ErrorCode.reviewLocked, 'You submitted this review already');
      const criteria = (await loadCriteria(sql, task.call_id)).map(toCriterionDto);
      const scores = await this.scoresOf(sql, identity, applicationId);
      const scoreOf = new Map(scores.map((s) => [s.criterionId, s.score]));
      const missing = criteria.filter((c) => {
        const score = scoreOf.get(c.id);
        return typeof score !== 'number' || score < 0 || score > c.maxScore;
      });
      if (missing.length > 0 || criteria.length === 0) {
        throw new AppException(ErrorCode.reviewIncomplete, 'Score every criterion (0…max) before submitting', missing.map((c) => c.id));
      }
      const total = weightedTotal(criteria, scoreOf);
      try {
        await sql.exec(`UPDATE review_assignment SET submitted_at = now() WHERE org_id = $1 AND application_id = $2 AND expert_id = $3`, [task.org_id, task.application_id, identity.userId]);
      } catch (error) {
        if (isReviewLockedError(error)) throw new AppException(ErrorCode.reviewLocked, 'You submitted this review already');
        throw error;
      }
      // The province's own chain: the application's trail is the school's to read, and must not show scores.
      await this.audit.append(sql, {
        orgId: task.org_id,
        chain: ORG_CHAIN,
        actor: { userId: identity.userId, role: 'expert', ip },
        subject: { type: 'application', id: task.application_id },
        event: { action: 'review.submitted', data: { callId: task.call_id, applicationId: task.application_id, total: total ?? 0 } },
      });
      return this.sheetIn(sql, identity, applicationId);
    });
  }

  private async sheetIn(sql: Sql, identity: RequestIdentity, applicationId: string): Promise<ReviewSheetDto> {
    const [task] = await this.taskRows(sql, identity, applicationId);
    if (!task) throw new AppException(ErrorCode.notFound, 'Review not found or no access');
    const criteria = (await loadCriteria(sql, task.call_id)).map(toCriterionDto);
    const sections = await sql.rows<{ section_key: string; content: unknown }>(
      `SELECT section_key, content FROM application_section WHERE org_id = $1 AND application_id = $2 ORDER BY section_key`,
      [task.school_org_id, task.application_id],
    );
    const evidence = await sql.rows<{ category: string; title: string }>(
      `SELECT category, title FROM evidence_item WHERE org_id = $1 AND application_id = $2 ORDER BY created_at, id`,
      [task.school_org_id, task.application_id],
    );
    const stored = await this.scoresOf(sql, identity, applicationId);
    const scores: ScoreEntryDto[] = criteria.map((c) => stored.find((s) => s.criterionId === c.id) ?? { criterionId: c.id, score: null, comment: '' });
    const anonymous = task.anonymous_review;
    return {
      ...toTask(task, weightedTotal(criteria, new Map(scores.map((s) => [s.criterionId, s.score])))),
      anonymous,
      // The cover names the contact person and their mobile: not for an anonymous review.
      sections: Object.fromEntries(sections.filter((s) => !(anonymous && s.section_key === 'cover')).map((s) => [s.section_key, s.content])),
      evidence: evidence.map((e) => ({ category: e.category, title: e.title, pages: null })),
      criteria,
      scores,
    };
  }

  private taskRows(sql: Sql, identity: RequestIdentity, applicationId?: string): Promise<TaskRow[]> {
    return sql.rows<TaskRow>(
      `SELECT r.org_id, r.application_id, a.org_id AS school_org_id, r.call_id, c.title AS call_title, c.anonymous_review, o.name AS school_name,
              s.content->>'projectName' AS project_name, r.submitted_at
         FROM review_assignment r
         JOIN application a ON a.id = r.application_id
         JOIN call c ON c.id = r.call_id
         JOIN organisation o ON o.id = a.org_id
         LEFT JOIN application_section s ON s.org_id = a.org_id AND s.application_id = a.id AND s.section_key = 'basic_info'
        WHERE r.org_id = $1 AND r.expert_id = $2 AND ($3::uuid IS NULL OR r.application_id = $3)
        ORDER BY r.submitted_at NULLS FIRST, r.assigned_at, r.application_id`,
      [identity.org.id, identity.userId, applicationId ?? null],
    );
  }

  private async lockTask(sql: Sql, identity: RequestIdentity, applicationId: string) {
    const task = await sql.one<{ org_id: string; application_id: string; call_id: string; submitted_at: Date | null }>(
      `SELECT org_id, application_id, call_id, submitted_at FROM review_assignment WHERE org_id = $1 AND application_id = $2 AND expert_id = $3 FOR UPDATE`,
      [identity.org.id, applicationId, identity.userId],
    );
    if (!task) throw new AppException(ErrorCode.notFound, 'Review not found or no access');
    return task;
  }

  private async scoresOf(sql: Sql, identity: RequestIdentity, applicationId: string): Promise<ScoreEntryDto[]> {
    const rows = await sql.rows<{ criterion_id: string; score: string | null; comment: string }>(
      `SELECT criterion_id, score, comment FROM review_score WHERE org_id = $1 AND application_id = $2 AND expert_id = $3`,
      [identity.org.id, applicationId, identity.userId],
    );
    return rows.map((r) => ({ criterionId: r.criterion_id, score: r.score === null ? null : Number(r.score), comment: r.comment }));
  }
}

function toTask(row: TaskRow, total: number | null): ReviewTaskDto {
  return {
    applicationId: row.application_id,
    callId: row.call_id,
    callTitle: row.call_title,
    label: row.anonymous_review ? anonymousReviewLabel(row.application_id) : row.school_name,
    projectName: row.project_name ?? '',
    total,
    submittedAt: row.submitted_at?.toISOString() ?? null,
  };
}
