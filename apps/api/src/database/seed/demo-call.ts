import type pg from 'pg';
import { shanghaiDeadline } from '@dahe/shared/workflow';

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
export async function seedDemoCall(client: pg.Client, orgIds: Map<string, { id: string }>, userIds: Map<string, string>): Promise<void> {
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

  // (school key, state, author): drafts being written, and a few further along the sign-off.
  const applications: [string, string, string][] = [
    ['s1', 'draft', 's1.contact'],
    ['s2', 'draft', 's2.contact'],
    ['zz2', 'awaiting_signature', 's1.contact'],
    ['ly2', 'signed', 's2.contact'],
    ['xx1', 'submitted', 's1.contact'],
  ];
  for (const [schoolKey, state, author] of applications) {
    const school = orgIds.get(schoolKey);
    const authorId = userIds.get(author);
    if (!school || !authorId) throw new Error(`demo application names unknown ${schoolKey} or ${author}`);
    const app = await client.query<{ id: string }>(`INSERT INTO application (org_id, call_id, state, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [school.id, callId, state, authorId]);
    const applicationId = app.rows[0]?.id;
    if (!applicationId) throw new Error('demo application insert returned nothing');
    if (schoolKey === 's1') {
      const content = {
        text: '学校是国家“双高计划”建设单位，现有专业48个，在校生2.1万人。近年来与哈萨克斯坦、泰国等国院校和中资企业合作，开展学历教育与技能培训，累计培训海外学员1200余人次。',
      };
      for (const [key, value] of [['school_foundation', content]] as const) {
        await client.query(`INSERT INTO application_section (org_id, application_id, section_key, version, content, updated_by) VALUES ($1, $2, $3, 1, $4, $5)`, [school.id, applicationId, key, JSON.stringify(value), authorId]);
        await client.query(`INSERT INTO application_section_version (org_id, application_id, section_key, version, content, author) VALUES ($1, $2, $3, 1, $4, $5)`, [school.id, applicationId, key, JSON.stringify(value), authorId]);
      }
    }
  }
}
