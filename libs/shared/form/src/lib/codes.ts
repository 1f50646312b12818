/** A text in both languages of the product. */
export interface Localized {
  readonly 'zh-CN': string;
  readonly en: string;
}

export type Lang = keyof Localized;

/**
 * 合作形式 (the cover's check boxes) and evidence categories (佐证材料) share one code list, in the
 * notice's order. An application choosing a form needs evidence of the same code.
 */
export const COOPERATION_CODES = [
  'degree',
  'skills_training',
  'tech_service',
  'research',
  'equipment_export',
  'cultural_exchange',
] as const;

/** 合作形式 / evidence category code, as the API carries it. */
export type Code = (typeof COOPERATION_CODES)[number];

export function isCode(value: unknown): value is Code {
  return typeof value === 'string' && (COOPERATION_CODES as readonly string[]).includes(value);
}

/** The cover's 合作形式 labels, as printed on the notice's cover. */
export const COOPERATION_FORM_LABELS: Readonly<Record<Code, Localized>> = {
  degree: { 'zh-CN': '学历培养', en: 'Degree programmes' },
  skills_training: { 'zh-CN': '技能培训', en: 'Skills training' },
  tech_service: { 'zh-CN': '技术服务', en: 'Technical services' },
  research: { 'zh-CN': '科研合作', en: 'Research cooperation' },
  equipment_export: { 'zh-CN': '设备输出', en: 'Equipment export' },
  cultural_exchange: { 'zh-CN': '人文交流', en: 'Cultural exchange' },
};

export interface EvidenceCategory {
  readonly code: Code;
  readonly label: Localized;
  /** The notice's 填写要求 list of what counts as evidence in this category; zh-CN verbatim. */
  readonly guidance: Localized;
}

/** Evidence categories (佐证材料), in the order of the notice's 填写要求. */
export const EVIDENCE_CATEGORIES: readonly EvidenceCategory[] = [
  {
    code: 'degree',
    label: { 'zh-CN': '学历培养', en: 'Degree programmes' },
    guidance: {
      'zh-CN': '学历培养佐证：包括与合作方签署的合作协议、专业人才培养方案、课程教学标准、教师和学生名单、培养成效、相关宣传报道等。',
      en: 'Evidence of degree programmes: the cooperation agreement signed with the partner, the programme training plan, course teaching standards, lists of teachers and students, training results, related press coverage, etc.',
    },
  },
  {
    code: 'skills_training',
    label: { 'zh-CN': '技能培训', en: 'Skills training' },
    guidance: {
      'zh-CN': '技能培训佐证：包括与合作方签署的培训协议、培训计划、教师和受训人员名单、培训成效、相关宣传报道等。',
      en: 'Evidence of skills training: the training agreement signed with the partner, the training plan, lists of teachers and trainees, training results, related press coverage, etc.',
    },
  },
  {
    code: 'tech_service',
    label: { 'zh-CN': '技术服务', en: 'Technical services' },
    guidance: {
      'zh-CN': '技术服务佐证：包括与合作方签署的技术服务协议、服务内容和成效、相关宣传报道等。',
      en: 'Evidence of technical services: the technical service agreement signed with the partner, the content and results of the services, related press coverage, etc.',
    },
  },
  {
    code: 'research',
    label: { 'zh-CN': '科研合作', en: 'Research cooperation' },
    guidance: {
      'zh-CN': '科研合作佐证：包括与合作方签署的科研合作协议、合作内容、合作成果等。',
      en: 'Evidence of research cooperation: the research cooperation agreement signed with the partner, the content and results of the cooperation, etc.',
    },
  },
  {
    code: 'equipment_export',
    label: { 'zh-CN': '资源/标准/设备输出', en: 'Resources / standards / equipment export' },
    guidance: {
      'zh-CN': '资源、标准、设备输出佐证：包括教学标准、资源、设备的开发与使用情况、获合作方采纳的证明文件、相关宣传报道等。',
      en: 'Evidence of resource, standard and equipment export: how teaching standards, resources and equipment were developed and used, documents proving their adoption by the partner, related press coverage, etc.',
    },
  },
  {
    code: 'cultural_exchange',
    label: { 'zh-CN': '人文交流', en: 'Cultural exchange' },
    guidance: {
      'zh-CN': '人文交流佐证：包括与项目合作方联合开展的中外人文交流活动方案、照片、宣传报道，以及参与人员名单等。',
      en: 'Evidence of cultural exchange: plans, photos and press coverage of Chinese–foreign cultural exchange activities held jointly with the project partner, lists of participants, etc.',
    },
  },
];

/** Evidence category labels by code (资源/标准/设备输出 for `equipment_export`). */
export const EVIDENCE_CATEGORY_LABELS: Readonly<Record<Code, Localized>> = Object.fromEntries(
  EVIDENCE_CATEGORIES.map((category) => [category.code, category.label]),
) as Record<Code, Localized>;

/** A province's screening of one country (危地不往、乱地不去). */
export type CountryRisk = 'ok' | 'caution' | 'prohibited';
