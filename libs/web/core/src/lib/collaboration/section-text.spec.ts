import { describe, expect, it } from '@jest/globals';
import { diffSectionFields, sectionFields } from './section-text';

const ITEM = '0f0e0d0c-0b0a-4908-8706-050403020100';

describe('sectionFields', () => {
  it('gives a narrative section one field under its numbered heading, citations by title', () => {
    expect(sectionFields('school_foundation', { text: `见〔佐证:${ITEM}〕。` }, 'zh-CN', (id) => (id === ITEM ? '合作协议' : undefined))).toEqual([
      { id: 'text', label: '2.1 学校办学基础', text: '见〔佐证：合作协议〕。' },
    ]);
    expect(sectionFields('safeguards', { text: `see 〔佐证:${ITEM}〕` }, 'en')).toEqual([
      { id: 'text', label: '4 Safeguards', text: `see [Evidence: ${ITEM.slice(0, 8)}]` },
    ]);
  });

  it('flattens the basic information with the template labels, booleans as 是/否 and the country by name', () => {
    const fields = sectionFields(
      'basic_info',
      {
        projectName: '中哈职教出海',
        partnerEnterprises: ['中石油', '中铁'],
        partnerInstitution: '阿拉木图学院',
        countryCode: 'KZ',
        establishedOn: '2023-09',
        hasIntlMechanism: true,
        intlInAssessment: false,
        hasSafetyMechanism: true,
      },
      'zh-CN',
    );
    const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
    expect(fields.map((f) => f.id)).toEqual([
      'projectName',
      'partnerEnterprises',
      'partnerInstitution',
      'countryCode',
      'establishedOn',
      'hasIntlMechanism',
      'intlInAssessment',
      'hasSafetyMechanism',
      'overseasFiled',
    ]);
    expect(byId['partnerEnterprises']).toEqual({ id: 'partnerEnterprises', label: '合作单位：企业方', text: '中石油\n中铁' });
    expect(byId['countryCode']?.text).toBe('哈萨克斯坦 (KZ)');
    expect(byId['hasIntlMechanism']?.text).toBe('是');
    expect(byId['intlInAssessment']?.text).toBe('否');
    expect(byId['overseasFiled']?.text).toBe('');
  });

  it('names the cover’s forms of cooperation', () => {
    const fields = sectionFields('cover', { cooperationForms: ['degree', 'equipment_export'], contactName: '黄丽', contactMobile: '13700001002', filledOn: '2024-08-01' }, 'zh-CN');
    expect(fields.find((f) => f.id === 'cooperationForms')).toEqual({ id: 'cooperationForms', label: '合作形式', text: '学历培养、设备输出' });
    expect(fields.some((f) => f.id === 'schoolName')).toBe(false);
  });

  it('gives each schedule row its task and one field per year', () => {
    const fields = sectionFields('schedule', { rows: [{ task: '师资培训', goals: { '2024': '培训10人', '2025': '培训20人', '2026': '' } }] }, 'zh-CN');
    expect(fields).toEqual([
      { id: 'rows.0.task', label: '分项任务 1', text: '师资培训' },
      { id: 'rows.0.goals.2024', label: '分项任务 1 · 2024 年度目标', text: '培训10人' },
      { id: 'rows.0.goals.2025', label: '分项任务 1 · 2025 年度目标', text: '培训20人' },
      { id: 'rows.0.goals.2026', label: '分项任务 1 · 2026 年度目标', text: '' },
    ]);
  });

  it('shows content of an unexpected shape as JSON instead of hiding it, and nothing for no content', () => {
    expect(sectionFields('school_foundation', ['odd'], 'zh-CN')).toEqual([{ id: 'json', label: '内容（原始数据）', text: '[\n  "odd"\n]' }]);
    expect(sectionFields('school_foundation', null, 'zh-CN')).toEqual([]);
  });
});

describe('diffSectionFields', () => {
  it('compares field by field and counts what changed', () => {
    const before = sectionFields('schedule', { rows: [{ task: '师资培训', goals: { '2024': '培训10人', '2025': '', '2026': '' } }] }, 'zh-CN');
    const after = sectionFields(
      'schedule',
      {
        rows: [
          { task: '师资培训', goals: { '2024': '培训12人', '2025': '', '2026': '' } },
          { task: '标准输出', goals: { '2024': '', '2025': '', '2026': '' } },
        ],
      },
      'zh-CN',
    );
    const diff = diffSectionFields(before, after);
    expect(diff.fields.map((f) => [f.id, f.change])).toEqual([
      ['rows.0.task', 'unchanged'],
      ['rows.0.goals.2024', 'changed'],
      ['rows.0.goals.2025', 'unchanged'],
      ['rows.0.goals.2026', 'unchanged'],
      ['rows.1.task', 'added'],
      ['rows.1.goals.2024', 'added'],
      ['rows.1.goals.2025', 'added'],
      ['rows.1.goals.2026', 'added'],
    ]);
    expect(diff.fields[1]?.segments).toEqual([
      { op: 'equal', text: '培训1' },
      { op: 'delete', text: '0' },
      { op: 'insert', text: '2' },
      { op: 'equal', text: '人' },
    ]);
    expect(diff).toMatchObject({ changed: 5, unchanged: 3, inserted: 5, deleted: 1 });
  });

  it('keeps a removed field where it was', () => {
    const diff = diffSectionFields(
      [
        { id: 'a', label: 'A', text: '1' },
        { id: 'b', label: 'B', text: '2' },
        { id: 'c', label: 'C', text: '3' },
      ],
      [
        { id: 'a', label: 'A', text: '1' },
        { id: 'c', label: 'C', text: '3' },
      ],
    );
    expect(diff.fields.map((f) => `${f.id}:${f.change}`)).toEqual(['a:unchanged', 'b:removed', 'c:unchanged']);
    expect(diff.fields[1]?.segments).toEqual([{ op: 'delete', text: '2' }]);
  });
});
