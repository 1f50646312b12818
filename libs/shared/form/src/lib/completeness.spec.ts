import { describe, expect, it } from '@jest/globals';
import { completeSections } from './complete-application.fixture';
import { SECTION_KEYS } from './content';
import { sectionCompleteness } from './completeness';

describe('sectionCompleteness', () => {
  it('counts what an empty application asks for, section by section in template order', () => {
    const result = sectionCompleteness({});
    expect(Object.keys(result)).toEqual([...SECTION_KEYS]);
    expect(result).toEqual({
      cover: { filled: 0, required: 4, complete: false },
      basic_info: { filled: 0, required: 9, complete: false },
      school_foundation: { filled: 0, required: 1, complete: false },
      partner_profile: { filled: 0, required: 1, complete: false },
      progress_to_date: { filled: 0, required: 1, complete: false },
      purpose_goals: { filled: 0, required: 1, complete: false },
      approach_tasks: { filled: 0, required: 1, complete: false },
      expected_outcomes: { filled: 0, required: 1, complete: false },
      schedule: { filled: 0, required: 4, complete: false },
      safeguards: { filled: 0, required: 1, complete: false },
    });
  });

  it('finds every section of a complete application complete', () => {
    const result = sectionCompleteness(completeSections());
    for (const key of SECTION_KEYS) expect(result[key].complete).toBe(true);
    expect(result.basic_info).toEqual({ filled: 9, required: 9, complete: true });
    expect(result.schedule).toEqual({ filled: 8, required: 8, complete: true });
  });

  it('counts a half-filled draft', () => {
    const result = sectionCompleteness({
      cover: { cooperationForms: ['degree'], contactName: '王真', contactMobile: '  ', filledOn: undefined },
      basic_info: { projectName: '中肯汽车技术大河工坊', partnerEnterprises: [''], hasIntlMechanism: false, overseasFiled: null },
      school_foundation: { text: ' ' },
      schedule: { rows: [{ task: '共建实训基地', goals: { '2024': '完成选址' } }, { goals: { '2026': '年培训500人次' } }, {}] },
    });
    expect(result.cover).toEqual({ filled: 2, required: 4, complete: false });
    expect(result.basic_info).toEqual({ filled: 2, required: 9, complete: false });
    expect(result.school_foundation).toEqual({ filled: 0, required: 1, complete: false });
    expect(result.schedule).toEqual({ filled: 3, required: 12, complete: false });
  });

  it('counts what is filled, not whether it is valid', () => {
    const result = sectionCompleteness({
      cover: { cooperationForms: ['degree'], contactName: '王真', contactMobile: '123', filledOn: '2024-02-30' },
      purpose_goals: { text: '河'.repeat(301) },
    });
    expect(result.cover.complete).toBe(true);
    expect(result.purpose_goals).toEqual({ filled: 1, required: 1, complete: true });
  });

  it('does not count unknown cooperation form codes', () => {
    expect(sectionCompleteness({ cover: { cooperationForms: ['other'] } }).cover.filled).toBe(0);
  });
});
