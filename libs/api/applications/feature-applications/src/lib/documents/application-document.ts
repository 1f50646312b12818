import type { TimelineDto } from '@dahe/shared/contracts';
import {
  COOPERATION_FORM_LABELS,
  DAHE_2024,
  DAHE_2024_SECTIONS,
  EVIDENCE_CATEGORIES,
  type NarrativeSectionDefinition,
  SCHEDULE_YEARS,
  countryName,
  renderEvidenceReferences,
} from '@dahe/shared/form';

/**
 * The 申报书 as the printed page shows it: every heading, label, cell and paragraph in reading order,
 * already worded (dates in Beijing time, 是/否 ticked, evidence citations resolved). The PDF and the
 * .docx renderers only lay this out, so both documents say the same thing.
 */
export interface ApplicationDocument {
  title: string;
  schoolName: string;
  /** Watermarked 草稿: no signature binds this content yet. */
  draft: boolean;
  cover: {
    title: string;
    fields: { label: string; value: string }[];
    forms: { label: string; checked: boolean }[];
    issuer: string;
    issuedOn: string;
  };
  instructions: { title: string; paragraphs: string[]; evidenceIntro: string; categories: string[] };
  declaration: { title: string; text: string; closing: string; lines: string[] };
  blocks: Block[];
  /** Printed in every page's footer once signed. */
  footer: { contentHash: string | null; receiptNo: string | null };
  /** 签署凭证: the application's audit trail and its verification, on the last page. */
  certificate: Certificate | null;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'guidance'; text: string }
  | { kind: 'paragraphs'; paragraphs: string[] }
  | { kind: 'table'; table: Table }
  | { kind: 'signature'; lines: string[] };

/** A grid table: cells name their column, spans are explicit, header rows repeat after a page break. */
export interface Table {
  /** Relative column widths. */
  columns: number[];
  headerRows: number;
  rows: TableCell[][];
}

export interface TableCell {
  col: number;
  text: string;
  colSpan?: number;
  rowSpan?: number;
  align?: 'left' | 'center';
  bold?: boolean;
  shade?: boolean;
}

export interface Certificate {
  title: string;
  summary: { label: string; value: string }[];
  signatures: Table;
  events: Table;
  verification: string;
}

/** The page range of an evidence item in the compiled binder (the binder, when it exists, supplies it). */
export interface EvidencePages {
  first: number;
  last: number;
}

export interface ApplicationDocumentInput {
  schoolName: string;
  state: string;
  /** Section contents as stored (absent sections print empty). */
  sections: Record<string, unknown>;
  evidence: { id: string; title: string }[];
  /** Sign-off data: signatures, the trail, the chain's verification. */
  timeline: TimelineDto;
  /**
   * Hook for the evidence binder: with page numbers, a citation prints as （见佐证材料第12—15页）;
   * without, as the item's title.
   */
  evidencePages?: (itemId: string) => EvidencePages | undefined;
}

/** States whose content no valid signature binds: exported with the 草稿 watermark. */
const UNSIGNED_STATES = new Set(['draft', 'awaiting_signature', 'returned', 'withdrawn']);

const ROLE_LABELS: Record<string, string> = {
  school_admin: '学校管理员',
  drafter: '起草人',
  contact: '项目联系人',
  legal_rep: '法定代表人',
  viewer: '查看人',
  supervisor_admin: '主管单位管理员',
  supervisor_reviewer: '主管单位审核人',
  province_admin: '省级管理员',
  province_officer: '省教育厅经办人',
  expert: '评审专家',
  auditor: '审计管理员',
  security_admin: '安全管理员',
};

const ACTION_LABELS: Record<string, string> = {
  'application.submitted_for_signature': '提交签署',
  'application.signed': '法定代表人签署',
  'application.approved': '主管单位审核同意并报送',
  'application.returned': '退回修改',
  'application.withdrawn': '撤回',
  'application.formal_check_passed': '形式审查通过',
  'application.returned_for_correction': '退回补正',
  'application.expert_review_started': '进入专家评审',
  'application.decided': '立项决定',
  'call.deadline_extended': '延长截止时间',
};

/** An application's states as the documents, the workbook and the dashboards name them. */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  draft: '草稿',
  awaiting_signature: '待签署',
  signed: '已签署',
  submitted: '已报送',
  formal_check_passed: '形式审查通过',
  returned: '退回补正',
  expert_review: '专家评审',
  approved: '已立项',
  rejected: '未立项',
  withdrawn: '已撤回',
};

const SIGNATURE_STATUS: Record<string, string> = { valid: '有效', void: '已作废', content_changed: '内容已变更，签署失效' };

/** 2024年8月12日 14:03 (Beijing time): the wall clock the notice's dates are in. */
export function beijingTime(iso: string | Date, withTime = true): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  const date = `${parts['year']}年${parts['month']}月${parts['day']}日`;
  return withTime ? `${date} ${parts['hour']}:${parts['minute']}:${parts['second']}` : date;
}

/** `YYYY-MM-DD` → 2024年8月10日; `YYYY-MM` → 2023年9月; anything else as it is. */
function calendarDate(value: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!match) return value;
  return `${match[1]}年${Number(match[2])}月${match[3] ? `${Number(match[3])}日` : ''}`;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Paragraphs as the drafter typed them: one per line, blank lines dropped. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function yesNo(label: string, value: unknown): TableCell[] {
  return [
    { col: 0, text: label },
    { col: 1, colSpan: 2, text: `${value === true ? '☑' : '☐'} 是`, align: 'center' },
    { col: 3, text: `${value === false ? '☑' : '☐'} 否`, align: 'center' },
  ];
}

export function buildApplicationDocument(input: ApplicationDocumentInput): ApplicationDocument {
  const { timeline } = input;
  const sections = input.sections;
  const cover = record(sections['cover']);
  const basic = record(sections['basic_info']);
  const titles = new Map(input.evidence.map((item) => [item.id, item.title]));
  const cite = (itemId: string): string => {
    const pages = input.evidencePages?.(itemId);
    if (pages) return pages.first === pages.last ? `（见佐证材料第${pages.first}页）` : `（见佐证材料第${pages.first}—${pages.last}页）`;
    const title = titles.get(itemId);
    return title ? `（见佐证材料《${title}》）` : '（见佐证材料）';
  };
  const text = (key: string) => renderEvidenceReferences(str(record(sections[key])['text']), cite);

  const chosen = new Set(Array.isArray(cover['cooperationForms']) ? (cover['cooperationForms'] as unknown[]) : []);
  const legalRep = timeline.signatures.find((s) => s.kind === 'legal_rep' && s.status === 'valid');
  const signedOn = legalRep ? beijingTime(legalRep.signedAt, false) : '年　　月　　日';

  const blocks: Block[] = [];
  const partners = Array.isArray(basic['partnerEnterprises']) ? (basic['partnerEnterprises'] as unknown[]).map(str).filter(Boolean) : [];
  const country = str(basic['countryCode']);
  blocks.push({ kind: 'heading', level: 1, text: `${DAHE_2024_SECTIONS.basic_info.number}. ${DAHE_2024_SECTIONS.basic_info.title['zh-CN']}` });
  blocks.push({
    kind: 'table',
    table: {
      columns: [34, 8, 25, 33],
      headerRows: 0,
      rows: [
        [{ col: 0, text: '项目名称' }, { col: 1, colSpan: 3, text: str(basic['projectName']) }],
        [{ col: 0, text: '申报学校' }, { col: 1, colSpan: 3, text: input.schoolName }],
        [
          { col: 0, rowSpan: 2, text: '合作单位 (中资企业、外方合作院校等)' },
          { col: 1, text: '1', align: 'center' },
          { col: 2, colSpan: 2, text: `企业方：${partners.join('；')}` },
        ],
        [{ col: 1, text: '2', align: 'center' }, { col: 2, colSpan: 2, text: `当地校方(机构)：${str(basic['partnerInstitution'])}` }],
        [{ col: 0, text: '所在国家' }, { col: 1, colSpan: 3, text: country ? countryName(country) : '' }],
        [{ col: 0, text: '设立时间' }, { col: 1, colSpan: 3, text: calendarDate(str(basic['establishedOn'])) }],
        yesNo('建立国际交流与合作工作机制', basic['hasIntlMechanism']),
        yesNo('国际合作成效纳入专业教学考核内容', basic['intlInAssessment']),
        yesNo('建立教育涉外安全监管机制和风险防控机制', basic['hasSafetyMechanism']),
        yesNo('境外办学是否已报省教育厅备案', basic['overseasFiled']),
      ],
    },
  });

  let group: string | undefined;
  for (const section of DAHE_2024.sections) {
    if (section.kind === 'fields') continue;
    if (section.group && section.group.number !== group) {
      group = section.group.number;
      blocks.push({ kind: 'heading', level: 1, text: `${section.group.number}. ${section.group.title['zh-CN']}` });
    }
    if (!section.group) group = undefined;
    const heading = section.group ? `${section.number} ${section.title['zh-CN']}` : `${section.number}. ${section.title['zh-CN']}`;
    blocks.push({ kind: 'heading', level: section.group ? 2 : 1, text: heading });
    if (section.kind === 'narrative') {
      const guidance = (section as NarrativeSectionDefinition).guidance;
      if (guidance) blocks.push({ kind: 'guidance', text: guidance['zh-CN'] });
      blocks.push({ kind: 'paragraphs', paragraphs: paragraphsOf(text(section.key)) });
    } else {
      const rows = Array.isArray(record(sections['schedule'])['rows']) ? (record(sections['schedule'])['rows'] as unknown[]).map(record) : [];
      blocks.push({
        kind: 'table',
        table: {
          columns: [7, 21, 24, 24, 24],
          headerRows: 2,
          rows: [
            [
              { col: 0, rowSpan: 2, text: '序号', align: 'center', bold: true, shade: true },
              { col: 1, rowSpan: 2, text: section.taskColumn['zh-CN'], align: 'center', bold: true, shade: true },
              { col: 2, colSpan: 3, text: section.goalsColumn['zh-CN'], align: 'center', bold: true, shade: true },
            ],
            SCHEDULE_YEARS.map((year, index) => ({ col: 2 + index, text: `${year}年`, align: 'center' as const, bold: true, shade: true })),
            ...rows.map((row, index) => [
              { col: 0, text: String(index + 1), align: 'center' as const },
              { col: 1, text: renderEvidenceReferences(str(row['task']), cite) },
              ...SCHEDULE_YEARS.map((year, y) => ({ col: 2 + y, text: renderEvidenceReferences(str(record(row['goals'])[year]), cite) })),
            ]),
          ],
        },
      });
    }
  }

  blocks.push({ kind: 'heading', level: 1, text: `${DAHE_2024.unitOpinion.number}. ${DAHE_2024.unitOpinion.title['zh-CN']}` });
  blocks.push({ kind: 'paragraphs', paragraphs: legalRep?.opinion ? paragraphsOf(legalRep.opinion) : [] });
  blocks.push({
    kind: 'signature',
    lines: [`${DAHE_2024.unitOpinion.signatureLine['zh-CN']}${legalRep ? `${legalRep.signerName}（电子签署）` : ''}`, signedOn],
  });

  const signed = !UNSIGNED_STATES.has(input.state) && timeline.contentHash !== null;
  return {
    title: DAHE_2024.title['zh-CN'],
    schoolName: input.schoolName,
    draft: !signed,
    cover: {
      title: DAHE_2024.title['zh-CN'],
      fields: [
        { label: '申报学校', value: input.schoolName },
        { label: '项目联系人', value: str(cover['contactName']) },
        { label: '手机号码', value: str(cover['contactMobile']) },
        { label: '填报日期', value: calendarDate(str(cover['filledOn'])) },
      ],
      forms: DAHE_2024.cooperationForms.map((code) => ({ label: COOPERATION_FORM_LABELS[code]['zh-CN'], checked: chosen.has(code) })),
      issuer: DAHE_2024.issuer['zh-CN'],
      issuedOn: DAHE_2024.issuedOn['zh-CN'],
    },
    instructions: {
      title: '填写要求',
      paragraphs: DAHE_2024.fillingInstructions.map((p) => p['zh-CN']),
      evidenceIntro: DAHE_2024.evidenceIntro['zh-CN'],
      categories: EVIDENCE_CATEGORIES.map((category, index) => `${index + 1}. ${category.guidance['zh-CN']}`),
    },
    declaration: {
      title: DAHE_2024.declaration.title['zh-CN'],
      text: DAHE_2024.declaration.text['zh-CN'].replace('_____(学校名称)', input.schoolName),
      closing: DAHE_2024.declaration.closing['zh-CN'],
      lines: [
        `${DAHE_2024.declaration.signatureLines[0]?.['zh-CN'] ?? ''}${input.schoolName}`,
        `${DAHE_2024.declaration.signatureLines[1]?.['zh-CN'] ?? ''}${legalRep ? `${legalRep.signerName}（电子签署）` : ''}`,
        signedOn,
      ],
    },
    blocks,
    footer: signed ? { contentHash: timeline.contentHash, receiptNo: timeline.receiptNo } : { contentHash: null, receiptNo: null },
    certificate: timeline.events.length > 0 || timeline.signatures.length > 0 ? certificate(timeline) : null,
  };
}

function certificate(timeline: TimelineDto): Certificate {
  const chain = timeline.chain;
  return {
    title: '签署凭证',
    summary: [
      { label: '申报书编号', value: timeline.applicationId },
      { label: '当前状态', value: STATE_LABELS[timeline.state] ?? timeline.state },
      { label: '签署内容哈希', value: timeline.contentHash ?? '（尚未冻结）' },
      { label: '当前内容哈希', value: timeline.currentContentHash || '—' },
      { label: '受理编号', value: timeline.receiptNo ?? '（尚未受理）' },
    ],
    signatures: {
      columns: [16, 30, 30, 24],
      headerRows: 1,
      rows: [
        ['签署人', '单位、身份', '签署时间', '状态'].map((text, col) => ({ col, text, bold: true, shade: true, align: 'center' as const })),
        ...timeline.signatures.map((s) => [
          { col: 0, text: s.signerName },
          { col: 1, text: `${s.organisationName}，${ROLE_LABELS[s.signerRole] ?? s.signerRole}` },
          { col: 2, text: beijingTime(s.signedAt) },
          { col: 3, text: `${SIGNATURE_STATUS[s.status] ?? s.status}${s.voidReason ? `（${s.voidReason}）` : ''}` },
        ]),
      ],
    },
    events: {
      columns: [7, 27, 30, 36],
      headerRows: 1,
      rows: [
        ['序号', '时间', '操作人', '操作与内容哈希'].map((text, col) => ({ col, text, bold: true, shade: true, align: 'center' as const })),
        ...timeline.events.map((e) => [
          { col: 0, text: String(e.seq), align: 'center' as const },
          { col: 1, text: beijingTime(e.at) },
          { col: 2, text: [e.actorName ?? '系统', e.actorRole ? ROLE_LABELS[e.actorRole] ?? e.actorRole : ''].filter(Boolean).join('，') },
          {
            col: 3,
            text: [
              ACTION_LABELS[e.action] ?? e.action,
              e.from && e.to ? `${STATE_LABELS[e.from] ?? e.from} → ${STATE_LABELS[e.to] ?? e.to}` : '',
              e.comment ? `意见：${e.comment}` : '',
              e.receiptNo ? `受理编号：${e.receiptNo}` : '',
              e.contentHash ? `哈希：${e.contentHash}` : '',
            ]
              .filter(Boolean)
              .join('\n'),
          },
        ]),
      ],
    },
    verification: chain.ok
      ? `审计链校验通过：共 ${chain.events} 条事件，逐条哈希相连，未发现篡改、插入或删除。`
      : `审计链校验未通过：第 ${chain.brokenAt?.seq ?? '?'} 条事件处断开（${chain.brokenAt?.reason ?? '原因不明'}）。`,
  };
}
