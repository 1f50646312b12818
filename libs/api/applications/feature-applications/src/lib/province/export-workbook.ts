import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Sql } from '@dahe/api/core/data-access-db';
import { attachmentDisposition } from '@dahe/api/core/util-http';
import { COOPERATION_FORM_LABELS, countryName, isCode } from '@dahe/shared/form';
import { APPLICATION_STATES } from '@dahe/shared/workflow';
import { STATE_LABELS } from '../documents/application-document';
import type { ExportFilters } from './dto/export.dto';

/**
 * The call's workbook (「申报汇总」 and 「统计」), written row by row to a stream.
 *
 * Sheet 1 has one row per application the province has received: `submitted` and every state after it
 * (a `returned` one keeps its receipt). Drafts, applications awaiting signature, signed but not yet
 * approved by the supervising unit, and withdrawn ones are never listed: the province may not read their
 * content. They appear on sheet 2 as counts only. Contact names and mobiles (personal data) are not
 * exported at all.
 *
 * Memory stays flat: rows come from a server-side cursor in batches of {@link BATCH} and each is committed
 * (serialised into the zip stream) at once; shared strings are off (they would keep every string).
 */

/** Received by the province: the states whose rows are exported. */
export const RECEIVED_STATES = ['submitted', 'formal_check_passed', 'returned', 'expert_review', 'approved', 'rejected'] as const;

const BATCH = 1000;

export const SCHOOL_TYPE_LABELS: Readonly<Record<string, string>> = { higher_vocational: '高等职业学校', secondary_vocational: '中等职业学校' };
const DECISION_LABELS: Readonly<Record<string, string>> = { approved: '立项', rejected: '不立项' };

export const SUMMARY_SHEET = '申报汇总';
export const FIGURES_SHEET = '统计';

/** Sheet 1's columns, in order. */
export const EXPORT_COLUMNS = [
  { key: 'school', header: '学校', width: 30 },
  { key: 'schoolType', header: '学校类型', width: 14 },
  { key: 'city', header: '所在城市', width: 10 },
  { key: 'supervisor', header: '主管单位', width: 24 },
  { key: 'project', header: '项目名称', width: 36 },
  { key: 'forms', header: '合作形式', width: 24 },
  { key: 'country', header: '合作国家', width: 14 },
  { key: 'enterprises', header: '合作企业', width: 36 },
  { key: 'institution', header: '合作院校', width: 28 },
  { key: 'state', header: '状态', width: 12 },
  { key: 'submittedAt', header: '提交时间', width: 17 },
  { key: 'receiptNo', header: '回执编号', width: 14 },
  { key: 'experts', header: '专家人数', width: 9 },
  { key: 'meanScore', header: '平均分', width: 9 },
  { key: 'expertTotals', header: '各专家总分', width: 24 },
  { key: 'decision', header: '立项结论', width: 10 },
  { key: 'decisionNote', header: '结论说明', width: 40 },
] as const;

/** Section titles of sheet 2 (tests and readers find the tables by them). */
export const FIGURE_SECTIONS = {
  byState: '按状态（含草稿，仅计数）',
  byCity: '按所在城市',
  bySchoolType: '按学校类型',
  byCooperationForm: '按合作形式',
  byCountry: '按合作国家',
  scores: '专家评分',
} as const;

/** One application as the cursor reads it. */
export interface ExportRow {
  school_name: string;
  school_type: string | null;
  city: string | null;
  supervisor_name: string | null;
  project_name: string | null;
  cooperation_forms: string[] | null;
  country_code: string | null;
  partner_enterprises: string[] | null;
  partner_institution: string | null;
  state: string;
  submitted_local: string | null;
  receipt_no: string | null;
  experts: number;
  mean: string | null;
  totals: string | null;
  decision: string | null;
  decision_note: string | null;
}

/**
 * WHERE conditions of the intake's filters over `a` (application), `s` (the school's organisation) and
 * `d` (application_digest, left-joined; 合作形式 and country only); values are appended to `params`, whose
 * first must be the call. The same filters as
 * `GET /api/calls/:id/intake`, to be merged with the intake's builder.
 */
export function applicationFilterSql(filters: ExportFilters, params: unknown[]): string[] {
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filters.state?.length) where.push(`a.state = ANY(${bind(filters.state)}::text[])`);
  if (filters.supervisorId) where.push(`s.parent_id = ${bind(filters.supervisorId)}::uuid`);
  if (filters.city) where.push(`s.city = ${bind(filters.city)}`);
  if (filters.schoolType) where.push(`s.school_type = ${bind(filters.schoolType)}`);
  if (filters.cooperationForm) where.push(`d.cooperation_forms @> ARRAY[${bind(filters.cooperationForm)}]::text[]`);
  if (filters.countryCode) where.push(`d.country_code = ${bind(filters.countryCode)}`);
  if (filters.q?.trim()) {
    const like = bind(`%${filters.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    // The project names as one set of the call's digests rather than through `d`: the search then needs no
    // join of every received application's digest (the intake's slowest page, 215–235 ms at p95 with four
    // officers). `$1` is the call in every statement that uses these filters.
    const received = RECEIVED_STATES.map((state) => `'${state}'`).join(', ');
    where.push(`(s.name ILIKE ${like} OR a.id IN (SELECT x.application_id FROM application_digest x WHERE x.call_id = $1 AND x.state IN (${received}) AND x.project_name ILIKE ${like}))`);
  }
  return where;
}

const FROM = `application a
  JOIN organisation s ON s.id = a.org_id
  LEFT JOIN application_digest d ON d.org_id = a.org_id AND d.application_id = a.id`;

/** The received applications of the call that match the filters, as `count(*)`. */
export async function countExportRows(sql: Sql, callId: string, filters: ExportFilters): Promise<number> {
  const params: unknown[] = [callId, RECEIVED_STATES];
  const where = [`a.call_id = $1`, `a.state = ANY($2::text[])`, ...applicationFilterSql(filters, params)];
  const row = await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${FROM} WHERE ${where.join(' AND ')}`, params);
  return row?.n ?? 0;
}

/**
 * Sheet 1's query. An expert's total is Σ score / max_score × weight over the call's criteria (weights sum
 * to 100), counted once their assignment is submitted; the mean is over those experts.
 */
export function exportRowsQuery(callId: string, filters: ExportFilters): { text: string; params: unknown[] } {
  const params: unknown[] = [callId, RECEIVED_STATES];
  const where = [`a.call_id = $1`, `a.state = ANY($2::text[])`, ...applicationFilterSql(filters, params)];
  const text = `
    WITH expert_total AS (
      SELECT r.application_id, r.expert_id, r.submitted_at, sum(sc.score / c.max_score * c.weight) AS total
        FROM review_assignment r
        JOIN review_score sc ON sc.org_id = r.org_id AND sc.application_id = r.application_id AND sc.expert_id = r.expert_id
        JOIN review_criterion c ON c.id = sc.criterion_id
       WHERE r.call_id = $1 AND r.submitted_at IS NOT NULL
       GROUP BY r.application_id, r.expert_id, r.submitted_at
    ), score AS (
      SELECT application_id, count(*)::int AS experts, round(avg(total), 2) AS mean,
             string_agg(to_char(round(total, 2), 'FM9990.00'), '、' ORDER BY submitted_at, expert_id) AS totals
        FROM expert_total GROUP BY application_id
    )
    SELECT s.name AS school_name, s.school_type, s.city, sup.name AS supervisor_name,
           d.project_name, d.cooperation_forms, d.country_code, d.partner_enterprises, d.partner_institution,
           a.state, to_char(a.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS submitted_local, a.receipt_no,
           coalesce(sc.experts, 0) AS experts, sc.mean, sc.totals, dec.decision, dec.note AS decision_note
      FROM ${FROM}
      LEFT JOIN organisation sup ON sup.id = s.parent_id
      LEFT JOIN score sc ON sc.application_id = a.id
      LEFT JOIN application_decision dec ON dec.application_id = a.id
     WHERE ${where.join(' AND ')}
     ORDER BY a.submitted_at NULLS LAST, a.receipt_no, a.id`;
  return { text, params };
}

/** Every state's count among the call's applications matching the filters, drafts included (counts only). */
async function countByState(sql: Sql, callId: string, filters: ExportFilters): Promise<Map<string, number>> {
  const params: unknown[] = [callId];
  const where = [`a.call_id = $1`, ...applicationFilterSql(filters, params)];
  const rows = await sql.rows<{ state: string; n: number }>(`SELECT a.state, count(*)::int AS n FROM ${FROM} WHERE ${where.join(' AND ')} GROUP BY a.state`, params);
  return new Map(rows.map((r) => [r.state, r.n]));
}

const countryNames = new Map<string, string>();
function countryLabel(code: string | null): string {
  if (!code) return '';
  let name = countryNames.get(code);
  if (name === undefined) {
    name = countryName(code, 'zh-CN');
    countryNames.set(code, name);
  }
  return name;
}

function formLabels(codes: string[] | null): string[] {
  return (codes ?? []).map((code) => (isCode(code) ? COOPERATION_FORM_LABELS[code]['zh-CN'] : code));
}

/** Sheet 1's cells of one row, in {@link EXPORT_COLUMNS} order. */
export function exportCells(row: ExportRow): (string | number | null)[] {
  return [
    row.school_name,
    row.school_type ? (SCHOOL_TYPE_LABELS[row.school_type] ?? row.school_type) : '',
    row.city ?? '',
    row.supervisor_name ?? '',
    row.project_name ?? '',
    formLabels(row.cooperation_forms).join('、'),
    countryLabel(row.country_code),
    (row.partner_enterprises ?? []).join('、'),
    row.partner_institution ?? '',
    STATE_LABELS[row.state] ?? row.state,
    row.submitted_local ?? '',
    row.receipt_no ?? '',
    row.experts,
    row.mean === null ? null : Number(row.mean),
    row.totals ?? '',
    row.decision ? (DECISION_LABELS[row.decision] ?? row.decision) : '',
    row.decision_note ?? '',
  ];
}

/** Sheet 2's figures of the exported rows, gathered while they stream past. */
export class FigureTally {
  rows = 0;
  readonly byCity = new Map<string, number>();
  readonly bySchoolType = new Map<string, number>();
  readonly byCooperationForm = new Map<string, number>();
  readonly byCountry = new Map<string, number>();
  private scored = 0;
  private scoreSum = 0;
  private scoreMin = Number.POSITIVE_INFINITY;
  private scoreMax = Number.NEGATIVE_INFINITY;

  add(row: ExportRow): void {
    this.rows++;
    bump(this.byCity, row.city ?? '（未填）');
    bump(this.bySchoolType, row.school_type ? (SCHOOL_TYPE_LABELS[row.school_type] ?? row.school_type) : '（未填）');
    for (const label of formLabels(row.cooperation_forms)) bump(this.byCooperationForm, label);
    bump(this.byCountry, row.country_code ? countryLabel(row.country_code) : '（未填）');
    if (row.mean !== null) {
      const mean = Number(row.mean);
      this.scored++;
      this.scoreSum += mean;
      this.scoreMin = Math.min(this.scoreMin, mean);
      this.scoreMax = Math.max(this.scoreMax, mean);
    }
  }

  get scores(): { scored: number; mean: number | null; min: number | null; max: number | null } {
    if (this.scored === 0) return { scored: 0, mean: null, min: null, max: null };
    return { scored: this.scored, mean: Math.round((this.scoreSum / this.scored) * 100) / 100, min: this.scoreMin, max: this.scoreMax };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Largest first; ties by name (pinyin order), so the sheet is the same every time. */
function ranked(map: Map<string, number>): [string, number][] {
  const collator = new Intl.Collator('zh-CN-u-co-pinyin');
  return [...map].sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]));
}

/** Resolves once the stream can take more, so a slow reader holds the cursor back instead of filling memory. */
function drained(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.reject(new Error('the export’s output was closed'));
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the export’s output was closed'));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', done);
  });
}

export interface WorkbookInput {
  callId: string;
  callTitle: string;
  filters: ExportFilters;
  /** Shown on sheet 2 (Asia/Shanghai). */
  generatedAt: Date;
}

/**
 * Writes the workbook to `output` inside the caller's transaction (row-level security decides what the
 * cursor sees) and resolves once the output has finished. `onProgress` runs after each batch.
 */
export async function writeApplicationsWorkbook(sql: Sql, input: WorkbookInput, output: Writable, onProgress?: (rows: number) => Promise<void>): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Dahe';
  workbook.created = input.generatedAt;

  const sheet = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getColumn('meanScore').numFmt = '0.00';
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  header.commit();

  const tally = new FigureTally();
  const query = exportRowsQuery(input.callId, input.filters);
  // A cursor is planned for its first rows by default (cursor_tuple_fraction 0.1): nested loops that made
  // 18,000 rows take 15 s. We read every row, so plan for all of them (hash joins and one sort: 0.5 s).
  await sql.exec(`SET LOCAL cursor_tuple_fraction = 1`);
  await sql.exec(`DECLARE dahe_export NO SCROLL CURSOR FOR ${query.text}`, query.params);
  for (;;) {
    const batch = await sql.rows<ExportRow>(`FETCH ${BATCH} FROM dahe_export`);
    for (const row of batch) {
      tally.add(row);
      sheet.addRow(exportCells(row)).commit();
    }
    if (batch.length > 0) await onProgress?.(tally.rows);
    if (batch.length < BATCH) break;
    await drained(output);
  }
  await sql.exec(`CLOSE dahe_export`);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: tally.rows + 1, column: EXPORT_COLUMNS.length } };
  sheet.commit();

  await writeFigures(workbook, input, tally, await countByState(sql, input.callId, input.filters));
  await workbook.commit();
  return { rows: tally.rows };
}

async function writeFigures(workbook: ExcelJS.stream.xlsx.WorkbookWriter, input: WorkbookInput, tally: FigureTally, byState: Map<string, number>): Promise<void> {
  const sheet = workbook.addWorksheet(FIGURES_SHEET);
  sheet.columns = [{ width: 34 }, { width: 12 }];
  const add = (values: (string | number | null)[], bold = false) => {
    const row = sheet.addRow(values);
    if (bold) row.font = { bold: true };
    row.commit();
  };
  const generated = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(input.generatedAt);
  add([`${input.callTitle} — 申报汇总统计`], true);
  add(['生成时间（北京时间）', generated]);
  add(['导出范围', `已报送及之后的申报书 ${tally.rows} 份（草稿等未报送的申报书只计数，不列明细）${describeFilters(input.filters)}`]);
  const table = (title: string, head: string, rows: [string, number | null][]) => {
    add([]);
    add([title], true);
    add([head, '数量'], true);
    for (const [label, count] of rows) add([label, count]);
  };
  table(FIGURE_SECTIONS.byState, '状态', APPLICATION_STATES.map((state) => [STATE_LABELS[state] ?? state, byState.get(state) ?? 0]));
  table(FIGURE_SECTIONS.byCity, '城市', ranked(tally.byCity));
  table(FIGURE_SECTIONS.bySchoolType, '学校类型', ranked(tally.bySchoolType));
  table(FIGURE_SECTIONS.byCooperationForm, '合作形式', ranked(tally.byCooperationForm));
  table(FIGURE_SECTIONS.byCountry, '合作国家', ranked(tally.byCountry));
  const scores = tally.scores;
  add([]);
  add([FIGURE_SECTIONS.scores], true);
  add(['项目', '数值'], true);
  add(['已评分申报书', scores.scored]);
  add(['平均分（各申报书平均分的均值）', scores.mean]);
  add(['最高平均分', scores.max]);
  add(['最低平均分', scores.min]);
  sheet.commit();
}

function describeFilters(filters: ExportFilters): string {
  const parts = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  return parts.length ? `；筛选条件：${parts.join('；')}` : '';
}

/** `大河工坊-申报汇总-2024.xlsx` */
export function exportFilename(year: number): string {
  return `大河工坊-申报汇总-${year}.xlsx`;
}

/** The workbook's download header: its name, and that name's ASCII characters as the fallback. */
export function workbookDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '').replace(/^-+/, '') || 'export.xlsx';
  return attachmentDisposition(filename, ascii.startsWith('.') ? `export${ascii}` : ascii);
}

/**
 * A writable that keeps what is written to it in parts of about `partSize` bytes, each handed to `put`
 * in turn (the next write waits for it): a file store that takes whole buffers still receives the
 * workbook in bounded pieces.
 */
export class PartWriter extends Writable {
  parts = 0;
  bytes = 0;
  private pending: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly put: (part: number, data: Buffer) => Promise<void>,
    private readonly partSize = 1 << 20,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    this.bytes += chunk.length;
    if (this.size < this.partSize) return callback();
    this.flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.size === 0 && this.parts > 0) return callback();
    this.flush().then(() => callback(), callback);
  }

  private async flush(): Promise<void> {
    const data = Buffer.concat(this.pending, this.size);
    this.pending = [];
    this.size = 0;
    await this.put(this.parts++, data);
  }
}
