import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { type CountDto, ErrorCode, type SupervisorDashboardDto } from '@dahe/shared/contracts';
import { APPLICATION_STATES } from '@dahe/shared/workflow';
import { STATE_LABELS } from '../documents/application-document';

/** A supervising unit reads an application's text from `signed` on (as dahe_content_readable says). */
const CONTENT_HIDDEN = new Set(['draft', 'awaiting_signature', 'withdrawn']);

interface ApplicationRow {
  id: string;
  org_id: string;
  state: string;
  project_name: string | null;
  updated_at: Date;
  signed_at: Date | null;
}

/**
 * A supervising unit's view of one call: its schools with their applications, what waits for its
 * approval and the counts by state. Row-level security limits it to its own subtree; the queries name
 * the unit's schools as well, so nothing else could show even if a policy were wrong.
 */
@Injectable()
export class SupervisorDashboardService {
  constructor(private readonly db: Database) {}

  dashboard(identity: RequestIdentity, callId: string | undefined): Promise<SupervisorDashboardDto> {
    if (identity.org.kind !== 'supervisor') throw new AppException(ErrorCode.forbidden, 'This dashboard is for supervising units');
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const call = await findCall(sql, callId);
      const schools = await sql.rows<{ id: string; name: string }>(`SELECT id, name FROM organisation WHERE parent_id = $1 AND kind = 'school' ORDER BY name, id`, [identity.org.id]);
      const applications = await sql.rows<ApplicationRow>(
        `SELECT a.id, a.org_id, a.state, d.project_name, a.updated_at,
                (SELECT max(g.signed_at) FROM signature g
                  WHERE g.org_id = a.org_id AND g.application_id = a.id AND g.kind = 'legal_rep' AND g.voided_at IS NULL) AS signed_at
           FROM application a
           JOIN organisation s ON s.id = a.org_id
           LEFT JOIN application_digest d ON d.org_id = a.org_id AND d.application_id = a.id
          WHERE a.call_id = $1 AND s.parent_id = $2
          ORDER BY a.updated_at DESC, a.id`,
        [call.id, identity.org.id],
      );
      const bySchool = new Map<string, ApplicationRow[]>();
      for (const row of applications) bySchool.set(row.org_id, [...(bySchool.get(row.org_id) ?? []), row]);
      const names = new Map(schools.map((s) => [s.id, s.name]));
      const projectName = (row: ApplicationRow) => (CONTENT_HIDDEN.has(row.state) ? null : (row.project_name ?? ''));
      const counts = new Map<string, number>();
      for (const row of applications) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);

      return {
        callId: call.id,
        deadline: call.deadline.toISOString(),
        schools: schools.map((school) => ({
          schoolId: school.id,
          schoolName: school.name,
          applications: (bySchool.get(school.id) ?? []).map((row) => ({ id: row.id, state: row.state, projectName: projectName(row), updatedAt: row.updated_at.toISOString() })),
        })),
        waiting: applications
          .filter((row) => row.state === 'signed')
          .sort((a, b) => (a.signed_at?.getTime() ?? 0) - (b.signed_at?.getTime() ?? 0))
          .map((row) => ({ id: row.id, schoolName: names.get(row.org_id) ?? '', projectName: projectName(row) ?? '', signedAt: row.signed_at?.toISOString() ?? null })),
        byState: APPLICATION_STATES.map((state): CountDto => ({ key: state, label: STATE_LABELS[state] ?? state, count: counts.get(state) ?? 0 })),
      };
    });
  }
}

/** The call asked for, or the open call closing last (then the latest of all): "not found" when none is visible. */
async function findCall(sql: Sql, callId: string | undefined): Promise<{ id: string; deadline: Date }> {
  const call = callId
    ? await sql.one<{ id: string; deadline: Date }>(`SELECT id, deadline FROM call WHERE id = $1`, [callId])
    : await sql.one<{ id: string; deadline: Date }>(`SELECT id, deadline FROM call WHERE status <> 'draft' ORDER BY (status = 'open') DESC, deadline DESC LIMIT 1`);
  if (!call) throw new AppException(ErrorCode.notFound, 'Call not found');
  return call;
}
