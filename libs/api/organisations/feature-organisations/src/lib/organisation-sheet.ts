import ExcelJS from 'exceljs';
import { normaliseMobile } from '@dahe/api/core/util-crypto';
import { type SchoolType, isValidCreditCode } from '@dahe/shared/contracts';

/** One school of an organisations sheet, as read and checked on its own (before the database). */
export interface SheetRow {
  row: number;
  name: string;
  schoolType?: SchoolType;
  supervisor: string;
  creditCode: string;
  city?: string;
  adminName: string;
  adminMobile?: string;
  adminEmail?: string;
  errors: string[];
}

/** Column titles we accept, Chinese first; matched after trimming, case-insensitively. */
const COLUMNS: Record<keyof Omit<SheetRow, 'row' | 'errors' | 'schoolType'> | 'kind', string[]> = {
  name: ['学校名称', '单位名称', '名称', 'name'],
  kind: ['学校类型', '类型', 'kind', 'type'],
  supervisor: ['主管单位', 'supervisor', 'supervising unit'],
  creditCode: ['统一社会信用代码', '信用代码', 'credit code', 'credit_code'],
  city: ['所在城市', '城市', '所在地市', 'city'],
  adminName: ['管理员姓名', '管理员', 'admin name', 'admin_name'],
  adminMobile: ['管理员手机', '管理员手机号', '手机', 'admin phone', 'admin_phone', 'admin mobile'],
  adminEmail: ['管理员邮箱', '邮箱', 'admin email', 'admin_email'],
};

const KINDS: Record<string, SchoolType> = {
  高职: 'higher_vocational',
  高等职业学校: 'higher_vocational',
  higher_vocational: 'higher_vocational',
  中职: 'secondary_vocational',
  中等职业学校: 'secondary_vocational',
  省属中等职业学校: 'secondary_vocational',
  secondary_vocational: 'secondary_vocational',
};

export class SheetError extends Error {}

/** Reads the first worksheet. Row-level problems go into each row's `errors`; a sheet we cannot read throws. */
export async function readOrganisationSheet(file: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new SheetError('The file is not an .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetError('The workbook has no worksheet');
  const header = sheet.getRow(1);
  const columnOf = new Map<string, number>();
  header.eachCell((cell, column) => {
    const title = cellText(cell.value).toLowerCase();
    for (const [field, titles] of Object.entries(COLUMNS)) {
      if (titles.some((t) => t.toLowerCase() === title)) columnOf.set(field, column);
    }
  });
  const missing = ['name', 'kind', 'supervisor', 'creditCode', 'adminName'].filter((field) => !columnOf.has(field));
  if (missing.length > 0) throw new SheetError(`Missing columns: ${missing.map((f) => COLUMNS[f as keyof typeof COLUMNS][0]).join(', ')}`);
  if (sheet.rowCount > 5001) throw new SheetError('At most 5,000 rows per sheet');

  const rows: SheetRow[] = [];
  for (let index = 2; index <= sheet.rowCount; index++) {
    const source = sheet.getRow(index);
    const get = (field: string) => {
      const column = columnOf.get(field);
      return column ? cellText(source.getCell(column).value) : '';
    };
    if (Object.keys(COLUMNS).every((field) => get(field) === '')) continue;
    const errors: string[] = [];
    const name = get('name');
    if (name.length < 2 || name.length > 200) errors.push('学校名称应为 2–200 个字 / name must be 2–200 characters');
    const kindText = get('kind');
    const schoolType = KINDS[kindText] ?? KINDS[kindText.toLowerCase()];
    if (!schoolType) errors.push(`学校类型应为“高职”或“中职”，而不是“${kindText}” / kind must be 高职 or 中职`);
    const supervisor = get('supervisor');
    if (supervisor.length < 2) errors.push('缺少主管单位 / supervising unit missing');
    const creditCode = get('creditCode').toUpperCase();
    if (!isValidCreditCode(creditCode)) errors.push(`统一社会信用代码“${creditCode}”无效 / invalid unified social credit code`);
    const adminName = get('adminName');
    if (adminName.length < 1) errors.push('缺少管理员姓名 / admin name missing');
    const mobileText = get('adminMobile');
    const adminMobile = mobileText ? normaliseMobile(mobileText) : undefined;
    if (mobileText && !adminMobile) errors.push(`管理员手机“${mobileText}”不是有效的手机号 / not a mainland mobile number`);
    const adminEmail = get('adminEmail').toLowerCase() || undefined;
    if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) errors.push(`管理员邮箱“${adminEmail}”无效 / invalid e-mail`);
    if (!adminEmail && !mobileText) errors.push('管理员手机或邮箱至少填写一项 / give the admin a mobile number or an e-mail');
    rows.push({ row: index, name, schoolType, supervisor, creditCode, city: get('city') || undefined, adminName, adminMobile, adminEmail, errors });
  }
  // Within the sheet: a school or a code twice is a mistake, not an update.
  const seen = (key: (r: SheetRow) => string, message: (r: SheetRow) => string) => {
    const first = new Map<string, number>();
    for (const row of rows) {
      const value = key(row);
      if (!value) continue;
      const earlier = first.get(value);
      if (earlier !== undefined) row.errors.push(message(row).replaceAll('{row}', String(earlier)));
      else first.set(value, row.row);
    }
  };
  seen((r) => r.creditCode, () => '统一社会信用代码与第 {row} 行重复 / credit code repeats row {row}');
  seen((r) => `${r.supervisor}/${r.name}`, () => '学校与第 {row} 行重复 / school repeats row {row}');
  if (rows.length === 0) throw new SheetError('The sheet has no rows below its header');
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return String(value.result ?? '').trim();
    if (value instanceof Date) return value.toISOString();
  }
  return String(value).trim();
}
