import { describe, expect, it } from '@jest/globals';
import { COOPERATION_CODES, COOPERATION_FORM_LABELS, EVIDENCE_CATEGORIES, EVIDENCE_CATEGORY_LABELS } from './codes';
import { SECTION_KEYS } from './content';
import { DAHE_2024, DAHE_2024_SECTIONS, NARRATIVE_LIMITS, sectionDefinition, sectionHeading } from './template';

describe('template dahe-2024', () => {
  it('lists the cover and every drafted section in the notice’s order, numbered as the notice numbers them', () => {
    expect(DAHE_2024.id).toBe('dahe-2024');
    expect(DAHE_2024.sections.map((section) => [section.key, section.number, section.title['zh-CN']])).toEqual([
      ['cover', null, '封面'],
      ['basic_info', '1', '基本信息'],
      ['school_foundation', '2.1', '学校办学基础'],
      ['partner_profile', '2.2', '合作单位简介'],
      ['progress_to_date', '2.3', '项目开展情况'],
      ['purpose_goals', '3.1', '项目建设的宗旨、目标'],
      ['approach_tasks', '3.2', '建设思路、重点任务与举措'],
      ['expected_outcomes', '3.3', '预期成效'],
      ['schedule', '3.4', '建设进度'],
      ['safeguards', '4', '保障措施'],
    ]);
    expect(DAHE_2024.sections.map((section) => section.key)).toEqual([...SECTION_KEYS]);
    for (const key of SECTION_KEYS) expect(sectionDefinition(key).key).toBe(key);
  });

  it('groups 2.x under 建设基础 and 3.x under 建设方案', () => {
    expect(DAHE_2024.sections.map((section) => section.group?.number ?? null)).toEqual([null, null, '2', '2', '2', '3', '3', '3', '3', null]);
    expect(DAHE_2024_SECTIONS.school_foundation.group?.title['zh-CN']).toBe('建设基础');
    expect(DAHE_2024_SECTIONS.schedule.group?.title['zh-CN']).toBe('建设方案');
  });

  it('carries the 字 limits of the notice', () => {
    expect(NARRATIVE_LIMITS).toEqual({
      school_foundation: 800,
      partner_profile: 800,
      progress_to_date: 1000,
      purpose_goals: 300,
      approach_tasks: 1500,
      expected_outcomes: 500,
      safeguards: 500,
    });
    expect(DAHE_2024_SECTIONS.schedule.cellLimit).toBe(200);
    expect(DAHE_2024_SECTIONS.schedule.years).toEqual(['2024', '2025', '2026']);
    expect(DAHE_2024_SECTIONS.schedule.minRows).toBe(1);
  });

  it('quotes the notice’s guidance under each narrative heading, with an English rendering', () => {
    expect(DAHE_2024_SECTIONS.school_foundation.guidance?.['zh-CN']).toBe(
      '(学校国际化办学基础、优势特色、成果、立足的主要专业(群), 在国际化方面面临的机遇和挑战, 800 字以内。)',
    );
    expect(DAHE_2024_SECTIONS.progress_to_date.guidance?.['zh-CN']).toBe(
      '(项目已经开展的情况和取得的成效，包括人才培养、产学研用、数字教育、人文交流等方面的内容，1000字以内)',
    );
    expect(DAHE_2024_SECTIONS.safeguards.guidance?.['zh-CN']).toBe('(学校协同推进机制、项目实施管理、多元投入机制、改革发展环境等，500字以内。)');
    for (const section of DAHE_2024.sections) {
      if (section.kind !== 'narrative') continue;
      expect(section.guidance?.['zh-CN']).toContain(`${section.limit}`);
      expect(section.guidance?.en).toContain(section.limit.toLocaleString('en'));
    }
    expect(DAHE_2024_SECTIONS.schedule.cellHint['zh-CN']).toBe('(200字以内)');
  });

  it('defines the cover’s and 基本信息’s fields with their types', () => {
    const shape = (fields: readonly { key: string; type: string; derived?: string }[]) =>
      fields.map((field) => `${field.key}:${field.type}${field.derived ? ' (derived)' : ''}`);
    expect(shape(DAHE_2024_SECTIONS.cover.fields)).toEqual([
      'schoolName:text (derived)',
      'cooperationForms:cooperationForms',
      'contactName:text',
      'contactMobile:mobile',
      'filledOn:date',
    ]);
    expect(shape(DAHE_2024_SECTIONS.basic_info.fields)).toEqual([
      'projectName:text',
      'schoolName:text (derived)',
      'partnerEnterprises:stringList',
      'partnerInstitution:text',
      'countryCode:country',
      'establishedOn:yearMonth',
      'hasIntlMechanism:boolean',
      'intlInAssessment:boolean',
      'hasSafetyMechanism:boolean',
      'overseasFiled:boolean',
    ]);
    expect(DAHE_2024_SECTIONS.basic_info.fields.filter((field) => field.type === 'boolean').map((field) => field.label['zh-CN'])).toEqual([
      '建立国际交流与合作工作机制',
      '国际合作成效纳入专业教学考核内容',
      '建立教育涉外安全监管机制和风险防控机制',
      '境外办学是否已报省教育厅备案',
    ]);
  });

  it('labels the six cooperation forms and evidence categories in the notice’s order', () => {
    expect(COOPERATION_CODES).toEqual(['degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange']);
    expect(COOPERATION_CODES.map((code) => COOPERATION_FORM_LABELS[code]['zh-CN'])).toEqual([
      '学历培养',
      '技能培训',
      '技术服务',
      '科研合作',
      '设备输出',
      '人文交流',
    ]);
    expect(EVIDENCE_CATEGORIES.map((category) => category.code)).toEqual([...COOPERATION_CODES]);
    expect(EVIDENCE_CATEGORY_LABELS.equipment_export['zh-CN']).toBe('资源/标准/设备输出');
    expect(EVIDENCE_CATEGORY_LABELS.degree).toEqual(COOPERATION_FORM_LABELS.degree);
    expect(EVIDENCE_CATEGORIES[0].guidance['zh-CN']).toMatch(/^学历培养佐证：包括与合作方签署的合作协议/);
  });

  it('keeps the declaration and 5 单位意见 as parts signed, not drafted', () => {
    expect(DAHE_2024.declaration.title['zh-CN']).toBe('内容真实性责任声明');
    expect(DAHE_2024.declaration.text['zh-CN']).toBe('_____(学校名称)对本申报书及相关佐证材料内容的真实性和准确性负责。');
    expect(DAHE_2024.unitOpinion).toMatchObject({ number: '5', title: { 'zh-CN': '单位意见' } });
    expect(DAHE_2024.fillingInstructions).toHaveLength(3);
  });

  it('renders numbered headings', () => {
    expect(sectionHeading('school_foundation')).toBe('2.1 学校办学基础');
    expect(sectionHeading('safeguards', 'en')).toBe('4 Safeguards');
    expect(sectionHeading('cover')).toBe('封面');
  });
});
