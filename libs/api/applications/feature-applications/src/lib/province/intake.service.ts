import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode, type IntakePageDto, type IntakeRowDto } from '@dahe/shared/contracts';
import { INTAKE_MAX_PAGE_SIZE, type IntakeQueryDto } from './dto/intake.dto';
import { RECEIVED_STATES, applicationFilterSql } from './export-workbook';

type SortKey = NonNullable<IntakeQueryDto['sort']>;

/** Each sort key's expression over the filter query's aliases (`m`: the mean of submitted totals). */
const SORT_SQL: Record<SortKey, string> = {
  submittedAt: 'a.submitted_at',
  schoolName: 's.name',
  projectName: 'd.project_name',
  state: 'a.state',
  receiptNo: 'a.receipt_no',
  city: 's.city',
  meanScore: 'm.mean',
};

/**
 * The mean of the submitted experts' totals, two decimals, as kept in `application_score` at each
 * submission (migration 1765600000000; each total is Σ score / max_score × weight, rounded as weightedTotal
 * in libs/shared/workflow rounds it). `$2` is the province owning the review rows.
 */
interface IntakeSqlRow {
  total: string;
  id: string;
  school_id: string;
  school_name: string;
  school_type: string;
  supervisor_id: string;
  supervisor_name: string;
  city: string | null;
  project_name: string | null;
  cooperation_forms: string[] | null;
  country_code: string | null;
  state: string;
  submitted_at: Date | null;
  receipt_no: string | null;
  mean_score: string | null;
  decision: 'approved' | 'rejected' | null;
}

/**
 * The province's intake table: a call's applications from `submitted` on (returned ones were received
 * once), filtered, sorted with the id as tie-breaker, one page at a time with the total. One statement:
 * the filter runs over narrow rows (the application's own columns and the sort key; the digest only when
 * a filter or the sort needs it), and only the page's rows are joined to their names, digest, mean score
 * and decision. Each table under row-level security is named as few times as possible: its policy's
 * visible-organisation set is built once per mention (~5 ms for a province of 5,000 schools). Row-level security scopes it as well (the province's subtree; the
 * digest only from `submitted` on).
 */
@Injectable()
export class IntakeService {
  constructor(private readonly db: Database) {}

  page(identity: RequestIdentity, callId: string, query: IntakeQueryDto): Promise<IntakePageDto> {
    // The route's policy (export Call) is the province officer's; the intake is the province's in any case.
    if (identity.org.kind !== 'province') throw new AppException(ErrorCode.forbidden, 'The intake is the province’s');
    const page = query.page ?? 1;
    const pageSize = Math.min(query.pageSize ?? 50, INTAKE_MAX_PAGE_SIZE);
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const call = await sql.one<{ id: string; org_id: string }>(`SELECT id, org_id FROM call WHERE id = $1`, [callId]);
      if (!call) throw new AppException(ErrorCode.notFound, 'Call not found');
      const { text, params } = intakeQuery(call.id, call.org_id, query, page, pageSize);
      const rows = await sql.rows<IntakeSqlRow>(text, params);
      const total = rows[0] ? Number(rows[0].total) : page > 1 ? await countIntake(sql, call.id, query) : 0;
      return { total, page, pageSize, rows: rows.map(toDto) };
    });
  }
}

/** The page's statement; exported for the SQL snapshot and the benchmark's baseline. */
export function intakeQuery(callId: string, provinceId: string, query: IntakeQueryDto, page: number, pageSize: number): { text: string; params: unknown[] } {
  const params: unknown[] = [callId, provinceId, RECEIVED_STATES];
  const where = [`a.call_id = $1`, `a.state = ANY($3::text[])`, ...applicationFilterSql(query, params)];
  const sort = query.sort ?? 'submittedAt';
  const dir = query.dir === 'desc' ? 'DESC' : 'ASC';
  // The digest is joined for the filter only when a filter or the sort needs it (its policy costs per row).
  const needsDigest = Boolean(query.cooperationForm || query.countryCode || sort === 'projectName');
  params.push(pageSize, (page - 1) * pageSize);
  const limit = `$${params.length - 1}`;
  const offset = `$${params.length}`;
  const text = `
    WITH f AS (
      SELECT a.id, a.org_id, a.state, a.submitted_at, a.receipt_no, ${SORT_SQL[sort]} AS k
        FROM application a
        JOIN organisation s ON s.id = a.org_id
        ${needsDigest ? 'LEFT JOIN application_digest d ON d.call_id = $1 AND d.state = ANY($3::text[]) AND d.org_id = a.org_id AND d.application_id = a.id' : ''}
        ${sort === 'meanScore' ? `LEFT JOIN application_score m ON m.org_id = $2 AND m.call_id = $1 AND m.application_id = a.id` : ''}
       WHERE ${where.join(' AND ')}
    ), page AS (
      SELECT f.id, f.org_id, f.state, f.submitted_at, f.receipt_no, count(*) OVER () AS total,
             row_number() OVER (ORDER BY f.k ${dir} NULLS LAST, f.id ${dir}) AS n
        FROM f ORDER BY n LIMIT ${limit} OFFSET ${offset}
    )
    SELECT p.total, p.id, p.org_id AS school_id, s.name AS school_name, s.school_type, sup.id AS supervisor_id, sup.name AS supervisor_name,
           s.city, d.project_name, d.cooperation_forms, d.country_code, p.state, p.submitted_at, p.receipt_no,
           sc.mean AS mean_score,
           dec.decision
      FROM page p
      JOIN organisation s ON s.id = p.org_id
      JOIN organisation sup ON sup.id = s.parent_id
      LEFT JOIN application_digest d ON d.org_id = p.org_id AND d.application_id = p.id
      LEFT JOIN application_score sc ON sc.org_id = $2 AND sc.application_id = p.id
      LEFT JOIN application_decision dec ON dec.org_id = $2 AND dec.application_id = p.id
     ORDER BY p.n`;
  return { text, params };
}

/** A page past the end has no rows to carry the total: count on its own. */
async function countIntake(sql: Sql, callId: string, query: IntakeQueryDto): Promise<number> {
  const params: unknown[] = [callId, RECEIVED_STATES];
  const where = [`a.call_id = $1`, `a.state = ANY($2::text[])`, ...applicationFilterSql(query, params)];
  const row = await sql.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM application a JOIN organisation s ON s.id = a.org_id
       LEFT JOIN application_digest d ON d.org_id = a.org_id AND d.application_id = a.id
      WHERE ${where.join(' AND ')}`,
    params,
  );
  return row?.n ?? 0;
}

function toDto(row: IntakeSqlRow): IntakeRowDto {
  return {
    id: row.id,
    schoolId: row.school_id,
    schoolName: row.school_name,
    schoolType: row.school_type,
    supervisorId: row.supervisor_id,
    supervisorName: row.supervisor_name,
    city: row.city,
    projectName: row.project_name ?? '',
    cooperationForms: row.cooperation_forms ?? [],
    countryCode: row.country_code,
    state: row.state,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    receiptNo: row.receipt_no,
    meanScore: row.mean_score === null ? null : Number(row.mean_score),
    decision: row.decision,
  };
}
