import pg from 'pg';
import { applicationDigest, contentHash } from '@dahe/api/applications/feature-applications';

type ContentHashAlgorithm = 'sm3' | 'sha256';
import { creditCodeCheckChar } from '@dahe/shared/contracts';
import { COOPERATION_CODES, COUNTRY_CODES, SECTION_KEYS } from '@dahe/shared/form';
import { type ApplicationState, shanghaiDeadline } from '@dahe/shared/workflow';
import { ConfigError } from '../../config';
import { DEMO_CALL } from './demo-call';
import { demoSections } from './demo-application';

/**
 * `seed:load`: a large, realistic province for load tests (issue 6): supervising units for Henan's 18
 * cities and 济源示范区, N schools of both kinds under them, calls of 2023–2025 and M applications in every
 * state with their sections. Rows are built in Node from a seeded generator and written as the owner with
 * batched `INSERT … SELECT FROM unnest(...)`, in one transaction. Every application gets its listing digest
 * and filled-section count, as the section save path keeps them. The closed calls are reviewed: a rubric
 * (four criteria, weights 30/30/20/20), {@link LOAD_EXPERTS} generated experts of the province, two or three
 * assignments per application from `expert_review` on with scores (all submitted for decided ones, some
 * for those still under review), decisions for the approved and rejected ones, results published. Audit
 * events, signatures and evidence are not generated for the large set.
 */
export interface LoadSeedOptions {
  schools: number;
  applications: number;
  seed?: number;
  hashAlgorithm?: ContentHashAlgorithm;
  batchSize?: number;
  log?: (message: string) => void;
}

export interface LoadSeedResult {
  supervisors: number;
  schools: number;
  calls: number;
  applications: number;
  sections: number;
  experts: number;
  assignments: number;
  scores: number;
  decisions: number;
  byState: Record<string, number>;
  elapsedMs: number;
}

/** Henan's cities with their administrative division codes (GB/T 2260), and 济源 (省直辖). */
export const HENAN_CITIES: readonly { city: string; short: string; division: string; unit: string }[] = (
  [
  ['郑州市', '郑州', '410100'], ['开封市', '开封', '410200'], ['洛阳市', '洛阳', '410300'], ['平顶山市', '平顶山', '410400'],
  ['安阳市', '安阳', '410500'], ['鹤壁市', '鹤壁', '410600'], ['新乡市', '新乡', '410700'], ['焦作市', '焦作', '410800'],
  ['濮阳市', '濮阳', '410900'], ['许昌市', '许昌', '411000'], ['漯河市', '漯河', '411100'], ['三门峡市', '三门峡', '411200'],
  ['南阳市', '南阳', '411300'], ['商丘市', '商丘', '411400'], ['信阳市', '信阳', '411500'], ['周口市', '周口', '411600'],
  ['驻马店市', '驻马店', '411700'], ['济源市', '济源', '419001'],
  ] as const
).map(([city, short, division]) => ({ city, short, division, unit: short === '济源' ? '济源示范区教育局' : `${city}教育局` }));

/**
 * The share of each state among a call's applications: the open call (2025) is being written, signed and
 * checked, nothing in it is decided; the closed calls are decided, with abandoned drafts left over. Drafts
 * are the largest group overall.
 */
export const LOAD_STATE_WEIGHTS: Readonly<Record<'open' | 'closed', readonly [ApplicationState, number][]>> = {
  open: [['draft', 45], ['awaiting_signature', 12], ['signed', 8], ['submitted', 18], ['returned', 5], ['withdrawn', 4], ['formal_check_passed', 8]],
  closed: [['draft', 32], ['awaiting_signature', 3], ['signed', 2], ['submitted', 3], ['returned', 3], ['withdrawn', 7], ['formal_check_passed', 4], ['expert_review', 8], ['approved', 21], ['rejected', 17]],
};

const EDITABLE = new Set<ApplicationState>(['draft', 'returned']);
/** States that went through approval by the supervising unit, so carry a receipt number. */
const RECEIPTED = new Set<ApplicationState>(['submitted', 'returned', 'formal_check_passed', 'expert_review', 'approved', 'rejected']);

/** Generated experts (专家) of the province who score the closed calls. */
export const LOAD_EXPERTS = 20;

/** The closed calls' rubric: 0…10 per criterion, weighted 30/30/20/20 (a total out of 100). */
export const LOAD_RUBRIC: readonly { title: string; guidance: string; maxScore: number; weight: number }[] = [
  { title: '办学基础与合作条件', guidance: '专业实力、合作单位资质、已有合作基础。', maxScore: 10, weight: 30 },
  { title: '建设思路与重点任务', guidance: '目标明确，任务具体可行，举措有力。', maxScore: 10, weight: 30 },
  { title: '预期成效与示范作用', guidance: '成效可量化，可复制可推广。', maxScore: 10, weight: 20 },
  { title: '保障措施与风险防控', guidance: '组织、经费、安全与风险防控机制健全。', maxScore: 10, weight: 20 },
];

/** States whose application went to expert review. */
const REVIEWED = new Set<ApplicationState>(['expert_review', 'approved', 'rejected']);
const SCORE_COMMENTS = ['', '', '', '合作基础扎实。', '任务举措较具体。', '成效指标需进一步量化。', '风险防控措施略显笼统。', '示范作用明显。'];

const CALLS = [
  { year: 2023, status: 'closed', opens: '2023-06-01', deadline: '2023-07-15' },
  { year: 2024, status: 'closed', opens: '2024-08-01', deadline: '2024-09-15' },
  { year: 2025, status: 'open', opens: '2025-08-01', deadline: '2025-09-15' },
] as const;

const PLACES = ['黄河', '中原', '嵩山', '伏牛', '太行', '豫东', '豫西', '淮河', '商都', '牡丹', '龙门', '殷墟', '卫河', '汝州', '桐柏', '大别山', '鸿沟', '颍川', '宛城', '睢阳'];
const HIGHER_FIELDS = ['职业技术学院', '工业职业技术学院', '交通职业技术学院', '建筑职业技术学院', '农业职业学院', '财经职业学院', '信息工程职业学院', '医药健康职业学院', '机电职业学院', '文化旅游职业学院'];
const SECONDARY_FIELDS = ['职业中等专业学校', '职业教育中心', '高级技工学校', '工业学校', '卫生学校', '财贸学校', '机电工程学校', '农业学校', '艺术职业学校', '商贸旅游学校'];
const TRADES = ['汽车技术', '轨道交通', '电子商务', '数控技术', '现代农业', '中医康养', '跨境物流', '新能源', '工程机械', '烹饪', '纺织服装', '电力技术'];
const ENTERPRISES = ['中国路桥工程有限责任公司', '中信重工机械股份有限公司', '宇通客车股份有限公司', '郑州煤矿机械集团股份有限公司', '中铁工程装备集团有限公司', '河南国际合作集团有限公司', '中国电建集团河南工程有限公司', '许继集团有限公司', '双汇集团', '河南能源集团有限公司'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚', '华'];

/** The element, or an error: generated indexes always fall inside the list. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} outside a list of ${items.length}`);
  return item;
}

/** mulberry32: a small seeded generator, so a `--seed` gives the same province every time. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped uuid from the generator (ids are deterministic for a seed). */
function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) + 8) as number).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** GB 11714 organisation code (8 digits + its check character). */
function organisationCode(serial: number): string {
  const body = String(serial).padStart(8, '0');
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + Number(body[i]) * weight, 0);
  const check = 11 - (sum % 11);
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

/** A unified social credit code: 12 (机构编制, 事业单位) or 52 (民政, 民办非企业单位), the division, the organisation code. */
export function loadCreditCode(registrar: '12' | '52', division: string, serial: number): string {
  const first17 = `${registrar}${division}${organisationCode(serial)}`;
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`no check character for ${first17}`);
  return first17 + check;
}

export async function loadSeed(ownerUrl: string, options: LoadSeedOptions): Promise<LoadSeedResult> {
  const { schools: schoolCount, applications: applicationCount } = options;
  if (!Number.isInteger(schoolCount) || schoolCount < 1) throw new Error('--schools must be a positive integer');
  if (!Number.isInteger(applicationCount) || applicationCount < 0) throw new Error('--applications must be a non-negative integer');
  const seed = options.seed ?? 20240901;
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => at(items, Math.floor(random() * items.length));
  const algorithm = options.hashAlgorithm ?? 'sm3';
  const batchSize = options.batchSize ?? 2000;
  const log = options.log ?? (() => undefined);
  const countryName = new Intl.DisplayNames(['zh-CN'], { type: 'region' });
  const started = Date.now();

  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('LOCK TABLE organisation IN EXCLUSIVE MODE');
    if ((await client.query(`SELECT 1 FROM app_user WHERE username = 'seed.loader'`)).rowCount) {
      throw new ConfigError('this database already holds a seed:load province (user seed.loader): reset it first (npm run db:reset)');
    }
    // The loader's own account: the author of the generated rows; it has no password anyone can use.
    const loader = at(
      (await client.query<{ id: string }>(`INSERT INTO app_user (username, display_name, password_hash) VALUES ('seed.loader', '批量数据生成', '!disabled') RETURNING id`)).rows,
      0,
    ).id;

    // The province (the demo's when seeded) and one supervising unit per city.
    let province = (await client.query<{ id: string }>(`SELECT id FROM organisation WHERE kind = 'province' AND name = '河南省教育厅'`)).rows[0]?.id;
    province ??= at(
      (
        await client.query<{ id: string }>(`INSERT INTO organisation (parent_id, kind, name, city, credit_code) VALUES (NULL, 'province', '河南省教育厅', '郑州市', $1) RETURNING id`, [
          loadCreditCode('12', '410000', 41000001),
        ])
      ).rows,
      0,
    ).id;
    await client.query(
      `INSERT INTO organisation (parent_id, kind, name, city, credit_code)
       SELECT $1, 'supervisor', u.name, u.city, u.code FROM unnest($2::text[], $3::text[], $4::text[]) AS u(name, city, code)
        WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE o.parent_id = $1 AND o.name = u.name)`,
      [province, HENAN_CITIES.map((c) => c.unit), HENAN_CITIES.map((c) => c.city), HENAN_CITIES.map((c, i) => loadCreditCode('12', c.division, 41100001 + i))],
    );
    const supervisorRows = (
      await client.query<{ id: string; name: string }>(`SELECT id, name FROM organisation WHERE parent_id = $1 AND kind = 'supervisor' AND name = ANY($2)`, [province, HENAN_CITIES.map((c) => c.unit)])
    ).rows;
    const supervisorOf = new Map(supervisorRows.map((r) => [r.name, r.id]));
    log(`province and ${supervisorRows.length} supervising units ready`);

    // Schools: spread over the cities (郑州 and 洛阳 hold more), about one in three a 高职.
    const taken = new Set((await client.query<{ parent_id: string; name: string }>(`SELECT parent_id, name FROM organisation WHERE kind = 'school'`)).rows.map((r) => `${r.parent_id}|${r.name}`));
    const cityWeights = HENAN_CITIES.map((c) => (c.short === '郑州' ? 6 : c.short === '洛阳' ? 3 : c.short === '济源' ? 0.5 : 1.5));
    const totalWeight = cityWeights.reduce((a, b) => a + b, 0);
    const schools: { id: string; name: string; city: string; parent: string; type: string; code: string }[] = [];
    for (let i = 0; i < schoolCount; i++) {
      let r = random() * totalWeight;
      let cityIndex = 0;
      while (cityIndex < HENAN_CITIES.length - 1 && r >= at(cityWeights, cityIndex)) r -= at(cityWeights, cityIndex++);
      const city = at(HENAN_CITIES, cityIndex);
      const parent = supervisorOf.get(city.unit);
      if (!parent) throw new Error(`no supervising unit ${city.unit}`);
      const higher = random() < 0.33;
      const stem = `${city.short}${pick(PLACES)}${pick(higher ? HIGHER_FIELDS : SECONDARY_FIELDS)}`;
      let name = stem;
      for (let n = 2; taken.has(`${parent}|${name}`); n++) name = higher ? `${stem}（第${n}校区）` : `${city.short}市第${n}${stem.slice(city.short.length)}`;
      taken.add(`${parent}|${name}`);
      const registrar = random() < 0.2 ? '52' : '12';
      schools.push({ id: uuidFrom(random), name, city: city.city, parent, type: higher ? 'higher_vocational' : 'secondary_vocational', code: loadCreditCode(registrar, city.division, 42000001 + i) });
    }
    for (let from = 0; from < schools.length; from += 5000) {
      const part = schools.slice(from, from + 5000);
      await client.query(
        `INSERT INTO organisation (id, parent_id, kind, name, city, school_type, credit_code)
         SELECT u.id, u.parent, 'school', u.name, u.city, u.type, u.code
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, parent, name, city, type, code)`,
        [part.map((s) => s.id), part.map((s) => s.parent), part.map((s) => s.name), part.map((s) => s.city), part.map((s) => s.type), part.map((s) => s.code)],
      );
    }
    log(`${schools.length} schools`);

    // The calls of three years, the last open.
    const riskKeys = Object.keys(DEMO_CALL.countryRisk).filter((code) => COUNTRY_CODES.includes(code));
    const perSchool = Math.min(20, Math.max(1, Math.ceil(applicationCount / (CALLS.length * schoolCount))));
    const calls: { id: string; year: number; status: 'open' | 'closed'; opens: Date; deadline: Date }[] = [];
    for (const call of CALLS) {
      const id = uuidFrom(random);
      // The open call stays open: its deadline is at least 30 days from the load, as in the demo.
      const inThirtyDays = new Date(started + 30 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
      const deadline = shanghaiDeadline(call.status === 'open' && inThirtyDays > call.deadline ? inThirtyDays : call.deadline);
      await client.query(
        `INSERT INTO call (org_id, id, title, year, template, opens_at, deadline, per_school_limit, contact, country_risk, status, created_by)
         VALUES ($1, $2, $3, $4, 'dahe-2024', $5, $6, $7, $8, $9, $10, $11)`,
        [province, id, `${call.year}年“大河工坊”职教出海建设项目（批量）`, call.year, `${call.opens}T00:00:00+08:00`, deadline, perSchool, JSON.stringify(DEMO_CALL.contact), JSON.stringify(DEMO_CALL.countryRisk), call.status, loader],
      );
      calls.push({ id, year: call.year, status: call.status, opens: new Date(`${call.opens}T00:00:00+08:00`), deadline: new Date(deadline) });
    }
    log(`${calls.length} calls (${CALLS.map((c) => `${c.year} ${c.status}`).join(', ')})`);

    // Receipt numbers continue from the counters the app uses, which are moved past them at the end.
    const counters = new Map((await client.query<{ year: number; last: number }>(`SELECT year, last FROM receipt_counter`)).rows.map((r) => [r.year, r.last]));
    const byState: Record<string, number> = {};
    const template = demoSections();
    let sectionCount = 0;
    const reviewed: { id: string; call: string; state: ApplicationState }[] = [];
    for (let from = 0; from < applicationCount; from += batchSize) {
      const app = { id: [] as string[], org: [] as string[], call: [] as string[], state: [] as string[], hash: [] as (Buffer | null)[], receipt: [] as (string | null)[], submitted: [] as (string | null)[], created: [] as string[], filled: [] as number[] };
      const dig = { org: [] as string[], app: [] as string[], name: [] as string[], country: [] as (string | null)[], forms: [] as string[], partners: [] as string[], institution: [] as string[] };
      const sec = { org: [] as string[], app: [] as string[], key: [] as string[], content: [] as string[] };
      for (let i = from; i < Math.min(from + batchSize, applicationCount); i++) {
        // Round-robin over calls and schools, so no school exceeds the call's per-school limit.
        const call = at(calls, i % calls.length);
        const school = at(schools, Math.floor(i / calls.length) % schools.length);
        const weights = LOAD_STATE_WEIGHTS[call.status];
        let r = random() * weights.reduce((a, [, w]) => a + w, 0);
        let state: ApplicationState = 'draft';
        for (const [candidate, weight] of weights) {
          if (r < weight) { state = candidate; break; }
          r -= weight;
        }
        byState[state] = (byState[state] ?? 0) + 1;
        const id = uuidFrom(random);
        const span = call.deadline.getTime() - call.opens.getTime();
        // Nothing is created or submitted after the load itself.
        const latest = Math.min(call.deadline.getTime(), started) - 3600_000;
        const created = new Date(Math.min(latest - 7200_000, call.opens.getTime() + random() * span * 0.6));
        const contact = `${pick([...SURNAMES])}${pick(GIVEN)}${random() < 0.5 ? pick(GIVEN) : ''}`;
        const forms = COOPERATION_CODES.filter(() => random() < 0.35);
        if (forms.length === 0) forms.push(pick(COOPERATION_CODES));
        // Drafts may still name a country the call prohibits; later states only ok or caution ones.
        const countries = EDITABLE.has(state) ? riskKeys : riskKeys.filter((k) => (DEMO_CALL.countryRisk as Record<string, string>)[k] !== 'prohibited');
        const country = pick(countries);
        const trade = pick(TRADES);
        const full: Record<string, unknown> = {
          ...template,
          cover: { cooperationForms: forms, contactName: contact, contactMobile: `137${String(Math.floor(random() * 1e8)).padStart(8, '0')}`, filledOn: created.toISOString().slice(0, 10) },
          basic_info: {
            ...(template['basic_info'] as object),
            projectName: `${school.name.replace(/（.*）$/, '')}${trade}“大河工坊”（${countryName.of(country) ?? country}）`,
            partnerEnterprises: [pick(ENTERPRISES), ...(random() < 0.3 ? [pick(ENTERPRISES)] : [])],
            partnerInstitution: `${country}-${trade}合作院校`,
            countryCode: country,
            establishedOn: `${call.year - 1 - Math.floor(random() * 3)}-0${1 + Math.floor(random() * 9)}`,
          },
          school_foundation: { text: `${school.name}位于${school.city}，开设${trade}等专业，与海外中资企业合作开展人才培养。` },
        };
        // A draft has its first 0…10 sections written; every later state a complete 申报书.
        const keys = state === 'draft' ? SECTION_KEYS.slice(0, Math.floor(random() * 11)) : SECTION_KEYS.filter((k) => full[k] !== undefined);
        const sections = Object.fromEntries(keys.filter((k) => full[k] !== undefined).map((k) => [k, full[k]]));
        for (const [key, value] of Object.entries(sections)) {
          sec.org.push(school.id); sec.app.push(id); sec.key.push(key); sec.content.push(JSON.stringify(value));
        }
        let receipt: string | null = null;
        let submitted: string | null = null;
        if (RECEIPTED.has(state)) {
          const seq = (counters.get(call.year) ?? 0) + 1;
          counters.set(call.year, seq);
          receipt = `DH${call.year}-${String(seq).padStart(4, '0')}`;
          // Most arrive in the last days before the deadline (1 − u³ leans towards `latest`).
          submitted = new Date(created.getTime() + 3600_000 + (latest - created.getTime() - 3600_000) * (1 - random() ** 3)).toISOString();
        }
        const digest = applicationDigest(sections);
        dig.app.push(id); dig.org.push(school.id); dig.name.push(digest.projectName); dig.country.push(digest.countryCode);
        dig.forms.push(JSON.stringify(digest.cooperationForms)); dig.partners.push(JSON.stringify(digest.partnerEnterprises)); dig.institution.push(digest.partnerInstitution);
        app.filled.push(digest.filledSections);
        if (call.status === 'closed' && REVIEWED.has(state)) reviewed.push({ id, call: call.id, state });
        app.id.push(id); app.org.push(school.id); app.call.push(call.id); app.state.push(state);
        app.hash.push(EDITABLE.has(state) ? null : contentHash({ template: 'dahe-2024', sections, evidence: [] }, algorithm));
        app.receipt.push(receipt); app.submitted.push(submitted); app.created.push(created.toISOString());
      }
      await client.query(
        `INSERT INTO application (org_id, id, call_id, state, created_by, created_at, updated_at, content_hash, content_hash_alg, receipt_no, submitted_at, filled_sections)
         SELECT u.org, u.id, u.call, u.state, $1, u.created, coalesce(u.submitted, u.created), u.hash, CASE WHEN u.hash IS NULL THEN NULL ELSE $2 END, u.receipt, u.submitted, u.filled
           FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::timestamptz[], $8::bytea[], $9::text[], $10::timestamptz[], $11::int[]) AS u(org, id, call, state, created, hash, receipt, submitted, filled)`,
        [loader, algorithm, app.org, app.id, app.call, app.state, app.created, app.hash, app.receipt, app.submitted, app.filled],
      );
      await client.query(
        `INSERT INTO application_digest (org_id, application_id, project_name, country_code, cooperation_forms, partner_enterprises, partner_institution)
         SELECT u.org, u.app, u.name, u.country, ARRAY(SELECT jsonb_array_elements_text(u.forms::jsonb)), ARRAY(SELECT jsonb_array_elements_text(u.partners::jsonb)), u.institution
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(org, app, name, country, forms, partners, institution)`,
        [dig.org, dig.app, dig.name, dig.country, dig.forms, dig.partners, dig.institution],
      );
      for (const table of ['application_section', 'application_section_version']) {
        await client.query(
          `INSERT INTO ${table} (org_id, application_id, section_key, version, content, ${table === 'application_section' ? 'updated_by' : 'author'})
           SELECT u.org, u.app, u.key, 1, u.content::jsonb, $1 FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS u(org, app, key, content)`,
          [loader, sec.org, sec.app, sec.key, sec.content],
        );
      }
      // Statistics after the first batch: cached plans of the triggers and foreign-key checks (the digest takes
      // its application's state) would otherwise keep assuming an empty table and scan it.
      if (from === 0) await client.query('ANALYZE application, application_digest');
      sectionCount += sec.key.length;
      log(`applications ${Math.min(from + batchSize, applicationCount)}/${applicationCount} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    const review = await loadReview(client, { province, loader, calls: calls.filter((c) => c.status === 'closed'), reviewed, seed, started, log });
    for (const [year, last] of counters) {
      await client.query(`INSERT INTO receipt_counter (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = GREATEST(receipt_counter.last, EXCLUDED.last)`, [year, last]);
    }
    await client.query('COMMIT');
    await client.query(
      'ANALYZE organisation, call, application, application_section, application_section_version, application_digest, review_criterion, review_assignment, review_score, application_decision',
    );
    return { supervisors: supervisorRows.length, schools: schools.length, calls: calls.length, applications: applicationCount, sections: sectionCount, ...review, byState, elapsedMs: Date.now() - started };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

interface ReviewLoadInput {
  province: string;
  loader: string;
  calls: { id: string; deadline: Date }[];
  reviewed: { id: string; call: string; state: ApplicationState }[];
  seed: number;
  started: number;
  log: (message: string) => void;
}

/**
 * The closed calls' review, with a generator of its own (the applications stay those of the seed as
 * before). As in the app: assignments are written unsubmitted, then their scores, then submitted (the
 * score lock trigger refuses scores of a submitted assignment; the submission writes the expert's total).
 */
async function loadReview(client: pg.Client, input: ReviewLoadInput): Promise<{ experts: number; assignments: number; scores: number; decisions: number }> {
  const { province, loader, calls, reviewed, started, log } = input;
  const random = generator(input.seed ^ 0x5eed5eed);
  const pick = <T>(items: readonly T[]): T => at(items, Math.floor(random() * items.length));
  const experts: string[] = [];
  for (let n = 1; n <= LOAD_EXPERTS; n++) {
    const name = `${pick([...SURNAMES])}${pick(GIVEN)}${pick(GIVEN)}`;
    // Like seed.loader: no password anyone can use.
    const id = at(
      (await client.query<{ id: string }>(`INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $2, '!disabled') RETURNING id`, [`seed.expert${String(n).padStart(2, '0')}`, `${name}（评审专家）`])).rows,
      0,
    ).id;
    await client.query(`INSERT INTO membership (org_id, user_id, role, granted_by) VALUES ($1, $2, 'expert', $3)`, [province, id, loader]);
    experts.push(id);
  }
  const criteria = new Map<string, string[]>();
  const timing = new Map<string, { assigned: number; decided: number; published: number }>();
  for (const call of calls) {
    const ids: string[] = [];
    for (const [i, c] of LOAD_RUBRIC.entries()) {
      const row = await client.query<{ id: string }>(
        `INSERT INTO review_criterion (org_id, call_id, position, title, guidance, max_score, weight) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [province, call.id, i + 1, c.title, c.guidance, c.maxScore, c.weight],
      );
      ids.push(at(row.rows, 0).id);
    }
    criteria.set(call.id, ids);
    const day = 86400_000;
    const latest = started - day;
    const assigned = Math.min(latest - 30 * day, call.deadline.getTime() + 3 * day);
    const decided = Math.min(latest - 2 * day, assigned + 25 * day);
    const published = Math.min(latest, decided + 3 * day);
    timing.set(call.id, { assigned, decided, published });
    await client.query(`UPDATE call SET experts_per_application = 3, results_published_at = $2, results_published_by = $3 WHERE id = $1`, [call.id, new Date(published).toISOString(), loader]);
  }

  let assignments = 0;
  let scores = 0;
  let decisions = 0;
  const chunk = 4000;
  for (let from = 0; from < reviewed.length; from += chunk) {
    const asg = { app: [] as string[], expert: [] as string[], call: [] as string[], at: [] as string[], submitted: [] as (string | null)[] };
    const sc = { app: [] as string[], expert: [] as string[], criterion: [] as string[], score: [] as number[], comment: [] as string[], at: [] as string[] };
    const dc = { app: [] as string[], call: [] as string[], decision: [] as string[], note: [] as string[], at: [] as string[], published: [] as string[] };
    for (const application of reviewed.slice(from, from + chunk)) {
      const times = timing.get(application.call);
      const ids = criteria.get(application.call);
      if (!times || !ids) throw new Error(`no rubric for call ${application.call}`);
      // A quality the experts roughly agree on: the approved ones better than the rejected.
      const quality = application.state === 'approved' ? 72 + random() * 22 : application.state === 'rejected' ? 40 + random() * 32 : 45 + random() * 50;
      const panel = new Set<string>();
      const size = random() < 0.4 ? 3 : 2;
      while (panel.size < size) panel.add(pick(experts));
      for (const expert of panel) {
        const done = application.state !== 'expert_review' || random() < 0.6;
        const assignedAt = times.assigned + random() * 86400_000;
        const submittedAt = done ? Math.min(times.decided - 3600_000, assignedAt + (1 + random() * 14) * 86400_000) : null;
        asg.app.push(application.id); asg.expert.push(expert); asg.call.push(application.call); asg.at.push(new Date(assignedAt).toISOString());
        asg.submitted.push(submittedAt === null ? null : new Date(submittedAt).toISOString());
        const leaning = (random() - 0.5) * 16;
        // Unsubmitted: some criteria scored so far, maybe none.
        const scored = done ? ids.length : Math.floor(random() * (ids.length + 1));
        for (const [i, criterion] of ids.slice(0, scored).entries()) {
          const max = at(LOAD_RUBRIC, i).maxScore;
          const raw = ((quality + leaning + (random() - 0.5) * 12) / 100) * max;
          sc.app.push(application.id); sc.expert.push(expert); sc.criterion.push(criterion);
          sc.score.push(Math.min(max, Math.max(0, Math.round(raw * 2) / 2))); sc.comment.push(pick(SCORE_COMMENTS)); sc.at.push(new Date(assignedAt + 3600_000).toISOString());
        }
      }
      if (application.state === 'approved' || application.state === 'rejected') {
        dc.app.push(application.id); dc.call.push(application.call); dc.decision.push(application.state);
        dc.note.push(application.state === 'approved' ? '经专家评审，同意立项。' : '经专家评审，暂不予立项。');
        dc.at.push(new Date(times.decided + random() * 86400_000).toISOString()); dc.published.push(new Date(times.published).toISOString());
      }
    }
    await client.query(
      `INSERT INTO review_assignment (org_id, application_id, expert_id, call_id, assigned_by, assigned_at)
       SELECT $1, u.app, u.expert, u.call, $2, u.at FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[]) AS u(app, expert, call, at)`,
      [province, loader, asg.app, asg.expert, asg.call, asg.at],
    );
    // Statistics before the first scores and submissions: the triggers' and foreign-key checks' cached plans
    // would otherwise assume empty tables and scan them.
    if (from === 0) await client.query('ANALYZE review_assignment');
    await client.query(
      `INSERT INTO review_score (org_id, application_id, expert_id, criterion_id, score, comment, updated_at)
       SELECT $1, u.app, u.expert, u.criterion, u.score, u.comment, u.at
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::numeric[], $6::text[], $7::timestamptz[]) AS u(app, expert, criterion, score, comment, at)`,
      [province, sc.app, sc.expert, sc.criterion, sc.score, sc.comment, sc.at],
    );
    if (from === 0) await client.query('ANALYZE review_score');
    await client.query(
      `UPDATE review_assignment a SET submitted_at = u.submitted
         FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[]) AS u(app, expert, submitted)
        WHERE a.org_id = $1 AND a.application_id = u.app AND a.expert_id = u.expert AND u.submitted IS NOT NULL`,
      [province, asg.app, asg.expert, asg.submitted],
    );
    await client.query(
      `INSERT INTO application_decision (org_id, application_id, call_id, decision, note, decided_by, decided_at, published_at)
       SELECT $1, u.app, u.call, u.decision, u.note, $2, u.at, u.published
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[]) AS u(app, call, decision, note, at, published)`,
      [province, loader, dc.app, dc.call, dc.decision, dc.note, dc.at, dc.published],
    );
    assignments += asg.app.length;
    scores += sc.app.length;
    decisions += dc.app.length;
    log(`review ${Math.min(from + chunk, reviewed.length)}/${reviewed.length} applications: ${assignments} assignments, ${scores} scores (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  return { experts: experts.length, assignments, scores, decisions };
}
