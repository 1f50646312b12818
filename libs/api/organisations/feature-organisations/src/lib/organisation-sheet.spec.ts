import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { creditCodeCheckChar } from '@dahe/shared/contracts';
import { SheetError, readOrganisationSheet } from './organisation-sheet';

const code = (serial: number) => {
  const first17 = `12410${String(serial).padStart(3, '0')}MB${String(serial).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};

async function workbook(header: string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('学校');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const HEADER = ['学校名称', '学校类型', '主管单位', '统一社会信用代码', '所在城市', '管理员姓名', '管理员手机', '管理员邮箱'];

describe('readOrganisationSheet', () => {
  it('reads Chinese headers and normalises kinds, codes, phones and e-mails', async () => {
    const rows = await readOrganisationSheet(await workbook(HEADER, [['开封文化艺术职业学院', '高职', '开封市教育局', code(1).toLowerCase(), '开封市', '赵一', '+86 138-0000-0001', 'KF@Example.cn']]));
    expect(rows).toEqual([
      { row: 2, name: '开封文化艺术职业学院', schoolType: 'higher_vocational', supervisor: '开封市教育局', creditCode: code(1), city: '开封市', adminName: '赵一', adminMobile: '13800000001', adminEmail: 'kf@example.cn', errors: [] },
    ]);
  });

  it('accepts English headers and skips blank rows', async () => {
    const rows = await readOrganisationSheet(await workbook(['name', 'kind', 'supervisor', 'credit_code', 'city', 'admin_name', 'admin_phone', 'admin_email'], [[], ['A school', 'secondary_vocational', 'Some bureau', code(2), '', 'Li', '', 'li@example.cn'], []]));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: 3, schoolType: 'secondary_vocational', errors: [] });
  });

  it('reports every problem of a row, and repeats within the sheet', async () => {
    const rows = await readOrganisationSheet(
      await workbook(HEADER, [
        ['X', '大学', '', 'BAD', '', '', '12345', 'nope'],
        ['甲学校', '中职', '某局', code(3), '', '王五', '13800000005', ''],
        ['乙学校', '中职', '某局', code(3), '', '王六', '13800000006', ''],
      ]),
    );
    expect(rows[0]!.errors).toHaveLength(7);
    expect(rows[1]!.errors).toEqual([]);
    expect(rows[2]!.errors).toEqual(['统一社会信用代码与第 3 行重复 / credit code repeats row 3']);
  });

  it('refuses what is not a sheet of schools, saying why', async () => {
    await expect(readOrganisationSheet(Buffer.from('not a zip'))).rejects.toThrow(new SheetError('The file is not an .xlsx workbook'));
    await expect(readOrganisationSheet(await workbook(['学校名称', '城市'], [['a', 'b']]))).rejects.toThrow('Missing columns: 学校类型, 主管单位, 统一社会信用代码, 管理员姓名');
    await expect(readOrganisationSheet(await workbook(HEADER, []))).rejects.toThrow('no rows');
  });
});
