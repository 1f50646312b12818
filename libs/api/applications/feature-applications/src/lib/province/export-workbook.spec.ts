import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Sql } from '@dahe/api/core/data-access-db';
import { EXPORT_COLUMNS, type ExportRow, FigureTally, PartWriter, applicationFilterSql, workbookDisposition, exportCells, exportFilename, writeApplicationsWorkbook } from './export-workbook';

const row = (over: Partial<ExportRow> = {}): ExportRow => ({
  school_name: '郑州黄河职业技术学院',
  school_type: 'higher_vocational',
  city: '郑州市',
  supervisor_name: '郑州市教育局',
  project_name: '中哈汽车技术“大河工坊”',
  cooperation_forms: ['degree', 'skills_training'],
  country_code: 'KZ',
  partner_enterprises: ['中国路桥工程有限责任公司', '宇通客车股份有限公司'],
  partner_institution: '阿拉木图国立技术学院',
  state: 'approved',
  submitted_local: '2024-08-12 14:03',
  receipt_no: 'DH2024-0001',
  experts: 2,
  mean: '86.25',
  totals: '90.00、82.50',
  decision: 'approved',
  decision_note: '同意立项',
  ...over,
});

describe('applicationFilterSql', () => {
  it('binds every filter as a parameter, after the ones already there', () => {
    const params: unknown[] = ['call'];
    const where = applicationFilterSql(
      { state: ['approved'], supervisorId: 'sup', city: '洛阳市', schoolType: 'secondary_vocational', cooperationForm: 'research', countryCode: 'KZ', q: '50%_off\\' },
      params,
    );
    expect(where).toEqual([
      'a.state = ANY($2::text[])',
      's.parent_id = $3::uuid',
      's.city = $4',
      's.school_type = $5',
      'd.cooperation_forms @> ARRAY[$6]::text[]',
      'd.country_code = $7',
      "(s.name ILIKE $8 OR a.id IN (SELECT x.application_id FROM application_digest x WHERE x.call_id = $1 AND x.state IN ('submitted', 'formal_check_passed', 'returned', 'expert_review', 'approved', 'rejected') AND x.project_name ILIKE $8))",
    ]);
    // LIKE wildcards in the search are literal.
    expect(params).toEqual(['call', ['approved'], 'sup', '洛阳市', 'secondary_vocational', 'research', 'KZ', '%50\\%\\_off\\\\%']);
  });

  it('adds nothing for absent or empty filters', () => {
    const params: unknown[] = [];
    expect(applicationFilterSql({ state: [], q: '  ' }, params)).toEqual([]);
    expect(params).toEqual([]);
  });
});

describe('exportCells', () => {
  it('writes Chinese labels, joined lists and numbers', () => {
    const cells = exportCells(row());
    expect(cells).toHaveLength(EXPORT_COLUMNS.length);
    expect(cells).toEqual([
      '郑州黄河职业技术学院', '高等职业学校', '郑州市', '郑州市教育局', '中哈汽车技术“大河工坊”', '学历培养、技能培训', '哈萨克斯坦',
      '中国路桥工程有限责任公司、宇通客车股份有限公司', '阿拉木图国立技术学院', '已立项', '2024-08-12 14:03', 'DH2024-0001', 2, 86.25, '90.00、82.50', '立项', '同意立项',
    ]);
  });

  it('leaves what is not there empty (no digest yet, no scores, no decision)', () => {
    const cells = exportCells(row({ project_name: null, cooperation_forms: null, country_code: null, partner_enterprises: null, partner_institution: null, state: 'submitted', experts: 0, mean: null, totals: null, decision: null, decision_note: null }));
    expect(cells.slice(4, 10)).toEqual(['', '', '', '', '', '已报送']);
    expect(cells.slice(12)).toEqual([0, null, '', '', '']);
  });
});

describe('FigureTally', () => {
  it('counts cities, types, forms (each chosen one), countries and the scores', () => {
    const tally = new FigureTally();
    tally.add(row());
    tally.add(row({ city: '洛阳市', cooperation_forms: ['degree'], country_code: 'TH', mean: '70.00' }));
    tally.add(row({ school_type: 'secondary_vocational', mean: null }));
    expect(tally.rows).toBe(3);
    expect(Object.fromEntries(tally.byCity)).toEqual({ 郑州市: 2, 洛阳市: 1 });
    expect(Object.fromEntries(tally.bySchoolType)).toEqual({ 高等职业学校: 2, 中等职业学校: 1 });
    expect(Object.fromEntries(tally.byCooperationForm)).toEqual({ 学历培养: 3, 技能培训: 2 });
    expect(Object.fromEntries(tally.byCountry)).toEqual({ 哈萨克斯坦: 2, 泰国: 1 });
    expect(tally.scores).toEqual({ scored: 2, mean: 78.13, min: 70, max: 86.25 });
  });
});

describe('file name', () => {
  it('is the Chinese name with an RFC 5987 form and an ASCII fallback', () => {
    expect(exportFilename(2024)).toBe('大河工坊-申报汇总-2024.xlsx');
    const header = workbookDisposition(exportFilename(2024));
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('大河工坊-申报汇总-2024.xlsx');
  });
});

describe('PartWriter', () => {
  it('hands over parts of about the given size, in order, and the rest at the end', async () => {
    const parts: Buffer[] = [];
    const writer = new PartWriter(async (n, data) => {
      expect(n).toBe(parts.length);
      parts.push(data);
    }, 10);
    for (const chunk of ['abcdef', 'ghijkl', 'mn', 'opqrstuvwxyz', '!']) writer.write(Buffer.from(chunk));
    writer.end();
    await new Promise((resolve) => writer.on('finish', resolve));
    expect(parts.map(String)).toEqual(['abcdefghijkl', 'mnopqrstuvwxyz', '!']);
    expect(writer.bytes).toBe(27);
    expect(writer.parts).toBe(3);
  });
});

describe('writeApplicationsWorkbook', () => {
  it('fetches in batches through a cursor and writes both sheets', async () => {
    const all = Array.from({ length: 2500 }, (_, i) => row({ receipt_no: `DH2024-${String(i).padStart(4, '0')}` }));
    let offset = 0;
    const statements: string[] = [];
    const sql: Sql = {
      exec: async (text) => {
        statements.push(text.trim().split(/\s+/).slice(0, 3).join(' '));
        return 0;
      },
      one: async () => undefined,
      rows: async <T extends object>(text: string) => {
        statements.push(text.trim().split(/\s+/).slice(0, 3).join(' '));
        if (text.startsWith('FETCH')) {
          const batch = all.slice(offset, offset + 1000);
          offset += batch.length;
          return batch as unknown as T[];
        }
        return [{ state: 'draft', n: 7 }, { state: 'approved', n: 2500 }] as unknown as T[];
      },
    };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const progress: number[] = [];
    const result = await writeApplicationsWorkbook(sql, { callId: 'c', callTitle: '测试批次', filters: {}, generatedAt: new Date('2024-08-20T02:00:00Z') }, out, async (n) => {
      progress.push(n);
    });
    expect(result.rows).toBe(2500);
    expect(progress).toEqual([1000, 2000, 2500]);
    expect(statements.filter((s) => s.startsWith('FETCH'))).toHaveLength(3);
    expect(statements.slice(0, 2)).toEqual(['SET LOCAL cursor_tuple_fraction', 'DECLARE dahe_export NO']);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const summary = book.getWorksheet('申报汇总')!;
    expect(summary.rowCount).toBe(2501);
    expect(summary.getRow(2501).getCell(12).value).toBe('DH2024-2499');
    const figures = book.getWorksheet('统计')!;
    const values: unknown[][] = [];
    figures.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values).toContainEqual(['草稿', 7]);
    expect(values).toContainEqual(['已立项', 2500]);
    expect(values).toContainEqual(['哈萨克斯坦', 2500]);
  });
});
