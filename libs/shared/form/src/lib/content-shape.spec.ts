import { describe, expect, it } from '@jest/globals';
import { sectionContentProblems } from './content-shape';

describe('sectionContentProblems', () => {
  it('accepts partial drafts of the right shape', () => {
    expect(sectionContentProblems('cover', { contactName: '黄丽' })).toEqual([]);
    expect(sectionContentProblems('school_foundation', { text: '' })).toEqual([]);
    expect(sectionContentProblems('schedule', { rows: [{ task: '师资培训', goals: { '2024': '完成' } }] })).toEqual([]);
    expect(sectionContentProblems('basic_info', { hasIntlMechanism: false, partnerEnterprises: ['中铁'] })).toEqual([]);
  });

  it('refuses unknown fields and wrong types, naming the path', () => {
    expect(sectionContentProblems('school_foundation', { text: 1 })).toEqual(['content.text must be text']);
    expect(sectionContentProblems('school_foundation', { text: 'a', html: '<b>' })).toEqual(['content.html is not a field of this section']);
    expect(sectionContentProblems('basic_info', { hasIntlMechanism: 'yes' })).toEqual(['content.hasIntlMechanism must be true or false']);
    expect(sectionContentProblems('cover', { cooperationForms: ['degree', 'tourism'] })).toEqual(['content.cooperationForms[1] is not a 合作形式 code']);
    expect(sectionContentProblems('schedule', { rows: [{ task: 'x', goals: { '2023': 'y' } }] })).toEqual(['content.rows[0].goals.2023 is not a field of this section']);
    expect(sectionContentProblems('schedule', 'rows')).toEqual(['content must be an object']);
  });

  it('keeps text as text, however it looks, within a generous size', () => {
    expect(sectionContentProblems('safeguards', { text: '<script>alert(1)</script>\u0001' })).toEqual([]);
    expect(sectionContentProblems('safeguards', { text: 'x'.repeat(100_001) })).toEqual(['content.text is longer than 100000 characters']);
  });
});
