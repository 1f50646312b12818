// Writes apps/web/public/templates/organisations-template.xlsx, the sheet the organisations import
// page offers for download (the browser bundle has no exceljs). Run once after changing the columns:
//   node apps/web/scripts/make-organisations-template.mjs
// The headers are those the API reads (libs/api/organisations/feature-organisations/src/lib/organisation-sheet.ts).
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const out = join(dirname(fileURLToPath(import.meta.url)), '../public/templates/organisations-template.xlsx');

const COLUMNS = [
  { header: '学校名称', key: 'name', width: 30, note: '必填，2–200 个字' },
  { header: '学校类型', key: 'type', width: 12, note: '必填：高职 或 中职' },
  { header: '主管单位', key: 'supervisor', width: 22, note: '必填；不存在时自动创建' },
  { header: '统一社会信用代码', key: 'creditCode', width: 24, note: '必填，18 位，含校验位' },
  { header: '所在城市', key: 'city', width: 12, note: '选填' },
  { header: '管理员姓名', key: 'adminName', width: 14, note: '必填' },
  { header: '管理员手机', key: 'adminMobile', width: 16, note: '手机与邮箱至少填一项' },
  { header: '管理员邮箱', key: 'adminEmail', width: 28, note: '手机与邮箱至少填一项' },
];

const workbook = new ExcelJS.Workbook();
workbook.creator = '大河工坊 · 职教出海项目申报平台';
workbook.created = new Date(Date.UTC(2024, 0, 1));
workbook.modified = workbook.created;
const sheet = workbook.addWorksheet('学校名单', { views: [{ state: 'frozen', ySplit: 1 }] });
sheet.columns = COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
// The example row, with a valid code (check character computed per GB 32100-2015).
const exampleCode = '12410200MB1234567';
sheet.addRow({
  name: '示例职业技术学院（请替换）',
  type: '高职',
  supervisor: '开封市教育局',
  creditCode: exampleCode + checkChar(exampleCode),
  city: '开封市',
  adminName: '张三',
  adminMobile: '13800138000',
  adminEmail: 'admin@example.edu.cn',
});
const header = sheet.getRow(1);
header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0F3B7A' } };
header.alignment = { vertical: 'middle' };
header.height = 22;
COLUMNS.forEach(({ note }, index) => {
  header.getCell(index + 1).note = note;
});
sheet.getColumn('creditCode').numFmt = '@';
sheet.getColumn('adminMobile').numFmt = '@';
for (let row = 2; row <= 500; row++) {
  sheet.getCell(`B${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"高职,中职"'] };
}

await mkdir(dirname(out), { recursive: true });
await workbook.xlsx.writeFile(out);
console.log(`wrote ${out}`);

function checkChar(first17) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = weights.reduce((total, weight, i) => total + alphabet.indexOf(first17[i]) * weight, 0);
  return alphabet[(31 - (sum % 31)) % 31];
}
