import type { Code } from '@dahe/shared/form';

/** A 申报书 that passes the validation report: the demo's applications further along, and the sign-off tests. */
export function demoSections(): Record<string, unknown> {
  return {
    cover: { cooperationForms: ['degree', 'skills_training'], contactName: '黄丽', contactMobile: '13700371002', filledOn: '2024-08-10' },
    basic_info: {
      projectName: '中哈汽车技术“大河工坊”',
      partnerEnterprises: ['中国路桥工程有限责任公司'],
      partnerInstitution: '阿拉木图国立技术学院',
      countryCode: 'KZ',
      establishedOn: '2023-09',
      hasIntlMechanism: true,
      intlInAssessment: true,
      hasSafetyMechanism: true,
      overseasFiled: true,
    },
    school_foundation: { text: '学校是国家“双高计划”建设单位，汽车类专业群与20余家海外中资企业合作。' },
    partner_profile: { text: '合作企业在哈萨克斯坦承建公路项目，年需本土技术工人300余名。' },
    progress_to_date: { text: '2023年起联合开展技能培训，累计培训本土员工420人次。' },
    purpose_goals: { text: '坚持“教随产出、校企同行”，培养本土技术技能人才。' },
    approach_tasks: { text: '共建实训基地，输出专业教学标准，开发“中文+职业技能”课程。' },
    expected_outcomes: { text: '三年培训本土员工1500人次，输出教学标准3项。' },
    schedule: { rows: [{ task: '共建实训基地', goals: { '2024': '完成选址与设计', '2025': '建成并投入使用', '2026': '年培训500人次' } }] },
    safeguards: { text: '成立由校长任组长的项目领导小组，设立专项经费。' },
  };
}

/** One evidence item per chosen 合作形式, the first flagged as the cooperation agreement (申报条件 二). */
export const DEMO_EVIDENCE: readonly { category: Code; title: string; isAgreement: boolean; filename: string; pages: number }[] = [
  { category: 'degree', title: '与阿拉木图国立技术学院合作办学协议', isAgreement: true, filename: '合作协议.pdf', pages: 3 },
  { category: 'skills_training', title: '2023年海外员工技能培训名册', isAgreement: false, filename: '培训名册.pdf', pages: 2 },
];

/**
 * A small, valid A4 PDF of `pages` pages, each saying `Demo evidence – page n of m` (the evidence binder
 * copies its pages); the label is kept as a comment, so different items have different bytes.
 */
export function demoPdf(label: string, pages = 1): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, index) => `${4 + index * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  for (let page = 1; page <= pages; page++) {
    const content = `BT /F1 16 Tf 82 740 Td (Demo evidence - page ${page} of ${pages}) Tj ET 0.6 G 82 700 m 531 700 l S`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + (page - 1) * 2} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    );
  }
  const head = Buffer.from(`%PDF-1.4\n% ${label}\n`, 'utf8');
  const parts: Buffer[] = [head];
  const offsets: number[] = [];
  let at = head.length;
  objects.forEach((body, index) => {
    const object = Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    offsets.push(at);
    parts.push(object);
    at += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
