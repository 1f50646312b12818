import { describe, expect, it } from '@jest/globals';
import { applicationDigest } from './digest';

const complete = {
  cover: { cooperationForms: ['skills_training', 'degree', 'degree', 'nonsense'], contactName: '王真', contactMobile: '13812345678', filledOn: '2024-08-10' },
  basic_info: {
    projectName: '  中肯汽车技术大河工坊 ',
    partnerEnterprises: ['中国路桥工程有限责任公司', '  ', '河南汽车集团肯尼亚分公司'],
    partnerInstitution: '内罗毕技术学院',
    countryCode: 'ke',
    establishedOn: '2023-09',
    hasIntlMechanism: true,
    intlInAssessment: false,
    hasSafetyMechanism: true,
    overseasFiled: true,
  },
  school_foundation: { text: '学校是国家“双高计划”建设单位。' },
  partner_profile: { text: '合作企业在肯尼亚承建公路项目。' },
  progress_to_date: { text: '2023年起联合开展技能培训。' },
  purpose_goals: { text: '培养本土技术技能人才。' },
  approach_tasks: { text: '共建实训基地。' },
  expected_outcomes: { text: '三年培训本土员工1500人次。' },
  schedule: { rows: [{ task: '共建实训基地', goals: { '2024': '选址', '2025': '建设', '2026': '运行' } }] },
  safeguards: { text: '成立项目领导小组。' },
};

describe('applicationDigest', () => {
  it('takes the listing fields from cover and 基本信息: trimmed, codes known and once in template order, country upper-cased', () => {
    expect(applicationDigest(complete)).toEqual({
      projectName: '中肯汽车技术大河工坊',
      countryCode: 'KE',
      cooperationForms: ['degree', 'skills_training'],
      partnerEnterprises: ['中国路桥工程有限责任公司', '河南汽车集团肯尼亚分公司'],
      partnerInstitution: '内罗毕技术学院',
      filledSections: 10,
    });
  });

  it('gives empty values for an empty application, and counts no section', () => {
    expect(applicationDigest({})).toEqual({ projectName: '', countryCode: null, cooperationForms: [], partnerEnterprises: [], partnerInstitution: '', filledSections: 0 });
  });

  it('counts a section only when every required answer is given (the shared completeness rule)', () => {
    const { schedule: _schedule, ...withoutSchedule } = complete;
    expect(applicationDigest(withoutSchedule).filledSections).toBe(9);
    // 建设进度 with a row missing one 年度目标; a narrative of white space only; a yes/no unanswered.
    const partial = {
      ...complete,
      schedule: { rows: [{ task: '共建实训基地', goals: { '2024': '选址', '2025': '建设', '2026': '' } }] },
      safeguards: { text: ' \u3000 ' },
      basic_info: { ...complete.basic_info, overseasFiled: null },
    };
    expect(applicationDigest(partial).filledSections).toBe(7);
    // A half-filled 基本信息 still yields its listing fields.
    expect(applicationDigest(partial)).toMatchObject({ projectName: '中肯汽车技术大河工坊', countryCode: 'KE' });
  });

  it('survives content of the wrong shape (drafts come from any client)', () => {
    const odd = { cover: { cooperationForms: 'degree' }, basic_info: { projectName: 42, partnerEnterprises: 'x', countryCode: [] }, schedule: 'none' };
    expect(applicationDigest(odd)).toEqual({ projectName: '', countryCode: null, cooperationForms: [], partnerEnterprises: [], partnerInstitution: '', filledSections: 0 });
  });
});
