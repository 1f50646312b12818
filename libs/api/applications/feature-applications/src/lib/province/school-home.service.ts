import { Injectable } from '@nestjs/common';
import { applicationChain } from '@dahe/api/core/data-access-audit';
import { Database } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { ErrorCode, type SchoolHomeDto } from '@dahe/shared/contracts';
import { SECTION_KEYS, type SectionsInput, sectionCompleteness } from '@dahe/shared/form';
import { type ApplicationState, effectiveDeadline, waitingFor } from '@dahe/shared/workflow';

interface ApplicationRow {
  id: string;
  call_id: string;
  state: ApplicationState;
  call_title: string;
  deadline: Date;
  extended_until: Date | null;
  results_published_at: Date | null;
  school_name: string;
  supervisor_name: string | null;
  province_name: string | null;
}

/**
 * A school's own applications across calls: how complete each section is, who is assigned to it, whose
 * move it is, and the decision once the province has published the call's results. Before publication
 * nothing of a decision shows: the decision rows are the province's (invisible to the school by row-level
 * security) and an application only reaches `approved`/`rejected` when the results are published; the
 * `results_published_at` test keeps it so even if a state were set early.
 */
@Injectable()
export class SchoolHomeService {
  constructor(private readonly db: Database) {}

  home(identity: RequestIdentity): Promise<SchoolHomeDto> {
    if (identity.org.kind !== 'school') throw new AppException(ErrorCode.forbidden, 'This page is for schools');
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const applications = await sql.rows<ApplicationRow>(
        `SELECT a.id, a.call_id, a.state, c.title AS call_title, c.deadline, x.extended_until, c.results_published_at,
                s.name AS school_name, sup.name AS supervisor_name, pr.name AS province_name
           FROM application a
           JOIN call c ON c.id = a.call_id
           JOIN organisation s ON s.id = a.org_id
           LEFT JOIN organisation sup ON sup.id = s.parent_id
           LEFT JOIN organisation pr ON pr.id = c.org_id
           LEFT JOIN deadline_extension x ON x.org_id = a.org_id AND x.call_id = a.call_id
          WHERE a.org_id = $1
          ORDER BY c.deadline DESC, a.created_at DESC, a.id`,
        [identity.org.id],
      );
      const ids = applications.map((a) => a.id);
      const sections = await sql.rows<{ application_id: string; section_key: string; content: unknown }>(
        `SELECT application_id, section_key, content FROM application_section WHERE org_id = $1 AND application_id = ANY($2::uuid[])`,
        [identity.org.id, ids],
      );
      const assignees = await sql.rows<{ application_id: string; section_key: string; display_name: string }>(
        `SELECT sa.application_id, sa.section_key, u.display_name FROM section_assignment sa JOIN app_user u ON u.id = sa.user_id
          WHERE sa.org_id = $1 AND sa.application_id = ANY($2::uuid[]) ORDER BY u.display_name`,
        [identity.org.id, ids],
      );
      const published = applications.filter((a) => (a.state === 'approved' || a.state === 'rejected') && a.results_published_at !== null);
      const notes = await sql.rows<{ chain: string; comment: string | null }>(
        `SELECT DISTINCT ON (chain) chain, data->>'comment' AS comment FROM audit_event
          WHERE org_id = $1 AND chain = ANY($2::text[]) AND action = 'application.decided' ORDER BY chain, seq DESC`,
        [identity.org.id, published.map((a) => applicationChain(a.id))],
      );

      const contentOf = new Map<string, SectionsInput>();
      for (const row of sections) {
        const content = contentOf.get(row.application_id) ?? {};
        (content as Record<string, unknown>)[row.section_key] = row.content;
        contentOf.set(row.application_id, content);
      }
      const assigned = new Map<string, string[]>();
      for (const row of assignees) {
        const key = `${row.application_id}:${row.section_key}`;
        assigned.set(key, [...(assigned.get(key) ?? []), row.display_name]);
      }
      const noteOf = new Map(notes.map((n) => [n.chain, n.comment ?? '']));

      return {
        applications: applications.map((a) => {
          const content = contentOf.get(a.id) ?? {};
          const completeness = sectionCompleteness(content);
          const basic = content.basic_info as { projectName?: unknown } | undefined;
          const projectName = typeof basic?.projectName === 'string' && basic.projectName.trim() !== '' ? basic.projectName.trim() : null;
          const who = waitingFor(a.state);
          const organisationName = who ? { school: a.school_name, supervisor: a.supervisor_name, province: a.province_name }[who.organisationKind] : null;
          const isPublished = published.includes(a);
          return {
            id: a.id,
            callId: a.call_id,
            callTitle: a.call_title,
            deadline: effectiveDeadline(a.deadline, a.extended_until ?? undefined).toISOString(),
            state: a.state,
            projectName,
            sections: SECTION_KEYS.map((key) => ({ key, filled: completeness[key].complete, assignee: assigned.get(`${a.id}:${key}`)?.join('、') ?? null })),
            waitingFor: who ? { role: who.role, organisationName: organisationName ?? '' } : null,
            decision:
              isPublished && a.results_published_at
                ? { decision: a.state as 'approved' | 'rejected', note: noteOf.get(applicationChain(a.id)) ?? '', publishedAt: a.results_published_at.toISOString() }
                : null,
          };
        }),
      };
    });
  }
}
