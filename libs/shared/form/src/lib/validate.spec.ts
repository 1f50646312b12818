import { describe, expect, it, jest } from '@jest/globals';
import { COOPERATION_CODES } from './codes';
import { completeEvidence, completeInput, completeSections, riskOf } from './complete-application.fixture';
import type { NarrativeSectionKey, SectionsInput } from './content';
import { ISSUE_CODES, ISSUE_MESSAGES_EN, ISSUE_MESSAGES_ZH, issueMessage, WARNING_CODES } from './issues';
import { validateApplication, type ValidationInput } from './validate';

/** The complete application with some sections replaced. */
function withSections(patch: SectionsInput, rest: Partial<Omit<ValidationInput, 'sections'>> = {}): ValidationInput {
  return { ...completeInput(), ...rest, sections: { ...completeSections(), ...patch } };
}

function cover(patch: Record<string, unknown>): SectionsInput {
  return { cover: { ...completeSections().cover, ...patch } };
}

function basicInfo(patch: Record<string, unknown>): SectionsInput {
  return { basic_info: { ...completeSections().basic_info, ...patch } };
}

/** section / field / code of each issue, the part a test can state in one line. */
function brief(issues: readonly { section: string; field?: string; code: string }[]): string[] {
  return issues.map(({ section, field, code }) => (field === undefined ? `${section} ${code}` : `${section}.${field} ${code}`));
}

describe('validateApplication', () => {
  it('finds a complete application ready to sign, with nothing to report', () => {
    expect(validateApplication(completeInput())).toEqual({ ready: true, issues: [], warnings: [] });
  });

  it('lists every failure of an empty application in template order', () => {
    const report = validateApplication({ sections: {}, evidence: [], countryRisk: riskOf });
    expect(report.ready).toBe(false);
    expect(brief(report.issues)).toEqual([
      'cover.cooperationForms no_cooperation_form',
      'cover.contactName required',
      'cover.contactMobile required',
      'cover.filledOn required',
      'basic_info.projectName required',
      'basic_info.partnerEnterprises required',
      'basic_info.partnerInstitution required',
      'basic_info.countryCode required',
      'basic_info.establishedOn required',
      'basic_info.hasIntlMechanism unanswered',
      'basic_info.intlInAssessment unanswered',
      'basic_info.hasSafetyMechanism unanswered',
      'basic_info.overseasFiled unanswered',
      'school_foundation.text required',
      'partner_profile.text required',
      'progress_to_date.text required',
      'purpose_goals.text required',
      'approach_tasks.text required',
      'expected_outcomes.text required',
      'schedule.rows schedule_incomplete',
      'safeguards.text required',
      'evidence no_agreement',
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('orders issues by the template, not by the order sections arrive in', () => {
    const { safeguards: _s, school_foundation: _f, schedule: _r, ...rest } = completeSections();
    const sections: SectionsInput = {
      safeguards: { text: '' },
      schedule: { rows: [{ task: '', goals: { '2024': 'a', '2025': 'b', '2026': 'c' } }] },
      ...rest,
      basic_info: { ...rest.basic_info, overseasFiled: undefined },
      cover: { ...rest.cover, contactMobile: '123' },
    };
    const report = validateApplication({ sections, evidence: [{ category: 'degree', isAgreement: false }], countryRisk: riskOf });
    expect(brief(report.issues)).toEqual([
      'cover.contactMobile invalid_mobile',
      'basic_info.overseasFiled unanswered',
      'school_foundation.text required',
      'schedule.rows[0].task schedule_incomplete',
      'safeguards.text required',
      'evidence.skills_training evidence_missing',
      'evidence.equipment_export evidence_missing',
      'evidence no_agreement',
    ]);
  });

  describe('required', () => {
    it.each([
      ['contactName', ''],
      ['contactName', '   '],
      ['contactName', 42],
      ['contactMobile', undefined],
      ['filledOn', null],
    ])('reports cover.%s given %j', (field, value) => {
      const report = validateApplication(withSections(cover({ [field]: value })));
      expect(report.ready).toBe(false);
      expect(report.issues).toEqual([{ section: 'cover', field, code: 'required', message: expect.stringContaining('请填写') }]);
    });

    it.each([
      ['projectName', '\n'],
      ['partnerEnterprises', []],
      ['partnerEnterprises', ['', '  ']],
      ['partnerEnterprises', '中国路桥'],
      ['partnerInstitution', ''],
      ['countryCode', ''],
      ['establishedOn', undefined],
    ])('reports basic_info.%s given %j', (field, value) => {
      expect(brief(validateApplication(withSections(basicInfo({ [field]: value }))).issues)).toEqual([`basic_info.${field} required`]);
    });

    it('accepts one enterprise among blank rows', () => {
      expect(validateApplication(withSections(basicInfo({ partnerEnterprises: ['', '中国路桥'] }))).ready).toBe(true);
    });

    it('reports a narrative section that is missing, not an object, or only whitespace', () => {
      const report = validateApplication(
        withSections({ school_foundation: undefined, partner_profile: '文本', progress_to_date: { text: ' \u3000\n' } }),
      );
      expect(brief(report.issues)).toEqual([
        'school_foundation.text required',
        'partner_profile.text required',
        'progress_to_date.text required',
      ]);
    });
  });

  describe('over_limit', () => {
    const limits: [NarrativeSectionKey, number][] = [
      ['school_foundation', 800],
      ['partner_profile', 800],
      ['progress_to_date', 1000],
      ['purpose_goals', 300],
      ['approach_tasks', 1500],
      ['expected_outcomes', 500],
      ['safeguards', 500],
    ];

    it.each(limits)('accepts %s at exactly its limit of %i 字', (key, limit) => {
      expect(validateApplication(withSections({ [key]: { text: '河'.repeat(limit) } })).ready).toBe(true);
    });

    it.each(limits)('reports %s one 字 past its limit of %i', (key, limit) => {
      const report = validateApplication(withSections({ [key]: { text: `${'河'.repeat(limit)}。` } }));
      expect(report.ready).toBe(false);
      expect(report.issues).toEqual([
        { section: key, field: 'text', code: 'over_limit', count: limit + 1, limit, message: expect.stringContaining(`共${limit + 1}字`) },
      ]);
    });

    it('counts 字 the word-processor way, not by string length', () => {
      // 300 English words are 300 字 even though the string is far longer than 300 characters.
      const text = Array.from({ length: 300 }, () => 'vocational').join(' ');
      expect(validateApplication(withSections({ purpose_goals: { text } })).ready).toBe(true);
      expect(brief(validateApplication(withSections({ purpose_goals: { text: `${text} more` } })).issues)).toEqual([
        'purpose_goals.text over_limit',
      ]);
    });

    it('reports a schedule cell over 200 字 with its row and year', () => {
      const rows = completeSections().schedule.rows;
      rows[0].goals['2024'] = '年'.repeat(200);
      rows[1].goals['2025'] = '年'.repeat(201);
      const report = validateApplication(withSections({ schedule: { rows } }));
      expect(report.issues).toEqual([
        {
          section: 'schedule',
          field: 'rows[1].goals.2025',
          code: 'over_limit',
          count: 201,
          limit: 200,
          message: '“第2项分项任务的2025年年度目标”共201字，超过200字的上限。',
        },
      ]);
    });
  });

  describe('invalid_mobile', () => {
    it.each(['1381234567', '138123456789', '12812345678', '10012345678', '+8613812345678', '138-1234-5678', '0371-69691878'])(
      'refuses %s',
      (contactMobile) => {
        expect(brief(validateApplication(withSections(cover({ contactMobile }))).issues)).toEqual(['cover.contactMobile invalid_mobile']);
      },
    );

    it.each(['13812345678', '19912345678', '16600001111', ' 15012345678 '])('accepts %j', (contactMobile) => {
      expect(validateApplication(withSections(cover({ contactMobile }))).ready).toBe(true);
    });
  });

  describe('invalid_date', () => {
    it.each(['2024-02-30', '2023-02-29', '2024/08/10', '2024-8-10', '2024-13-01', '8月10日'])('refuses 填报日期 %s', (filledOn) => {
      expect(brief(validateApplication(withSections(cover({ filledOn }))).issues)).toEqual(['cover.filledOn invalid_date']);
    });

    it('accepts a leap day', () => {
      expect(validateApplication(withSections(cover({ filledOn: '2024-02-29' }))).ready).toBe(true);
    });

    it.each(['2023-13', '2023-00', '2023-9', '2023-09-01', '2023年9月'])('refuses 设立时间 %s', (establishedOn) => {
      const report = validateApplication(withSections(basicInfo({ establishedOn })));
      expect(brief(report.issues)).toEqual(['basic_info.establishedOn invalid_date']);
      expect(report.issues[0].message).toContain('YYYY-MM');
    });
  });

  describe('country', () => {
    it.each(['ke', 'KEN', '肯尼亚', 'K1', 'XX', 'CN', 'TW', 'HK', 'MO'])('refuses %s as a country abroad without consulting the risk list', (countryCode) => {
      const countryRisk = jest.fn(riskOf);
      const report = validateApplication(withSections(basicInfo({ countryCode }), { countryRisk }));
      expect(brief(report.issues)).toEqual(['basic_info.countryCode invalid_country']);
      expect(countryRisk).not.toHaveBeenCalled();
    });

    it('blocks a prohibited country with the notice’s reason', () => {
      const report = validateApplication(withSections(basicInfo({ countryCode: 'AF' })));
      expect(report.ready).toBe(false);
      expect(report.issues).toEqual([
        { section: 'basic_info', field: 'countryCode', code: 'country_prohibited', message: expect.stringContaining('危地不往、乱地不去') },
      ]);
      expect(issueMessage(report.issues[0], 'en')).toContain('危地不往、乱地不去');
    });

    it('warns about a caution country without blocking', () => {
      const report = validateApplication(withSections(basicInfo({ countryCode: 'ET' })));
      expect(report.ready).toBe(true);
      expect(report.issues).toEqual([]);
      expect(report.warnings).toEqual([
        { section: 'basic_info', field: 'countryCode', code: 'country_caution', message: expect.stringContaining('加强风险研判') },
      ]);
    });

    it('warns about a country the risk list does not name, without blocking', () => {
      const report = validateApplication(withSections(basicInfo({ countryCode: 'TH' })));
      expect(report.ready).toBe(true);
      expect(brief(report.warnings)).toEqual(['basic_info.countryCode country_unlisted']);
    });
  });

  describe('no_cooperation_form', () => {
    it.each([[[]], [['exchange', 'other']], [undefined], ['degree']])('reports 合作形式 given %j', (cooperationForms) => {
      const report = validateApplication(withSections(cover({ cooperationForms })));
      expect(brief(report.issues)).toEqual(['cover.cooperationForms no_cooperation_form']);
      expect(report.issues[0].message).toBe('请至少选择一种合作形式。');
    });
  });

  describe('evidence_missing', () => {
    it('names each chosen form that has no evidence of its category, in code order', () => {
      const report = validateApplication(
        withSections(cover({ cooperationForms: ['cultural_exchange', 'degree', 'research', 'degree'] }), {
          evidence: [{ category: 'degree', isAgreement: true }],
        }),
      );
      expect(report.issues).toEqual([
        { section: 'evidence', field: 'research', code: 'evidence_missing', message: '已选择合作形式“科研合作”，请上传至少一项“科研合作”类佐证材料。' },
        {
          section: 'evidence',
          field: 'cultural_exchange',
          code: 'evidence_missing',
          message: '已选择合作形式“人文交流”，请上传至少一项“人文交流”类佐证材料。',
        },
      ]);
    });

    it('names the equipment evidence category 资源/标准/设备输出', () => {
      const report = validateApplication(withSections({}, { evidence: completeEvidence().filter((item) => item.category !== 'equipment_export') }));
      expect(report.issues).toEqual([
        {
          section: 'evidence',
          field: 'equipment_export',
          code: 'evidence_missing',
          message: '已选择合作形式“设备输出”，请上传至少一项“资源/标准/设备输出”类佐证材料。',
        },
      ]);
    });

    it('ignores evidence of forms not chosen', () => {
      const evidence = [...completeEvidence(), { category: 'research' as const, isAgreement: false }];
      expect(validateApplication(withSections({}, { evidence })).ready).toBe(true);
    });
  });

  describe('no_agreement', () => {
    it('reports evidence with no item flagged as a cooperation agreement', () => {
      const evidence = completeEvidence().map((item) => ({ ...item, isAgreement: false }));
      const report = validateApplication(withSections({}, { evidence }));
      expect(report.issues).toEqual([{ section: 'evidence', code: 'no_agreement', message: expect.stringContaining('合作协议') }]);
    });

    it('accepts an agreement filed under any category', () => {
      const evidence = [...completeEvidence().map((item) => ({ ...item, isAgreement: false })), { category: 'research' as const, isAgreement: true }];
      expect(validateApplication(withSections({}, { evidence })).ready).toBe(true);
    });
  });

  describe('schedule_incomplete', () => {
    it.each([[{ rows: [] }], [{}], [undefined], [{ rows: 'none' }]])('reports a schedule without rows: %j', (schedule) => {
      const report = validateApplication(withSections({ schedule }));
      expect(report.issues).toEqual([
        { section: 'schedule', field: 'rows', code: 'schedule_incomplete', message: '建设进度至少需要一项分项任务。' },
      ]);
    });

    it('reports a row without its task', () => {
      const rows = completeSections().schedule.rows;
      rows[1].task = ' ';
      const report = validateApplication(withSections({ schedule: { rows } }));
      expect(report.issues).toEqual([
        { section: 'schedule', field: 'rows[1].task', code: 'schedule_incomplete', message: '请填写第2项分项任务的任务内容。' },
      ]);
    });

    it('reports each missing year goal of a row', () => {
      const report = validateApplication(
        withSections({ schedule: { rows: [{ task: '共建实训基地', goals: { '2024': '完成选址', '2026': '' } }] } }),
      );
      expect(brief(report.issues)).toEqual(['schedule.rows[0].goals.2025 schedule_incomplete', 'schedule.rows[0].goals.2026 schedule_incomplete']);
      expect(report.issues[0].message).toBe('请填写“第1项分项任务的2025年年度目标”。');
    });

    it('reports a blank row that was added and left empty, cell by cell', () => {
      const rows = [...completeSections().schedule.rows, {}];
      expect(brief(validateApplication(withSections({ schedule: { rows } })).issues)).toEqual([
        'schedule.rows[2].task schedule_incomplete',
        'schedule.rows[2].goals.2024 schedule_incomplete',
        'schedule.rows[2].goals.2025 schedule_incomplete',
        'schedule.rows[2].goals.2026 schedule_incomplete',
      ]);
    });
  });

  describe('unanswered', () => {
    it.each(['hasIntlMechanism', 'intlInAssessment', 'hasSafetyMechanism', 'overseasFiled'])('reports %s left open', (field) => {
      const report = validateApplication(withSections(basicInfo({ [field]: undefined })));
      expect(report.issues).toEqual([{ section: 'basic_info', field, code: 'unanswered', message: expect.stringMatching(/^请回答“.+”（是或否）。$/) }]);
    });

    it.each([null, 'true', 1])('does not take %j for an answer', (answer) => {
      expect(brief(validateApplication(withSections(basicInfo({ overseasFiled: answer }))).issues)).toEqual(['basic_info.overseasFiled unanswered']);
    });

    it('accepts 否 as an answer', () => {
      const answers = { hasIntlMechanism: false, intlInAssessment: false, hasSafetyMechanism: false, overseasFiled: false };
      expect(validateApplication(withSections(basicInfo(answers))).ready).toBe(true);
    });
  });
});

describe('issue messages', () => {
  const facts = (code: (typeof ISSUE_CODES)[number] | (typeof WARNING_CODES)[number]) => ({
    section: 'schedule' as const,
    field: 'rows[0].goals.2024',
    code,
    count: 201,
    limit: 200,
  });

  it.each([...ISSUE_CODES, ...WARNING_CODES])('has a zh-CN and an English message for %s', (code) => {
    expect(ISSUE_MESSAGES_ZH[code](facts(code))).toMatch(/\p{Script=Han}/u);
    expect(ISSUE_MESSAGES_EN[code](facts(code))).toMatch(/^[“A-Z]/);
  });

  it('renders every issue of a report in English from its facts', () => {
    const report = validateApplication({ sections: { purpose_goals: { text: '河'.repeat(301) } }, evidence: [], countryRisk: riskOf });
    const english = report.issues.map((issue) => issueMessage(issue, 'en'));
    expect(english).toContain('“Purpose and goals of the project” has 301 characters, over the limit of 300.');
    expect(english).toContain('Please fill in “Partner enterprises”.');
    expect(english).toContain('Please answer “The overseas operation has been filed with the Provincial Department of Education” (yes or no).');
    expect(english).toContain('The schedule needs at least one task.');
    for (const issue of report.issues) expect(issue.message).toBe(issueMessage(issue, 'zh-CN'));
  });

  it('names evidence categories in English', () => {
    expect(issueMessage({ section: 'evidence', field: 'equipment_export', code: 'evidence_missing' }, 'en')).toBe(
      '“Equipment export” is chosen as a form of cooperation: please upload at least one piece of “Resources / standards / equipment export” evidence.',
    );
  });

  it('covers every cooperation code', () => {
    for (const code of COOPERATION_CODES) {
      expect(issueMessage({ section: 'evidence', field: code, code: 'evidence_missing' }, 'zh-CN')).not.toContain('“”');
    }
  });
});
