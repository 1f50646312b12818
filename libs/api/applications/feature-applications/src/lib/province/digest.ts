import type { Sql } from '@dahe/api/core/data-access-db';
import { COOPERATION_CODES, type Code, SECTION_KEYS, type SectionsInput, isCode, sectionCompleteness } from '@dahe/shared/form';

/**
 * The listing fields of one application, taken from its content, and how many of the form's sections are
 * filled: what `application_digest` and `application.filled_sections` hold, so the intake table, the
 * dashboards and the export never parse section JSON at 100,000 rows.
 */
export interface ApplicationDigest {
  projectName: string;
  /** ISO alpha-2 as written (upper-cased), or null when none is chosen yet. */
  countryCode: string | null;
  /** Known 合作形式 codes, each once, in the template's order. */
  cooperationForms: Code[];
  partnerEnterprises: string[];
  partnerInstitution: string;
  /** Sections whose every required answer is given (sectionCompleteness's `complete`): 0…10. */
  filledSections: number;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Pure: from any subset of sections, content not yet trusted (drafts arrive half filled). */
export function applicationDigest(sections: SectionsInput): ApplicationDigest {
  const cover = record(sections.cover);
  const basic = record(sections.basic_info);
  const chosen = new Set(Array.isArray(cover['cooperationForms']) ? cover['cooperationForms'].filter(isCode) : []);
  const country = text(basic['countryCode']).toUpperCase();
  const completeness = sectionCompleteness(sections);
  return {
    projectName: text(basic['projectName']),
    countryCode: country === '' ? null : country,
    cooperationForms: COOPERATION_CODES.filter((code) => chosen.has(code)),
    partnerEnterprises: (Array.isArray(basic['partnerEnterprises']) ? basic['partnerEnterprises'] : []).map(text).filter((name) => name !== ''),
    partnerInstitution: text(basic['partnerInstitution']),
    filledSections: SECTION_KEYS.filter((key) => completeness[key].complete).length,
  };
}

/** Upserts the digest row of one application (the caller's transaction; row-level security applies). */
export async function writeDigest(sql: Sql, orgId: string, applicationId: string, digest: ApplicationDigest): Promise<void> {
  await sql.exec(
    `INSERT INTO application_digest (org_id, application_id, project_name, country_code, cooperation_forms, partner_enterprises, partner_institution, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (org_id, application_id) DO UPDATE
       SET project_name = EXCLUDED.project_name, country_code = EXCLUDED.country_code, cooperation_forms = EXCLUDED.cooperation_forms,
           partner_enterprises = EXCLUDED.partner_enterprises, partner_institution = EXCLUDED.partner_institution, updated_at = now()`,
    [orgId, applicationId, digest.projectName, digest.countryCode, digest.cooperationForms, digest.partnerEnterprises, digest.partnerInstitution],
  );
}

/**
 * Recomputes the digest and the filled count of one application from its stored sections: for writers
 * other than the section save path (the demo seed, repairs). The save path computes the same from the
 * sections it has in hand.
 */
export async function refreshDigest(sql: Sql, orgId: string, applicationId: string): Promise<ApplicationDigest> {
  const rows = await sql.rows<{ section_key: string; content: unknown }>(
    `SELECT section_key, content FROM application_section WHERE org_id = $1 AND application_id = $2`,
    [orgId, applicationId],
  );
  const digest = applicationDigest(Object.fromEntries(rows.map((r) => [r.section_key, r.content])) as SectionsInput);
  await writeDigest(sql, orgId, applicationId, digest);
  await sql.exec(`UPDATE application SET filled_sections = $3 WHERE org_id = $1 AND id = $2`, [orgId, applicationId, digest.filledSections]);
  return digest;
}
