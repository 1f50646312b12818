// Test data only (not exported from the library): a complete application that is ready to sign.
import type { CountryRisk } from './codes';
import type { SectionContentMap } from './content';
import type { EvidenceSummary, ValidationInput } from './validate';

export function completeSections(): SectionContentMap {
  return {
    cover: {
      cooperationForms: ['degree', 'skills_training', 'equipment_export'],
      contactName: '王真',
      contactMobile: '13812345678',
      filledOn: '2024-08-10',
    },
    basic_info: {
      projectName: '中肯汽车技术大河工坊',
      partnerEnterprises: ['中国路桥工程有限责任公司', '河南汽车集团肯尼亚分公司'],
      partnerInstitution: '内罗毕技术学院',
      countryCode: 'KE',
      establishedOn: '2023-09',
      hasIntlMechanism: true,
      intlInAssessment: false,
      hasSafetyMechanism: true,
      overseasFiled: true,
    },
    school_foundation: { text: '学校是国家“双高计划”建设单位，汽车类专业群与20余家海外中资企业合作。' },
    partner_profile: { text: '合作企业在肯尼亚承建公路项目，年需本土技术工人300余名。' },
    progress_to_date: { text: '2023年起联合开展技能培训，累计培训本土员工420人次。' },
    purpose_goals: { text: '坚持“教随产出、校企同行”，培养本土技术技能人才。' },
    approach_tasks: { text: '共建实训基地，输出专业教学标准，开发“中文+职业技能”课程。' },
    expected_outcomes: { text: '三年培训本土员工1500人次，输出教学标准3项。' },
    schedule: {
      rows: [
        { task: '共建实训基地', goals: { '2024': '完成选址与设计', '2025': '建成并投入使用', '2026': '年培训500人次' } },
        { task: '输出教学标准', goals: { '2024': '完成调研', '2025': '开发2项标准', '2026': '获合作方采纳' } },
      ],
    },
    safeguards: { text: '成立由校长任组长的项目领导小组，设立专项经费。' },
  };
}

export function completeEvidence(): EvidenceSummary[] {
  return [
    { category: 'degree', isAgreement: true },
    { category: 'skills_training', isAgreement: false },
    { category: 'equipment_export', isAgreement: false },
  ];
}

export const RISK_LIST: Readonly<Record<string, CountryRisk>> = { KE: 'ok', ET: 'caution', AF: 'prohibited' };

export function riskOf(iso2: string): CountryRisk | undefined {
  return RISK_LIST[iso2];
}

export function completeInput(): ValidationInput {
  return { sections: completeSections(), evidence: completeEvidence(), countryRisk: riskOf };
}
