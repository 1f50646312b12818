import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '@dahe/api/core/data-access-db';
import { mayWriteSection } from './collaboration.service';
import { EvidenceService } from './evidence.service';
import { applicationDigest, writeDigest } from './province/digest';
import type { RequestIdentity } from '@dahe/api/core/util-auth';
import { AppException } from '@dahe/api/core/util-http';
import { subject } from '@dahe/shared/authz';
import {
  type ApplicationDto,
  type ApplicationSummaryDto,
  ErrorCode,
  type SectionState,
  type SectionVersionDto,
} from '@dahe/shared/contracts';
import { type Code, SECTION_KEYS, type SectionKey, type SectionsInput, type ValidationReport, isSectionKey, sectionContentProblems, validateApplication } from '@dahe/shared/form';

interface ApplicationRow {
  org_id: string;
  id: string;
  call_id: string;
  state: string;
  updated_at: Date;
  content_hash?: Buffer | null;
  content_hash_alg?: 'sm3' | 'sha256' | null;
  receipt_no?: string | null;
}

interface SectionRow {
  section_key: string;
  content: unknown;
  version: number;
  updated_by: string;
  updated_at: Date;
}

/** States in which drafters may write (a returned application is corrected like a draft). */
const EDITABLE = new Set(['draft', 'returned']);
/** The sections the listing digest is taken from (cover: 合作形式; 基本信息: name, country, partners). */
const DIGEST_SECTIONS = new Set<string>(['cover', 'basic_info']);

/** A save that lost the race: what is stored now travels with the refusal. */
export class StaleSectionException extends AppException {
  constructor(
    readonly viaIfMatch: boolean,
    readonly current: SectionState,
  ) {
    super(viaIfMatch ? ErrorCode.preconditionFailed : ErrorCode.conflict, 'The section was saved by someone else since you loaded it', undefined, { current });
  }
}

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly db: Database,
    private readonly evidence: EvidenceService,
  ) {}

  create(identity: RequestIdentity, callId: string): Promise<ApplicationDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      if (!identity.ability.can('create', subject('Application', { orgId: identity.org.id }))) throw new AppException(ErrorCode.forbidden, 'Not allowed');
      const call = await sql.one<{ id: string; status: string; opens_at: Date; deadline: Date; per_school_limit: number }>(`SELECT * FROM call WHERE id = $1`, [callId]);
      if (!call || call.status !== 'open') throw new AppException(ErrorCode.notFound, 'No open call with this id');
      const now = Date.now();
      if (now < call.opens_at.getTime() || now >= call.deadline.getTime()) throw new AppException(ErrorCode.conflict, 'The call is not accepting applications now');
      // Serialise creation per school and call, so the per-school limit holds under concurrent clicks.
      await sql.rows(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`application:${identity.org.id}:${callId}`]);
      const existing = await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM application WHERE org_id = $1 AND call_id = $2 AND state <> 'withdrawn'`, [identity.org.id, callId]);
      if ((existing?.n ?? 0) >= call.per_school_limit) throw new AppException(ErrorCode.conflict, `This call allows ${call.per_school_limit} application(s) per school`);
      const row = await sql.one<ApplicationRow>(`INSERT INTO application (org_id, call_id, created_by) VALUES ($1, $2, $3) RETURNING *`, [identity.org.id, callId, identity.userId]);
      if (!row) throw new Error('application insert returned nothing');
      return this.detail(sql, row);
    });
  }

  /** Scoped in SQL by row-level security: a school its own, a supervisor its schools', the province all. */
  list(identity: RequestIdentity): Promise<ApplicationSummaryDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const rows = await sql.rows<ApplicationRow & { organisation_name: string }>(
        `SELECT a.*, o.name AS organisation_name FROM application a JOIN organisation o ON o.id = a.org_id ORDER BY a.updated_at DESC LIMIT 500`,
      );
      return rows.map((row) => ({ id: row.id, callId: row.call_id, orgId: row.org_id, organisationName: row.organisation_name, state: row.state, updatedAt: row.updated_at.toISOString() }));
    });
  }

  get(identity: RequestIdentity, id: string): Promise<ApplicationDto> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => this.detail(sql, await this.load(sql, identity, id)));
  }

  /**
   * Saves one section if, and only if, it is still at the version the edit was based on. The check is
   * the write itself (`… WHERE version = $n`): zero rows means someone else saved first.
   */
  saveSection(identity: RequestIdentity, id: string, key: string, content: unknown, basedOn: { version: number; viaIfMatch: boolean }): Promise<{ version: number }> {
    if (!isSectionKey(key)) throw new AppException(ErrorCode.notFound, `No section "${key}" in this template`);
    const problems = sectionContentProblems(key, content);
    if (problems.length > 0) throw new AppException(ErrorCode.validationFailed, 'The content does not have the shape of this section', problems);
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      // FOR NO KEY UPDATE: a save waits for a sign-off holding the row (FOR UPDATE) and then sees its new
      // state, so nothing changes the content after it was hashed. Not FOR SHARE: concurrent savers would
      // each hold a share lock the others' `UPDATE application` must wait for, and deadlock.
      const application = await this.load(sql, identity, id, 'FOR NO KEY UPDATE');
      if (!identity.ability.can('update', subject('Application', { orgId: application.org_id, state: application.state }))) {
        throw new AppException(ErrorCode.forbidden, 'Only the school’s drafters edit an application');
      }
      if (!EDITABLE.has(application.state)) throw new AppException(ErrorCode.conflict, `The application is ${application.state}; it can be edited only as a draft`);
      if (!(await mayWriteSection(sql, identity, application.org_id, id, key))) {
        throw new AppException(ErrorCode.forbidden, 'This section is assigned to other drafters; ask the contact to assign it to you');
      }
      const json = JSON.stringify(content);
      const next = basedOn.version + 1;
      const written =
        basedOn.version === 0
          ? await sql.exec(
              `INSERT INTO application_section (org_id, application_id, section_key, version, content, updated_by) VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT DO NOTHING`,
              [application.org_id, id, key, json, identity.userId],
            )
          : await sql.exec(
              `UPDATE application_section SET version = version + 1, content = $5, updated_by = $6, updated_at = now()
                WHERE org_id = $1 AND application_id = $2 AND section_key = $3 AND version = $4`,
              [application.org_id, id, key, basedOn.version, json, identity.userId],
            );
      if (written === 0) throw new StaleSectionException(basedOn.viaIfMatch, await this.currentSection(sql, application.org_id, id, key));
      await sql.exec(
        `INSERT INTO application_section_version (org_id, application_id, section_key, version, content, author) VALUES ($1, $2, $3, $4, $5, $6)`,
        [application.org_id, id, key, next, json, identity.userId],
      );
      // The listing digest and the filled count follow the content in the same transaction: the other
      // sections as stored, this one as just written.
      const others = await sql.rows<{ section_key: string; content: unknown }>(
        `SELECT section_key, content FROM application_section WHERE org_id = $1 AND application_id = $2 AND section_key <> $3`,
        [application.org_id, id, key],
      );
      const digest = applicationDigest({ ...(Object.fromEntries(others.map((r) => [r.section_key, r.content])) as SectionsInput), [key]: content });
      if (DIGEST_SECTIONS.has(key)) await writeDigest(sql, application.org_id, id, digest);
      await sql.exec(`UPDATE application SET updated_at = now(), filled_sections = $3 WHERE org_id = $1 AND id = $2`, [application.org_id, id, digest.filledSections]);
      return { version: next };
    });
  }

  /** Restores an old version as a new one (history is never rewritten); guarded like any save. */
  async restore(identity: RequestIdentity, id: string, key: string, version: number, basedOn: { version: number; viaIfMatch: boolean }): Promise<{ version: number }> {
    const old = (await this.history(identity, id, key)).find((entry) => entry.version === version);
    if (!old) throw new AppException(ErrorCode.notFound, `No version ${version} of this section`);
    return this.saveSection(identity, id, key, old.content, basedOn);
  }

  section(identity: RequestIdentity, id: string, key: string): Promise<SectionState> {
    if (!isSectionKey(key)) throw new AppException(ErrorCode.notFound, `No section "${key}" in this template`);
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.load(sql, identity, id);
      await this.requireContent(sql, application);
      return this.currentSection(sql, application.org_id, id, key);
    });
  }

  history(identity: RequestIdentity, id: string, key: string): Promise<SectionVersionDto[]> {
    if (!isSectionKey(key)) throw new AppException(ErrorCode.notFound, `No section "${key}" in this template`);
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.load(sql, identity, id);
      await this.requireContent(sql, application);
      const rows = await sql.rows<{ version: number; content: unknown; author: string; author_name: string; saved_at: Date }>(
        `SELECT v.version, v.content, v.author, u.display_name AS author_name, v.saved_at
           FROM application_section_version v JOIN app_user u ON u.id = v.author
          WHERE v.org_id = $1 AND v.application_id = $2 AND v.section_key = $3 ORDER BY v.version DESC`,
        [application.org_id, id, key],
      );
      return rows.map((r) => ({ version: r.version, content: r.content, author: r.author, authorName: r.author_name, savedAt: r.saved_at.toISOString() }));
    });
  }

  /**
   * The validation report: the same shared function the editor runs as people type; this one decides.
   */
  validation(identity: RequestIdentity, id: string): Promise<ValidationReport> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const application = await this.load(sql, identity, id);
      await this.requireContent(sql, application);
      const call = await sql.one<{ country_risk: Record<string, 'ok' | 'caution' | 'prohibited'> }>(`SELECT country_risk FROM call WHERE id = $1`, [application.call_id]);
      const rows = await sql.rows<SectionRow>(`SELECT * FROM application_section WHERE org_id = $1 AND application_id = $2`, [application.org_id, application.id]);
      const sections = Object.fromEntries(rows.map((row) => [row.section_key, row.content])) as SectionsInput;
      const risk = call?.country_risk ?? {};
      const evidence = (await this.evidence.items(sql, application.org_id, application.id)).map((item) => ({ category: item.category as Code, isAgreement: item.isAgreement }));
      return validateApplication({ sections, evidence, countryRisk: (iso2) => risk[iso2] });
    });
  }

  /** The application, visible to this person (row-level security) and readable by the CASL rule; else 404. */
  private async load(sql: Sql, identity: RequestIdentity, id: string, lock: '' | 'FOR NO KEY UPDATE' = ''): Promise<ApplicationRow> {
    const row = await sql.one<ApplicationRow>(`SELECT * FROM application WHERE id = $1 ${lock}`, [id]);
    if (!row || !identity.ability.can('read', subject('Application', { orgId: row.org_id, state: row.state }))) {
      throw new AppException(ErrorCode.notFound, 'Application not found');
    }
    return row;
  }

  /** Text is visible only to whom the state allows (row-level security's dahe_content_readable). */
  private async requireContent(sql: Sql, application: ApplicationRow): Promise<void> {
    const readable = await sql.one<{ ok: boolean }>(`SELECT dahe_content_readable($1, $2) AS ok`, [application.org_id, application.id]);
    if (!readable?.ok) throw new AppException(ErrorCode.notFound, 'Application not found');
  }

  private async currentSection(sql: Sql, orgId: string, id: string, key: SectionKey): Promise<SectionState> {
    const row = await sql.one<SectionRow>(`SELECT * FROM application_section WHERE org_id = $1 AND application_id = $2 AND section_key = $3`, [orgId, id, key]);
    return row ? { content: row.content, version: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at.toISOString() } : { content: null, version: 0 };
  }

  private async detail(sql: Sql, application: ApplicationRow): Promise<ApplicationDto> {
    const sections: Record<string, SectionState> = {};
    const readable = (await sql.one<{ ok: boolean }>(`SELECT dahe_content_readable($1, $2) AS ok`, [application.org_id, application.id]))?.ok ?? false;
    if (readable) {
      const rows = await sql.rows<SectionRow>(`SELECT * FROM application_section WHERE org_id = $1 AND application_id = $2`, [application.org_id, application.id]);
      for (const key of SECTION_KEYS) {
        const row = rows.find((r) => r.section_key === key);
        sections[key] = row ? { content: row.content, version: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at.toISOString() } : { content: null, version: 0 };
      }
    }
    const contentHash = application.content_hash && application.content_hash_alg ? `${application.content_hash_alg}:${application.content_hash.toString('hex')}` : null;
    // The school's name for the cover (申报学校): readers outside the school do not have it in their session.
    const school = await sql.one<{ name: string }>(`SELECT name FROM organisation WHERE id = $1`, [application.org_id]);
    return { id: application.id, callId: application.call_id, orgId: application.org_id, organisationName: school?.name ?? '', state: application.state, contentHash, receiptNo: application.receipt_no ?? null, sections };
  }
}
