import { COOPERATION_CODES, type Code, EVIDENCE_CATEGORIES, type EvidenceCategory, type Localized } from './codes';
import {
  type BasicInfoContent,
  type CoverContent,
  type NarrativeSectionKey,
  SCHEDULE_YEARS,
  type ScheduleYear,
  type SectionKey,
} from './content';

/**
 * Template dahe-2024: the 申报书 attached to 教办职成〔2024〕191号, as data. Titles, guidance and labels
 * are zh-CN verbatim from the notice (line breaks of the printed page joined); `en` is our rendering.
 */
export const DAHE_2024_ID = 'dahe-2024';

export type FieldType =
  | 'text'
  /** Mainland mobile number. */
  | 'mobile'
  /** `YYYY-MM-DD` */
  | 'date'
  /** `YYYY-MM` */
  | 'yearMonth'
  /** ISO 3166-1 alpha-2, screened against the call's country risk list. */
  | 'country'
  /** 是 / 否 */
  | 'boolean'
  /** One or more texts. */
  | 'stringList'
  /** One or more 合作形式 codes. */
  | 'cooperationForms';

export interface FieldDefinition<K extends string = string> {
  readonly key: K;
  readonly label: Localized;
  readonly type: FieldType;
  /** A required field must be filled for the application to be ready to sign. */
  readonly required: boolean;
  /** Shown on the form but filled from the applicant organisation, never stored in the content. */
  readonly derived?: 'organisation';
  /** The form's row heading this field sits under (合作单位 for its two rows). */
  readonly group?: Localized;
}

/** Key of a field a drafter fills, or `schoolName` for the derived 申报学校. */
export type CoverFieldKey = keyof CoverContent | 'schoolName';
export type BasicInfoFieldKey = keyof BasicInfoContent | 'schoolName';

export interface SectionGroup {
  readonly number: string;
  readonly title: Localized;
}

interface SectionBase<K extends SectionKey> {
  readonly key: K;
  /** The form's numbering ("1", "2.1" …); the cover has none. */
  readonly number: string | null;
  readonly title: Localized;
  /** The numbered heading this section sits under (2 建设基础, 3 建设方案). */
  readonly group?: SectionGroup;
  /** The notice's own guidance printed under the heading, where there is one. */
  readonly guidance?: Localized;
}

export interface FieldsSectionDefinition<K extends 'cover' | 'basic_info', F extends string> extends SectionBase<K> {
  readonly kind: 'fields';
  readonly fields: readonly FieldDefinition<F>[];
}

export interface NarrativeSectionDefinition<K extends NarrativeSectionKey = NarrativeSectionKey> extends SectionBase<K> {
  readonly kind: 'narrative';
  /** 字 limit, counted by countZi. */
  readonly limit: number;
}

export interface ScheduleSectionDefinition extends SectionBase<'schedule'> {
  readonly kind: 'schedule';
  readonly years: readonly ScheduleYear[];
  /** 字 limit of each 年度目标 cell. */
  readonly cellLimit: number;
  readonly minRows: number;
  readonly taskColumn: Localized;
  readonly goalsColumn: Localized;
  /** The hint printed in each 年度目标 cell. */
  readonly cellHint: Localized;
}

export type CoverSectionDefinition = FieldsSectionDefinition<'cover', CoverFieldKey>;
export type BasicInfoSectionDefinition = FieldsSectionDefinition<'basic_info', BasicInfoFieldKey>;

export type SectionDefinition =
  | CoverSectionDefinition
  | BasicInfoSectionDefinition
  | NarrativeSectionDefinition
  | ScheduleSectionDefinition;

/** Each section key's definition type. */
export interface SectionDefinitionMap {
  cover: CoverSectionDefinition;
  basic_info: BasicInfoSectionDefinition;
  school_foundation: NarrativeSectionDefinition<'school_foundation'>;
  partner_profile: NarrativeSectionDefinition<'partner_profile'>;
  progress_to_date: NarrativeSectionDefinition<'progress_to_date'>;
  purpose_goals: NarrativeSectionDefinition<'purpose_goals'>;
  approach_tasks: NarrativeSectionDefinition<'approach_tasks'>;
  expected_outcomes: NarrativeSectionDefinition<'expected_outcomes'>;
  schedule: ScheduleSectionDefinition;
  safeguards: NarrativeSectionDefinition<'safeguards'>;
}

const SCHOOL_NAME: FieldDefinition<'schoolName'> = {
  key: 'schoolName',
  label: { 'zh-CN': '申报学校', en: 'Applicant school' },
  type: 'text',
  required: true,
  derived: 'organisation',
};

const PARTNERS: Localized = {
  'zh-CN': '合作单位 (中资企业、外方合作院校等)',
  en: 'Partners (Chinese enterprises, foreign partner institutions, etc.)',
};

export const SECTION_GROUPS = {
  foundation: { number: '2', title: { 'zh-CN': '建设基础', en: 'Foundations' } },
  plan: { number: '3', title: { 'zh-CN': '建设方案', en: 'Project plan' } },
} as const satisfies Record<string, SectionGroup>;

/** 字 limit of each 年度目标 cell of 3.4 建设进度. */
export const SCHEDULE_CELL_LIMIT = 200;

export const DAHE_2024_SECTIONS: Readonly<SectionDefinitionMap> = {
  cover: {
    key: 'cover',
    kind: 'fields',
    number: null,
    title: { 'zh-CN': '封面', en: 'Cover' },
    fields: [
      SCHOOL_NAME,
      { key: 'cooperationForms', label: { 'zh-CN': '合作形式', en: 'Forms of cooperation' }, type: 'cooperationForms', required: true },
      { key: 'contactName', label: { 'zh-CN': '项目联系人', en: 'Project contact' }, type: 'text', required: true },
      { key: 'contactMobile', label: { 'zh-CN': '手机号码', en: 'Mobile number' }, type: 'mobile', required: true },
      { key: 'filledOn', label: { 'zh-CN': '填报日期', en: 'Date filled in' }, type: 'date', required: true },
    ],
  },
  basic_info: {
    key: 'basic_info',
    kind: 'fields',
    number: '1',
    title: { 'zh-CN': '基本信息', en: 'Basic information' },
    fields: [
      { key: 'projectName', label: { 'zh-CN': '项目名称', en: 'Project name' }, type: 'text', required: true },
      SCHOOL_NAME,
      { key: 'partnerEnterprises', label: { 'zh-CN': '合作单位：企业方', en: 'Partner enterprises' }, type: 'stringList', required: true, group: PARTNERS },
      {
        key: 'partnerInstitution',
        label: { 'zh-CN': '合作单位：当地校方(机构)', en: 'Partner local school (institution)' },
        type: 'text',
        required: true,
        group: PARTNERS,
      },
      { key: 'countryCode', label: { 'zh-CN': '所在国家', en: 'Country' }, type: 'country', required: true },
      { key: 'establishedOn', label: { 'zh-CN': '设立时间', en: 'Established' }, type: 'yearMonth', required: true },
      {
        key: 'hasIntlMechanism',
        label: { 'zh-CN': '建立国际交流与合作工作机制', en: 'A working mechanism for international exchange and cooperation is in place' },
        type: 'boolean',
        required: true,
      },
      {
        key: 'intlInAssessment',
        label: {
          'zh-CN': '国际合作成效纳入专业教学考核内容',
          en: 'Results of international cooperation are part of the programmes’ teaching assessment',
        },
        type: 'boolean',
        required: true,
      },
      {
        key: 'hasSafetyMechanism',
        label: {
          'zh-CN': '建立教育涉外安全监管机制和风险防控机制',
          en: 'Safety supervision and risk prevention mechanisms for education abroad are in place',
        },
        type: 'boolean',
        required: true,
      },
      {
        key: 'overseasFiled',
        label: {
          'zh-CN': '境外办学是否已报省教育厅备案',
          en: 'The overseas operation has been filed with the Provincial Department of Education',
        },
        type: 'boolean',
        required: true,
      },
    ],
  },
  school_foundation: {
    key: 'school_foundation',
    kind: 'narrative',
    number: '2.1',
    group: SECTION_GROUPS.foundation,
    title: { 'zh-CN': '学校办学基础', en: 'The school’s foundation' },
    guidance: {
      'zh-CN': '(学校国际化办学基础、优势特色、成果、立足的主要专业(群), 在国际化方面面临的机遇和挑战, 800 字以内。)',
      en: '(The school’s foundation in international education, its strengths and distinctive features, its achievements, the main programmes (programme clusters) it builds on, and the opportunities and challenges it faces in internationalisation; within 800 characters.)',
    },
    limit: 800,
  },
  partner_profile: {
    key: 'partner_profile',
    kind: 'narrative',
    number: '2.2',
    group: SECTION_GROUPS.foundation,
    title: { 'zh-CN': '合作单位简介', en: 'The partners' },
    guidance: {
      'zh-CN':
        '(合作单位的基本情况，包括合作企业的国际业务开展情况和外籍技能人员需求。合作院校的办学基础和国际合作开展情况，800字以内。)',
      en: '(Basic facts about the partners, including the partner enterprise’s international business and its need for foreign skilled workers, and the partner institution’s educational foundation and international cooperation; within 800 characters.)',
    },
    limit: 800,
  },
  progress_to_date: {
    key: 'progress_to_date',
    kind: 'narrative',
    number: '2.3',
    group: SECTION_GROUPS.foundation,
    title: { 'zh-CN': '项目开展情况', en: 'Progress to date' },
    guidance: {
      'zh-CN': '(项目已经开展的情况和取得的成效，包括人才培养、产学研用、数字教育、人文交流等方面的内容，1000字以内)',
      en: '(What the project has done so far and what it has achieved, in talent training, industry–education–research–application, digital education, cultural exchange and similar areas; within 1,000 characters)',
    },
    limit: 1000,
  },
  purpose_goals: {
    key: 'purpose_goals',
    kind: 'narrative',
    number: '3.1',
    group: SECTION_GROUPS.plan,
    title: { 'zh-CN': '项目建设的宗旨、目标', en: 'Purpose and goals of the project' },
    guidance: {
      'zh-CN': '(项目建设的宗旨、定位和人才培养目标，300字以内。)',
      en: '(The project’s purpose, positioning and talent-training goals; within 300 characters.)',
    },
    limit: 300,
  },
  approach_tasks: {
    key: 'approach_tasks',
    kind: 'narrative',
    number: '3.2',
    group: SECTION_GROUPS.plan,
    title: { 'zh-CN': '建设思路、重点任务与举措', en: 'Approach, key tasks and measures' },
    guidance: {
      'zh-CN':
        '(简述未来三年学校就本项目在教随产出、校企同行等方面的建设思路、重点任务与举措、要定位精准、重点突出、特色鲜明，1500字以内。)',
      en: '(Outline the school’s approach, key tasks and measures for this project over the next three years, in areas such as education following industry abroad and schools going abroad together with enterprises; be precisely positioned, focused and distinctive; within 1,500 characters.)',
    },
    limit: 1500,
  },
  expected_outcomes: {
    key: 'expected_outcomes',
    kind: 'narrative',
    number: '3.3',
    group: SECTION_GROUPS.plan,
    title: { 'zh-CN': '预期成效', en: 'Expected outcomes' },
    guidance: {
      'zh-CN': '(建设预期成效及标志性成果，500字以内。)',
      en: '(The expected outcomes and landmark results; within 500 characters.)',
    },
    limit: 500,
  },
  schedule: {
    key: 'schedule',
    kind: 'schedule',
    number: '3.4',
    group: SECTION_GROUPS.plan,
    title: { 'zh-CN': '建设进度', en: 'Schedule' },
    years: SCHEDULE_YEARS,
    cellLimit: SCHEDULE_CELL_LIMIT,
    minRows: 1,
    taskColumn: { 'zh-CN': '分项任务 (可增加)', en: 'Task (rows may be added)' },
    goalsColumn: { 'zh-CN': '年度目标', en: 'Annual goals' },
    cellHint: { 'zh-CN': '(200字以内)', en: '(within 200 characters)' },
  },
  safeguards: {
    key: 'safeguards',
    kind: 'narrative',
    number: '4',
    title: { 'zh-CN': '保障措施', en: 'Safeguards' },
    guidance: {
      'zh-CN': '(学校协同推进机制、项目实施管理、多元投入机制、改革发展环境等，500字以内。)',
      en: '(The school’s mechanism for coordinated delivery, project implementation and management, diversified funding, the environment for reform and development, etc.; within 500 characters.)',
    },
    limit: 500,
  },
};

export interface FormTemplate {
  readonly id: typeof DAHE_2024_ID;
  readonly title: Localized;
  readonly issuer: Localized;
  readonly issuedOn: Localized;
  readonly notice: Localized;
  /** 填写要求, in order. */
  readonly fillingInstructions: readonly Localized[];
  /** The sentence introducing the evidence categories under 填写要求. */
  readonly evidenceIntro: Localized;
  readonly cooperationForms: readonly Code[];
  readonly evidenceCategories: readonly EvidenceCategory[];
  /** 内容真实性责任声明, printed after the cover; signed by the legal representative. */
  readonly declaration: {
    readonly title: Localized;
    readonly text: Localized;
    readonly closing: Localized;
    readonly signatureLines: readonly Localized[];
  };
  /** The drafted sections, in the notice's order. */
  readonly sections: readonly SectionDefinition[];
  /** 5. 单位意见: written when signing, not drafted. */
  readonly unitOpinion: {
    readonly number: '5';
    readonly title: Localized;
    readonly signatureLine: Localized;
  };
  readonly scheduleYears: readonly ScheduleYear[];
}

/** Every narrative section's 字 limit. */
export const NARRATIVE_LIMITS: Readonly<Record<NarrativeSectionKey, number>> = {
  school_foundation: DAHE_2024_SECTIONS.school_foundation.limit,
  partner_profile: DAHE_2024_SECTIONS.partner_profile.limit,
  progress_to_date: DAHE_2024_SECTIONS.progress_to_date.limit,
  purpose_goals: DAHE_2024_SECTIONS.purpose_goals.limit,
  approach_tasks: DAHE_2024_SECTIONS.approach_tasks.limit,
  expected_outcomes: DAHE_2024_SECTIONS.expected_outcomes.limit,
  safeguards: DAHE_2024_SECTIONS.safeguards.limit,
};

export const DAHE_2024: FormTemplate = {
  id: DAHE_2024_ID,
  title: {
    'zh-CN': '河南省职业院校“大河工坊”职教出海建设项目申报书',
    en: 'Henan Vocational Colleges “Dahe Workshop” Vocational Education Abroad Project — Application Form',
  },
  issuer: { 'zh-CN': '河南省教育厅 制', en: 'Issued by the Henan Provincial Department of Education' },
  issuedOn: { 'zh-CN': '二〇二四年七月', en: 'July 2024' },
  notice: { 'zh-CN': '教办职成〔2024〕191号', en: 'Jiao Ban Zhi Cheng [2024] No. 191' },
  fillingInstructions: [
    {
      'zh-CN': '一、申报学校按照《通知》要求，如实填写申报书的相关内容和提供支撑申报书内容的佐证材料，并对内容真实性负责。',
      en: '1. The applicant school fills in the application form truthfully as the Notice requires, provides evidence supporting its content, and is responsible for the truthfulness of the content.',
    },
    {
      'zh-CN': '二、文字描述要说清时间、内容、结果，言简意赅，重点突出，逻辑清晰。',
      en: '2. Descriptions state clearly when, what and with what result; they are concise, focused and logically clear.',
    },
    {
      'zh-CN':
        '三、申报书和佐证材料分开装订、单独成册，申报书中注明佐证材料所在页码。两材料封面加盖学校公章和主管单位公章，一式三份，双面印刷，A4 左侧装订，连同电子版一并上报。',
      en: '3. The application form and the evidence are bound separately as two volumes, and the application form cites the pages where each piece of evidence sits. Both covers bear the seals of the school and of its supervising unit; three copies, printed double-sided, A4, bound on the left, submitted together with the electronic version.',
    },
  ],
  evidenceIntro: {
    'zh-CN': '佐证材料可参考以下范围，或其他相关材料。',
    en: 'Evidence may include the following, or other relevant material.',
  },
  cooperationForms: COOPERATION_CODES,
  evidenceCategories: EVIDENCE_CATEGORIES,
  declaration: {
    title: { 'zh-CN': '内容真实性责任声明', en: 'Declaration of responsibility for the truthfulness of the content' },
    text: {
      'zh-CN': '_____(学校名称)对本申报书及相关佐证材料内容的真实性和准确性负责。',
      en: '_____ (name of the school) is responsible for the truthfulness and accuracy of this application form and its evidence.',
    },
    closing: { 'zh-CN': '特此声明。', en: 'Hereby declared.' },
    signatureLines: [
      { 'zh-CN': '单位名称（盖章）：', en: 'Organisation (seal):' },
      { 'zh-CN': '法定代表人（签名）：', en: 'Legal representative (signature):' },
      { 'zh-CN': '年 月 日', en: 'Date:' },
    ],
  },
  sections: [
    DAHE_2024_SECTIONS.cover,
    DAHE_2024_SECTIONS.basic_info,
    DAHE_2024_SECTIONS.school_foundation,
    DAHE_2024_SECTIONS.partner_profile,
    DAHE_2024_SECTIONS.progress_to_date,
    DAHE_2024_SECTIONS.purpose_goals,
    DAHE_2024_SECTIONS.approach_tasks,
    DAHE_2024_SECTIONS.expected_outcomes,
    DAHE_2024_SECTIONS.schedule,
    DAHE_2024_SECTIONS.safeguards,
  ],
  unitOpinion: {
    number: '5',
    title: { 'zh-CN': '单位意见', en: 'Opinion of the school' },
    signatureLine: { 'zh-CN': '法定代表人签字：', en: 'Signature of the legal representative:' },
  },
  scheduleYears: SCHEDULE_YEARS,
};

/** The definition of one section, typed by its key. */
export function sectionDefinition<K extends SectionKey>(key: K): SectionDefinitionMap[K] {
  return DAHE_2024_SECTIONS[key];
}

/** "2.1 学校办学基础", or the bare title for the cover. */
export function sectionHeading(key: SectionKey, lang: keyof Localized = 'zh-CN'): string {
  const { number, title } = DAHE_2024_SECTIONS[key];
  return number ? `${number} ${title[lang]}` : title[lang];
}
