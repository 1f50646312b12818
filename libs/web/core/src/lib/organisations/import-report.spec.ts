import { describe, expect, it } from '@jest/globals';
import type { ImportReport } from '@dahe/shared/contracts';
import { translate } from '../i18n/translate';
import {
  IMPORT_MAX_BYTES,
  describeImportFailure,
  formatFileSize,
  importFileProblem,
  importedLinks,
  importedLinksText,
  localiseServerText,
  summariseImport,
  uploadPercent,
} from './import-report';

const TOKEN_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const TOKEN_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

const report = (overrides: Partial<ImportReport>): ImportReport => ({
  dryRun: true,
  imported: false,
  rows: [
    { row: 2, name: '开封文化艺术职业学院', outcome: 'create', errors: [] },
    { row: 3, name: '开封市中等专业学校', outcome: 'create', errors: [] },
    { row: 4, name: '郑州黄河职业技术学院', outcome: 'unchanged', errors: [] },
  ],
  summary: { create: 2, unchanged: 1, error: 0 },
  ...overrides,
});

describe('importFileProblem', () => {
  it('accepts an .xlsx up to 5 MB', () => {
    expect(importFileProblem({ name: '学校名单.XLSX', size: 12_000 })).toBeUndefined();
    expect(importFileProblem({ name: 'a.xlsx', size: IMPORT_MAX_BYTES })).toBeUndefined();
  });

  it('refuses other files, empty ones and large ones before uploading', () => {
    expect(importFileProblem({ name: 'a.xls', size: 10 })).toBe('import.file.notXlsx');
    expect(importFileProblem({ name: 'a.csv', size: 10 })).toBe('import.file.notXlsx');
    expect(importFileProblem({ name: 'a.xlsx', size: 0 })).toBe('import.file.empty');
    expect(importFileProblem({ name: 'a.xlsx', size: IMPORT_MAX_BYTES + 1 })).toBe('import.file.tooLarge');
  });
});

describe('formatFileSize and uploadPercent', () => {
  it('formats sizes for people', () => {
    expect(formatFileSize(900)).toBe('900 B');
    expect(formatFileSize(12_800)).toBe('12.5 KB');
    expect(formatFileSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('gives whole percent, bounded, and 0 while the total is unknown', () => {
    expect(uploadPercent(512, 1024)).toBe(50);
    expect(uploadPercent(1023, 1024)).toBe(100);
    expect(uploadPercent(2048, 1024)).toBe(100);
    expect(uploadPercent(10, undefined)).toBe(0);
    expect(uploadPercent(10, 0)).toBe(0);
  });
});

describe('summariseImport', () => {
  it('allows the import after a clean dry run that creates something', () => {
    const summary = summariseImport(report({}));
    expect(summary).toMatchObject({ total: 3, create: 2, unchanged: 1, error: 0, tone: 'success', canImport: true });
    expect(translate('zh-CN', summary.message.key, summary.message.params)).toContain('将新建 2 所学校');
    expect(translate('en', summary.message.key, summary.message.params)).toContain('2 schools will be created');
  });

  it('refuses when any row has an error', () => {
    const summary = summariseImport(
      report({ rows: [{ row: 2, name: 'x', outcome: 'error', errors: ['缺少管理员姓名 / admin name missing'] }], summary: { create: 0, unchanged: 0, error: 1 } }),
    );
    expect(summary).toMatchObject({ tone: 'error', canImport: false, message: { key: 'import.summary.errors', params: { error: 1, total: 1 } } });
  });

  it('has nothing to import when every row is unchanged (the same sheet again)', () => {
    const summary = summariseImport(report({ rows: [{ row: 2, name: 'x', outcome: 'unchanged', errors: [] }], summary: { create: 0, unchanged: 1, error: 0 } }));
    expect(summary).toMatchObject({ tone: 'info', canImport: false, message: { key: 'import.summary.nothingNew' } });
  });

  it('reports a finished import, which cannot be imported again', () => {
    expect(summariseImport(report({ dryRun: false, imported: true }))).toMatchObject({ tone: 'success', canImport: false, message: { key: 'import.summary.imported' } });
  });
});

describe('localiseServerText', () => {
  it('shows the half of a bilingual message in the interface language', () => {
    const text = '统一社会信用代码“BAD”无效 / invalid unified social credit code';
    expect(localiseServerText(text, 'zh-CN')).toBe('统一社会信用代码“BAD”无效');
    expect(localiseServerText(text, 'en')).toBe('invalid unified social credit code');
    expect(localiseServerText('学校与第 2 行重复 / school repeats row 2', 'en')).toBe('school repeats row 2');
  });

  it('leaves a one-language message as it is', () => {
    expect(localiseServerText('something odd', 'zh-CN')).toBe('something odd');
  });
});

describe('describeImportFailure', () => {
  it('takes the report out of a rejected import', () => {
    const rejected = report({ rows: [{ row: 2, name: 'x', outcome: 'error', errors: ['e'] }], summary: { create: 0, unchanged: 0, error: 1 } });
    const body = { statusCode: 422, code: 'import_rejected', message: '1 row(s) have errors', report: rejected };
    expect(describeImportFailure(422, body)).toEqual({ kind: 'rejected', report: rejected });
  });

  it('says why a file could not be read, with the server\u2019s reason', () => {
    const body = { statusCode: 400, code: 'validation_failed', message: 'Missing columns: 学校名称' };
    expect(describeImportFailure(400, body)).toEqual({ kind: 'message', message: { key: 'import.error.unreadable' }, detail: 'Missing columns: 学校名称' });
  });

  it('explains a file too large, a refusal and a network failure', () => {
    expect(describeImportFailure(413, { statusCode: 413, code: 'payload_too_large', message: 'File too large' })).toMatchObject({ message: { key: 'import.file.tooLarge' } });
    expect(describeImportFailure(403, { statusCode: 403, code: 'forbidden', message: 'x' })).toMatchObject({ message: { key: 'import.error.forbidden' } });
    expect(describeImportFailure(0, null)).toMatchObject({ message: { key: 'error.network' } });
    expect(describeImportFailure(422, { statusCode: 422, code: 'import_rejected', message: 'no report' })).toMatchObject({ kind: 'message' });
  });
});

describe('importedLinks and importedLinksText', () => {
  const rows = report({
    dryRun: false,
    imported: true,
    rows: [
      { row: 2, name: '开封文化艺术职业学院', outcome: 'create', errors: [], adminInvitationLink: `/invite/${TOKEN_A}` },
      { row: 3, name: '郑州黄河职业技术学院', outcome: 'unchanged', errors: [] },
      { row: 4, name: '开封市中等专业学校', outcome: 'create', errors: [], adminInvitationLink: `/invite/${TOKEN_B}` },
    ],
  }).rows;

  it('makes full addresses of the created schools\u2019 links', () => {
    expect(importedLinks(rows, 'https://dahe.example.cn')).toEqual([
      { row: 2, name: '开封文化艺术职业学院', url: `https://dahe.example.cn/invite/${TOKEN_A}` },
      { row: 4, name: '开封市中等专业学校', url: `https://dahe.example.cn/invite/${TOKEN_B}` },
    ]);
  });

  it('writes one "school<TAB>link" line each, ready to paste into a sheet', () => {
    expect(importedLinksText(importedLinks(rows, 'https://d.cn'))).toBe(
      `开封文化艺术职业学院\thttps://d.cn/invite/${TOKEN_A}\n开封市中等专业学校\thttps://d.cn/invite/${TOKEN_B}`,
    );
  });
});
