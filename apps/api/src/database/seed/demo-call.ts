import type pg from 'pg';
import { createHash, randomUUID } from 'node:crypto';
import { AuditService, type HashAlgorithm } from '@dahe/api/core/data-access-audit';
import type { Sql } from '@dahe/api/core/data-access-db';
import { SignoffEngine, type SignoffActor, type SignoffRequest, refreshDigest } from '@dahe/api/applications/feature-applications';
import type { OrganisationKind, Role } from '@dahe/shared/contracts';
import { type WorkflowAction, shanghaiDeadline } from '@dahe/shared/workflow';
import { DEMO_EVIDENCE, demoPdf, demoSections } from './demo-application';
import { DEMO_SUPERVISORS } from './demo-organisations';

/** The call of the notice (教办职成〔2024〕191号), open now, its deadline 30 days after the seed. */
export const DEMO_CALL = {
  title: '2024年“大河工坊”职教出海建设项目',
  year: 2024,
  contact: {
    name: '省教育厅职成教处：刘娜、王真真；合作处：陈兆武、白羽',
    phone: '0371-69691878 / 69691013',
    email: 'zhijiaochuhai@163.com',
    address: '郑州市郑东新区正光路11号省直综合楼D822房间',
  },
  // 危地不往、乱地不去: a few countries on caution, a few prohibited; the rest ok.
  countryRisk: {
    KZ: 'ok', UZ: 'ok', KG: 'ok', TH: 'ok', MY: 'ok', ID: 'ok', VN: 'ok', LA: 'ok', KH: 'ok', SG: 'ok',
    RU: 'ok', BY: 'ok', RS: 'ok', HU: 'ok', EG: 'ok', KE: 'ok', ET: 'ok', TZ: 'ok', ZA: 'ok', NG: 'ok',
    PK: 'caution', MM: 'caution', BD: 'caution', LK: 'caution', TJ: 'caution',
    AF: 'prohibited', SY: 'prohibited', YE: 'prohibited', SD: 'prohibited', SS: 'prohibited', LY: 'prohibited',
  },
} as const;

/** Seeds the demo call and applications in several states across the demo schools (as the owner). */
export async function seedDemoCall(client: pg.Client, orgIds: Map<string, { id: string }>, userIds: Map<string, string>, hashAlgorithm: HashAlgorithm = 'sm3'): Promise<void> {
  const province = orgIds.get('province');
  const officer = userIds.get('prov.officer');
  if (!province || !officer) throw new Error('demo call needs the province and prov.officer');
  const inThirtyDays = new Date(Date.now() + 30 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const call = await client.query<{ id: string }>(
    `INSERT INTO call (org_id, title, year, template, opens_at, deadline, per_school_limit, contact, country_risk, status, created_by)
     VALUES ($1, $2, $3, 'dahe-2024', now() - interval '1 day', $4, 1, $5, $6, 'open', $7) RETURNING id`,
    [province.id, DEMO_CALL.title, DEMO_CALL.year, shanghaiDeadline(inThirtyDays), JSON.stringify(DEMO_CALL.contact), JSON.stringify(DEMO_CALL.countryRisk), officer],
  );
  const callId = call.rows[0]?.id;
  if (!callId) throw new Error('demo call insert returned nothing');

  // (school key, state, contact): drafts being written, and a few further along the sign-off.
  const applications: [string, 'draft' | 'awaiting_signature' | 'signed' | 'submitted', string][] = [
    ['s1', 'draft', 's1.contact'],
    ['s2', 'draft', 's2.contact'],
    ['zz2', 'awaiting_signature', 'zz2.contact'],
    ['ly2', 'signed', 'ly2.contact'],
    ['xx1', 'submitted', 'xx1.contact'],
  ];
  const engine = new SignoffEngine(new AuditService(hashAlgorithm));
  const sql = ownerSql(client);
  for (const [schoolKey, state, author] of applications) {
    const school = orgIds.get(schoolKey);
    const authorId = userIds.get(author);
    if (!school || !authorId) throw new Error(`demo application names unknown ${schoolKey} or ${author}`);
    const app = await client.query<{ id: string }>(`INSERT INTO application (org_id, call_id, state, created_by) VALUES ($1, $2, 'draft', $3) RETURNING id`, [school.id, callId, authorId]);
    const applicationId = app.rows[0]?.id;
    if (!applicationId) throw new Error('demo application insert returned nothing');
    const writeSection = async (key: string, value: unknown) => {
      await client.query(`INSERT INTO application_section (org_id, application_id, section_key, version, content, updated_by) VALUES ($1, $2, $3, 1, $4, $5)`, [school.id, applicationId, key, JSON.stringify(value), authorId]);
      await client.query(`INSERT INTO application_section_version (org_id, application_id, section_key, version, content, author) VALUES ($1, $2, $3, 1, $4, $5)`, [school.id, applicationId, key, JSON.stringify(value), authorId]);
    };
    if (schoolKey === 's1') {
      await writeSection('school_foundation', {
        text: '学校是国家“双高计划”建设单位，现有专业48个，在校生2.1万人。近年来与哈萨克斯坦、泰国等国院校和中资企业合作，开展学历教育与技能培训，累计培训海外学员1200余人次。',
      });
    }
    if (state === 'draft') {
      await refreshDigest(sql, school.id, applicationId);
      continue;
    }

    // Further along: a complete 申报书 with its evidence, moved by the same code as the API's transitions.
    for (const [key, value] of Object.entries(demoSections())) await writeSection(key, value);
    // The listing digest and filled count, as the section save path keeps them.
    await refreshDigest(sql, school.id, applicationId);
    for (const evidence of DEMO_EVIDENCE) {
      const item = await client.query<{ id: string }>(
        `INSERT INTO evidence_item (org_id, application_id, category, title, is_agreement, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [school.id, applicationId, evidence.category, evidence.title, evidence.isAgreement, authorId],
      );
      const data = demoPdf(evidence.title, evidence.pages);
      // The PostgreSQL file store's layout (the embedded demo's store).
      const key = `evidence/${applicationId}/${randomUUID()}`;
      await client.query(`INSERT INTO file_blob (org_id, key, data) VALUES ($1, $2, $3)`, [school.id, key, data]);
      await client.query(
        `INSERT INTO evidence_file (org_id, item_id, application_id, filename, media_type, size, sha256, sm3, storage_key) VALUES ($1, $2, $3, $4, 'application/pdf', $5, $6, $7, $8)`,
        [school.id, item.rows[0]?.id, applicationId, evidence.filename, data.length, createHash('sha256').update(data).digest(), createHash('sm3').update(data).digest(), key],
      );
    }
    const supervisor = DEMO_SUPERVISORS.find((s) => s.schools.some((x) => x.key === schoolKey));
    const steps: [WorkflowAction, string, Partial<SignoffRequest>][] = [
      ['submit_for_signature', author, {}],
      ['sign', `${schoolKey}.legal`, { opinion: '同意申报。经审核，申报材料内容真实、准确。', reauthenticated: true }],
      ['approve', `${supervisor?.key}.reviewer`, { opinion: '经审核，同意推荐该项目。' }],
    ];
    const upTo = { awaiting_signature: 1, signed: 2, submitted: 3 }[state];
    for (const [action, username, extra] of steps.slice(0, upTo)) {
      const userId = userIds.get(username);
      if (!userId) throw new Error(`demo sign-off needs ${username}`);
      const actor = await actorOf(client, userId);
      // Row-level security's context, as the API sets it, so content visibility is decided the same way.
      await client.query(`SELECT set_config('dahe.org_path', $1, true), set_config('dahe.user_id', $2, true)`, [actor.orgPath, userId]);
      await engine.apply(sql, actor, applicationId, { action, ...extra });
    }
  }
  await client.query(`SELECT set_config('dahe.org_path', '', true), set_config('dahe.user_id', '', true)`);
}

/** The person's (only) demo membership, as a sign-off actor. */
async function actorOf(client: pg.Client, userId: string): Promise<SignoffActor> {
  const rows = (
    await client.query<{ org_id: string; kind: OrganisationKind; path: string; role: Role }>(
      `SELECT m.org_id, o.kind, o.path, m.role FROM membership m JOIN organisation o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.path`,
      [userId],
    )
  ).rows;
  const [first] = rows;
  if (!first) throw new Error(`demo user ${userId} has no membership`);
  return { userId, orgId: first.org_id, orgKind: first.kind, orgPath: first.path, roles: rows.filter((r) => r.org_id === first.org_id).map((r) => r.role) };
}

/** The seed's owner connection seen through the repositories' Sql interface. */
function ownerSql(client: pg.Client): Sql {
  return {
    rows: async <T extends object>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    one: async <T extends object>(text: string, params?: unknown[]) => (await client.query(text, params)).rows[0] as T | undefined,
    exec: async (text: string, params?: unknown[]) => (await client.query(text, params)).rowCount ?? 0,
  };
}
