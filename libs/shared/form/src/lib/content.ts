import type { Code } from './codes';

/** The drafted sections of template dahe-2024, in the notice's order; the API's section keys. */
export const SECTION_KEYS = [
  'cover',
  'basic_info',
  'school_foundation',
  'partner_profile',
  'progress_to_date',
  'purpose_goals',
  'approach_tasks',
  'expected_outcomes',
  'schedule',
  'safeguards',
] as const;

export type SectionKey = (typeof SECTION_KEYS)[number];

export function isSectionKey(value: unknown): value is SectionKey {
  return typeof value === 'string' && (SECTION_KEYS as readonly string[]).includes(value);
}

/** The narrative sections: content `{ text }` under a 字 limit. */
export type NarrativeSectionKey = Exclude<SectionKey, 'cover' | 'basic_info' | 'schedule'>;

/** 建设进度's three 年度目标 columns. */
export const SCHEDULE_YEARS = ['2024', '2025', '2026'] as const;
export type ScheduleYear = (typeof SCHEDULE_YEARS)[number];

/** 封面. `filledOn` is 填报日期, `YYYY-MM-DD`. 申报学校 comes from the organisation and is not stored. */
export interface CoverContent {
  cooperationForms: Code[];
  contactName: string;
  /** Mainland mobile number, 11 digits starting 1[3-9]. */
  contactMobile: string;
  filledOn: string;
}

/** 1. 基本信息. 申报学校 comes from the organisation and is not stored. */
export interface BasicInfoContent {
  projectName: string;
  /** 合作单位 · 企业方, one or more. */
  partnerEnterprises: string[];
  /** 合作单位 · 当地校方(机构). */
  partnerInstitution: string;
  /** 所在国家, ISO 3166-1 alpha-2 (upper case). */
  countryCode: string;
  /** 设立时间, `YYYY-MM`. */
  establishedOn: string;
  /** 建立国际交流与合作工作机制 */
  hasIntlMechanism: boolean;
  /** 国际合作成效纳入专业教学考核内容 */
  intlInAssessment: boolean;
  /** 建立教育涉外安全监管机制和风险防控机制 */
  hasSafetyMechanism: boolean;
  /** 境外办学是否已报省教育厅备案 */
  overseasFiled: boolean;
}

/** 2.1–3.3 and 4: one narrative text. */
export interface NarrativeContent {
  text: string;
}

/** One 分项任务 of 3.4 建设进度 with its 年度目标 per year. */
export interface ScheduleRow {
  task: string;
  goals: Record<ScheduleYear, string>;
}

/** 3.4 建设进度: at least one row; more can be added (可增加). */
export interface ScheduleContent {
  rows: ScheduleRow[];
}

/** Each section key's content, as stored and as the API carries it. */
export interface SectionContentMap {
  cover: CoverContent;
  basic_info: BasicInfoContent;
  school_foundation: NarrativeContent;
  partner_profile: NarrativeContent;
  progress_to_date: NarrativeContent;
  purpose_goals: NarrativeContent;
  approach_tasks: NarrativeContent;
  expected_outcomes: NarrativeContent;
  schedule: ScheduleContent;
  safeguards: NarrativeContent;
}

export type SectionContent<K extends SectionKey = SectionKey> = SectionContentMap[K];

/** What a validator or dashboard receives: any subset of sections, content not yet trusted. */
export type SectionsInput = Partial<Record<SectionKey, unknown>>;
