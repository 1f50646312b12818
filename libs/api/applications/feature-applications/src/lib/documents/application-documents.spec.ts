import { describe, expect, it, jest } from '@jest/globals';
import type { TimelineDto } from '@dahe/shared/contracts';
import { type ApplicationDocumentInput, buildApplicationDocument } from './application-document';
import { renderApplicationDocx } from './application-docx';
import { renderApplicationPdf } from './application-pdf';
import { bodyText, docxPart, missingInOrder, pdfItems, squeeze, zoneText } from './document-text.testing';

// Rendering loads a 10 MB font and pdf.js reads every page back: slow on a shared CI machine.
jest.setTimeout(30_000);

const CREATED = new Date('2024-08-15T02:00:00Z');
const SCHOOL = '河南交通职业技术学院';
const HASH = `sm3:${'3f'.repeat(32)}`;
const AGREEMENT = '0b6a3c1e-1d2f-4c5b-9a8e-7f6d5c4b3a21';

function sections(): Record<string, unknown> {
  return {
    cover: { cooperationForms: ['degree', 'skills_training', 'equipment_export'], contactName: '王真', contactMobile: '13812345678', filledOn: '2024-08-10' },
    basic_info: {
      projectName: '中肯汽车技术大河工坊',
      partnerEnterprises: ['中国路桥工程有限责任公司', '河南汽车集团肯尼亚分公司'],
      partnerInstitution: '内罗毕技术学院',
      countryCode: 'KE',
      establishedOn: '2023-09',
      hasIntlMechanism: true,
      intlInAssessment: false,
      hasSafetyMechanism: true,
      overseasFiled: true,
    },
    school_foundation: { text: '学校是国家“双高计划”建设单位。\n汽车类专业群与20余家海外中资企业合作。' },
    partner_profile: { text: `合作企业在肯尼亚承建公路项目，年需本土技术工人300余名〔佐证:${AGREEMENT}〕。` },
    progress_to_date: { text: '2023年起联合开展技能培训，累计培训本土员工420人次。' },
    purpose_goals: { text: '坚持“教随产出、校企同行”，培养本土技术技能人才。' },
    approach_tasks: { text: '共建实训基地，输出专业教学标准，开发“中文+职业技能”课程。' },
    expected_outcomes: { text: '三年培训本土员工1500人次，输出教学标准3项。' },
    schedule: {
      rows: [
        { task: '共建实训基地', goals: { '2024': '完成选址与设计', '2025': '建成并投入使用', '2026': '年培训500人次' } },
        { task: '输出教学标准', goals: { '2024': '完成调研', '2025': '开发2项标准', '2026': '获合作方采纳' } },
      ],
    },
    safeguards: { text: '成立由校长任组长的项目领导小组，设立专项经费。' },
  };
}

function timeline(state: 'draft' | 'submitted'): TimelineDto {
  const submitted = state === 'submitted';
  return {
    applicationId: '6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b',
    state,
    contentHash: submitted ? HASH : null,
    currentContentHash: HASH,
    receiptNo: submitted ? 'DHGF-2024-0007' : null,
    events: submitted
      ? [
          { seq: 1, at: '2024-08-12T01:00:00Z', action: 'application.submitted_for_signature', actorId: 'u1', actorName: '王真', actorRole: 'contact', from: 'draft', to: 'awaiting_signature', contentHash: HASH },
          { seq: 2, at: '2024-08-12T06:30:00Z', action: 'application.signed', actorId: 'u2', actorName: '李建国', actorRole: 'legal_rep', from: 'awaiting_signature', to: 'signed', contentHash: HASH },
          { seq: 3, at: '2024-08-13T02:15:00Z', action: 'application.approved', actorId: 'u3', actorName: '赵敏', actorRole: 'supervisor_reviewer', from: 'signed', to: 'submitted', contentHash: HASH, receiptNo: 'DHGF-2024-0007' },
        ]
      : [],
    signatures: submitted
      ? [
          { id: 's1', kind: 'legal_rep', signerId: 'u2', signerName: '李建国', signerRole: 'legal_rep', organisationId: 'o1', organisationName: SCHOOL, opinion: '同意申报。经审核，申报材料内容真实、准确。', contentHash: HASH, signedAt: '2024-08-12T06:30:00Z', status: 'valid' },
          { id: 's2', kind: 'supervisor', signerId: 'u3', signerName: '赵敏', signerRole: 'supervisor_reviewer', organisationId: 'o2', organisationName: '郑州市教育局', opinion: '同意推荐。', contentHash: HASH, signedAt: '2024-08-13T02:15:00Z', status: 'valid' },
        ]
      : [],
    waitingFor: null,
    deadline: '2024-08-16T16:00:00Z',
    chain: { ok: true, events: submitted ? 3 : 0 },
  };
}

function input(state: 'draft' | 'submitted', overrides: Partial<ApplicationDocumentInput> = {}): ApplicationDocumentInput {
  return { schoolName: SCHOOL, state, sections: sections(), evidence: [{ id: AGREEMENT, title: '合作办学协议' }], timeline: timeline(state), ...overrides };
}

/** What the printed 申报书 says, in the order the notice prints it. */
const EXPECTED_ORDER = [
  '河南省职业院校“大河工坊”职教出海建设项目',
  '申报书',
  '申报学校：',
  SCHOOL,
  '合作形式：',
  '学历培养',
  '技能培训',
  '技术服务',
  '科研合作',
  '设备输出',
  '人文交流',
  '项目联系人：',
  '王真',
  '手机号码：',
  '13812345678',
  '填报日期：',
  '2024年8月10日',
  '河南省教育厅 制',
  '二〇二四年七月',
  '填写要求',
  '一、申报学校按照《通知》要求',
  '二、文字描述要说清时间、内容、结果',
  '三、申报书和佐证材料分开装订',
  '佐证材料可参考以下范围，或其他相关材料。',
  '1. 学历培养佐证',
  '6. 人文交流佐证',
  '内容真实性责任声明',
  `${SCHOOL}对本申报书及相关佐证材料内容的真实性和准确性负责。`,
  '特此声明。',
  `单位名称（盖章）：${SCHOOL}`,
  '法定代表人（签名）：',
  '1. 基本信息',
  '项目名称',
  '中肯汽车技术大河工坊',
  '申报学校',
  SCHOOL,
  '合作单位 (中资企业、外方合作院校等)',
  '1',
  '企业方：中国路桥工程有限责任公司；河南汽车集团肯尼亚分公司',
  '2',
  '当地校方(机构)：内罗毕技术学院',
  '所在国家',
  '肯尼亚',
  '设立时间',
  '2023年9月',
  '建立国际交流与合作工作机制',
  '国际合作成效纳入专业教学考核内容',
  '建立教育涉外安全监管机制和风险防控机制',
  '境外办学是否已报省教育厅备案',
  '2. 建设基础',
  '2.1 学校办学基础',
  '(学校国际化办学基础、优势特色、成果',
  '学校是国家“双高计划”建设单位。',
  '汽车类专业群与20余家海外中资企业合作。',
  '2.2 合作单位简介',
  '年需本土技术工人300余名（见佐证材料《合作办学协议》）。',
  '2.3 项目开展情况',
  '累计培训本土员工420人次。',
  '3. 建设方案',
  '3.1 项目建设的宗旨、目标',
  '3.2 建设思路、重点任务与举措',
  '3.3 预期成效',
  '3.4 建设进度',
  '序号',
  '分项任务 (可增加)',
  '年度目标',
  '2024年',
  '2025年',
  '2026年',
  '1',
  '共建实训基地',
  '完成选址与设计',
  '建成并投入使用',
  '年培训500人次',
  '2',
  '输出教学标准',
  '获合作方采纳',
  '4. 保障措施',
  '成立由校长任组长的项目领导小组',
  '5. 单位意见',
] as const;

/** A4 and the renderer's margins, in points: nothing may be set outside them but the footer. */
const PAGE = { width: 595.28, left: 82, right: 64 };

describe('the 申报书 as .pdf', () => {
  it('prints every heading, field and cell in the notice’s order, signatures and the certificate after them', async () => {
    const pdf = await renderApplicationPdf(buildApplicationDocument(input('submitted')), { createdAt: CREATED });
    const text = bodyText(await pdfItems(pdf));
    expect(missingInOrder(text, EXPECTED_ORDER)).toBeUndefined();
    expect(missingInOrder(text, ['法定代表人（签名）：李建国', '2024年8月12日', '5. 单位意见', '同意申报。经审核，申报材料内容真实、准确。', '法定代表人签字：李建国', '签署凭证', '签署记录', '李建国', '赵敏', '审计轨迹', '提交签署', '草稿 → 待签署', '法定代表人签署', '主管单位审核同意并报送', '受理编号：DHGF-2024-0007', '审计链校验通过：共3条事件'])).toBeUndefined();
    // Ticked 合作形式 and 是/否: a box with a tick, the others an empty box.
    expect(text).toContain('□✓学历培养');
    expect(text).toContain('□技术服务');
    expect(text).toContain('境外办学是否已报省教育厅备案□✓是□否');
    expect(text).toContain('国际合作成效纳入专业教学考核内容□是□✓否');
  });

  it('puts the content hash and the receipt number in every page’s footer once submitted, and no watermark', async () => {
    const pages = await pdfItems(await renderApplicationPdf(buildApplicationDocument(input('submitted')), { createdAt: CREATED }));
    expect(pages.length).toBeGreaterThanOrEqual(6);
    pages.forEach((items, index) => {
      expect(squeeze(zoneText(items, 'footer'))).toBe(`内容哈希：${HASH}受理编号：DHGF-2024-0007第${index + 1}页共${pages.length}页`);
      expect(zoneText(items, 'watermark')).toBe('');
    });
  });

  it('watermarks a draft 草稿 on every page, with page numbers and no hash', async () => {
    const pages = await pdfItems(await renderApplicationPdf(buildApplicationDocument(input('draft')), { createdAt: CREATED }));
    pages.forEach((items, index) => {
      expect(zoneText(items, 'watermark')).toBe('草稿');
      expect(squeeze(zoneText(items, 'footer'))).toBe(`第${index + 1}页共${pages.length}页`);
    });
    // Unsigned: the signature lines are empty and there is no certificate.
    const text = bodyText(pages);
    expect(text).toContain('法定代表人（签名）：年月日');
    expect(text).not.toContain('签署凭证');
  });

  it('is byte-for-byte the same for the same content and creation time', async () => {
    const model = buildApplicationDocument(input('submitted'));
    const [a, b] = [await renderApplicationPdf(model, { createdAt: CREATED }), await renderApplicationPdf(model, { createdAt: CREATED })];
    expect(a.equals(b)).toBe(true);
    const later = await renderApplicationPdf(model, { createdAt: new Date('2024-08-16T00:00:00Z') });
    expect(later.equals(a)).toBe(false);
    expect(later.length).toBe(a.length);
  });

  it('embeds only a subset of the CJK font', async () => {
    const pdf = await renderApplicationPdf(buildApplicationDocument(input('submitted')), { createdAt: CREATED });
    expect(pdf.length).toBeLessThan(400_000);
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC/);
  });

  it('keeps a 1,500 字 section and a 20-row schedule inside the margins, losing no text', async () => {
    const base = await pdfItems(await renderApplicationPdf(buildApplicationDocument(input('submitted')), { createdAt: CREATED }));
    const sentence = '学校与合作企业共建海外实训基地，围绕“教随产出、校企同行”开展本土技术技能人才培养（2025—2026年），ABC-2024 标准同步输出。';
    const paragraphs = Array.from({ length: 6 }, (_, i) => `第${i + 1}段：${sentence.repeat(4)}`);
    const long = paragraphs.join('\n');
    expect(long.length).toBeGreaterThan(1500);
    const cell = (row: number, year: string) => `第${row}项${year}年度目标：${'完成实训基地建设并开展本土员工培训，'.repeat(10)}`.slice(0, 200);
    const rows = Array.from({ length: 20 }, (_, i) => ({ task: `分项任务${i + 1}：共建实训基地与课程`, goals: { '2024': cell(i + 1, '2024'), '2025': cell(i + 1, '2025'), '2026': cell(i + 1, '2026') } }));
    const big = { ...sections(), approach_tasks: { text: long }, schedule: { rows } };
    const pdf = await renderApplicationPdf(buildApplicationDocument(input('submitted', { sections: big })), { createdAt: CREATED });
    const items = await pdfItems(pdf);
    expect(items.length).toBeGreaterThan(base.length + 6);

    const text = bodyText(items);
    expect(missingInOrder(text, ['3.2 建设思路、重点任务与举措', ...paragraphs, '3.3 预期成效'])).toBeUndefined();
    for (const row of rows) expect(missingInOrder(text, [row.task, row.goals['2024'], row.goals['2025'], row.goals['2026']])).toBeUndefined();
    // The schedule's header rows repeat on the pages it continues on.
    expect(text.split('分项任务(可增加)年度目标2024年2025年2026年').length - 1).toBeGreaterThanOrEqual(3);
    // Every line inside the page's margins; below the bottom margin only the footer.
    for (const item of items.flat().filter((i) => !i.rotated && i.str.trim())) {
      expect(item.x).toBeGreaterThanOrEqual(PAGE.left - 0.5);
      expect(item.x + item.width).toBeLessThanOrEqual(PAGE.width - PAGE.right + 0.5);
    }
    items.forEach((page, index) => expect(squeeze(zoneText(page, 'footer'))).toBe(`内容哈希：${HASH}受理编号：DHGF-2024-0007第${index + 1}页共${items.length}页`));
  });

  it('prints a citation with the binder’s page numbers once the binder supplies them', async () => {
    const pages = (id: string) => (id === AGREEMENT ? { first: 12, last: 15 } : undefined);
    const text = bodyText(await pdfItems(await renderApplicationPdf(buildApplicationDocument(input('submitted', { evidencePages: pages })), { createdAt: CREATED })));
    expect(text).toContain('年需本土技术工人300余名（见佐证材料第12—15页）。');
  });
});

describe('the 申报书 as .docx', () => {
  it('has every heading, field and cell in order, as Word headings and tables', async () => {
    const docx = await renderApplicationDocx(buildApplicationDocument(input('submitted')), { createdAt: CREATED });
    const text = await docxPart(docx);
    expect(missingInOrder(text, EXPECTED_ORDER)).toBeUndefined();
    expect(text).toContain('☑学历培养');
    expect(text).toContain('☐技术服务');
    expect(missingInOrder(text, ['5. 单位意见', '同意申报。经审核，申报材料内容真实、准确。', '法定代表人签字：李建国', '签署凭证', '审计链校验通过'])).toBeUndefined();

    const raw = await (await import('jszip')).default.loadAsync(docx).then((zip) => zip.file('word/document.xml')?.async('string'));
    expect(raw).toMatch(/<w:pStyle w:val="Heading1"\/>/);
    expect(raw).toMatch(/<w:pStyle w:val="Heading2"\/>/);
    expect(raw?.match(/<w:tbl>/g)?.length).toBe(5);
    // The notice's merged cells: 合作单位 spans two rows, 年度目标 three columns.
    expect(raw).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(raw).toMatch(/<w:gridSpan w:val="3"\/>/);
    const styles = await (await import('jszip')).default.loadAsync(docx).then((zip) => zip.file('word/styles.xml')?.async('string'));
    expect(styles).toMatch(/w:eastAsia="SimSun"/);
  });

  it('puts the hash and receipt number in the footer of a submitted one, and watermarks only drafts', async () => {
    const submitted = await renderApplicationDocx(buildApplicationDocument(input('submitted')), { createdAt: CREATED });
    const footer = await docxPart(submitted, 'word/footer1.xml');
    expect(squeeze(footer)).toContain(`内容哈希：${HASH}`);
    expect(squeeze(footer)).toContain('受理编号：DHGF-2024-0007');
    await expect(docxPart(submitted, 'word/header1.xml')).rejects.toThrow();

    const draft = await renderApplicationDocx(buildApplicationDocument(input('draft')), { createdAt: CREATED });
    const header = await (await import('jszip')).default.loadAsync(draft).then((zip) => zip.file('word/header1.xml')?.async('string'));
    expect(header).toContain('string="草稿"');
    expect(await docxPart(draft, 'word/footer1.xml')).not.toContain('内容哈希');
  });

  it('is byte-for-byte the same for the same content and creation time', async () => {
    const model = buildApplicationDocument(input('draft'));
    const a = await renderApplicationDocx(model, { createdAt: CREATED });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await renderApplicationDocx(model, { createdAt: CREATED });
    expect(a.equals(b)).toBe(true);
  });
});
