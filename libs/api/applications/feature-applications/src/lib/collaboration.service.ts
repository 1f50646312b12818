import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import { ErrorCode, Role, type SectionAssignments, type SectionPresenceDto } from '@dahe/shared/contracts';
import { isSectionKey } from '@dahe/shared/form';

/** How long a heartbeat keeps someone shown as editing. */
const PRESENCE_SECONDS = 30;

/** Section assignments and who is editing what. */
@Injectable()
export class CollaborationService {
  constructor(private readonly db: Database) {}

  assignments(identity: RequestIdentity, applicationId: string): Promise<SectionAssignments> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await readableApplication(sql, identity, applicationId);
      return this.assignmentsOf(sql, orgId, applicationId);
    });
  }

  /** school_admin and contact assign drafters of the school to a section (replacing the list). */
  setAssignees(identity: RequestIdentity, applicationId: string, key: string, userIds: string[]): Promise<SectionAssignments> {
    if (!isSectionKey(key)) throw new AppException(ErrorCode.notFound, `No section "${key}" in this template`);
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await readableApplication(sql, identity, applicationId);
      if (!identity.roles.includes(Role.schoolAdmin) && !identity.roles.includes(Role.contact)) {
        throw new AppException(ErrorCode.forbidden, 'The school admin or the contact assigns sections');
      }
      const wanted = [...new Set(userIds)];
      const drafters = await sql.rows<{ user_id: string }>(`SELECT user_id FROM membership WHERE org_id = $1 AND role = 'drafter' AND status = 'active' AND user_id = ANY($2)`, [orgId, wanted]);
      if (drafters.length !== wanted.length) throw new AppException(ErrorCode.validationFailed, 'Sections are assigned to drafters of the school');
      await sql.exec(`DELETE FROM section_assignment WHERE org_id = $1 AND application_id = $2 AND section_key = $3`, [orgId, applicationId, key]);
      for (const userId of wanted) {
        await sql.exec(`INSERT INTO section_assignment (org_id, application_id, section_key, user_id, assigned_by) VALUES ($1, $2, $3, $4, $5)`, [orgId, applicationId, key, userId, identity.userId]);
      }
      return this.assignmentsOf(sql, orgId, applicationId);
    });
  }

  /** Records a heartbeat and answers who else has the section open. */
  heartbeat(identity: RequestIdentity, applicationId: string, key: string): Promise<SectionPresenceDto> {
    if (!isSectionKey(key)) throw new AppException(ErrorCode.notFound, `No section "${key}" in this template`);
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const orgId = await readableApplication(sql, identity, applicationId);
      await sql.exec(
        `INSERT INTO section_presence (org_id, application_id, section_key, user_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, application_id, section_key, user_id) DO UPDATE SET seen_at = now()`,
        [orgId, applicationId, key, identity.userId],
      );
      const editors = await sql.rows<{ user_id: string; display_name: string; seen_at: Date }>(
        `SELECT p.user_id, u.display_name, p.seen_at FROM section_presence p JOIN app_user u ON u.id = p.user_id
          WHERE p.org_id = $1 AND p.application_id = $2 AND p.section_key = $3 AND p.user_id <> $4 AND p.seen_at > now() - make_interval(secs => $5)
          ORDER BY u.display_name`,
        [orgId, applicationId, key, identity.userId, PRESENCE_SECONDS],
      );
      return { editors: editors.map((e) => ({ userId: e.user_id, displayName: e.display_name, since: e.seen_at.toISOString() })) };
    });
  }

  private async assignmentsOf(sql: Sql, orgId: string, applicationId: string): Promise<SectionAssignments> {
    const rows = await sql.rows<{ section_key: string; user_id: string; display_name: string }>(
      `SELECT a.section_key, a.user_id, u.display_name FROM section_assignment a JOIN app_user u ON u.id = a.user_id
        WHERE a.org_id = $1 AND a.application_id = $2 ORDER BY a.section_key, u.display_name`,
      [orgId, applicationId],
    );
    const result: SectionAssignments = {};
    for (const row of rows) (result[row.section_key] ??= []).push({ userId: row.user_id, displayName: row.display_name });
    return result;
  }
}

/** The application's school id, if this person may read its text; else 404. */
export async function readableApplication(sql: Sql, identity: RequestIdentity, applicationId: string): Promise<string> {
  const application = await sql.one<{ org_id: string }>(`SELECT org_id FROM application WHERE id = $1`, [applicationId]);
  const readable = application ? await sql.one<{ ok: boolean }>(`SELECT dahe_content_readable($1, $2) AS ok`, [application.org_id, applicationId]) : undefined;
  if (!application || !readable?.ok || !identity.ability.can('read', subject('Application', { orgId: application.org_id }))) {
    throw new AppException(ErrorCode.notFound, 'Application not found');
  }
  return application.org_id;
}

/** A drafter without the contact or admin role writes only the sections assigned to them. */
export async function mayWriteSection(sql: Sql, identity: RequestIdentity, orgId: string, applicationId: string, key: string): Promise<boolean> {
  if (identity.roles.includes(Role.schoolAdmin) || identity.roles.includes(Role.contact)) return true;
  const assigned = await sql.one<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM section_assignment WHERE org_id = $1 AND application_id = $2 AND section_key = $3 AND user_id = $4) AS ok`,
    [orgId, applicationId, key, identity.userId],
  );
  return assigned?.ok ?? false;
}
