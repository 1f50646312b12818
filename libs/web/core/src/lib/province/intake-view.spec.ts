import { describe, expect, it } from '@jest/globals';
import { type IntakeRowDto, type ReviewProgressRowDto } from '@dahe/shared/contracts';
import { translate } from '../i18n/translate';
import {
  DECISION_LABELS,
  DECISION_STATUS_LABELS,
  INTAKE_FILTER_STATES,
  byMeanDescending,
  callsNewestFirst,
  cooperationFormName,
  cooperationFormOptions,
  decidableIds,
  decisionNoteProblem,
  decisionStatus,
  decisionsRequest,
  defaultIntakeCall,
  describeDecisionError,
  exportFallbackName,
  exportPercent,
  formatScore,
  intakeRowView,
  pendingByDecision,
  pendingDecisions,
} from './intake-view';

const row: IntakeRowDto = {
  id: 'a1',
  schoolId: 's1',
  schoolName: '信阳职业技术学院',
  schoolType: 'higher_vocational',
  supervisorId: 'sup1',
  supervisorName: '信阳市教育局',
  city: '信阳市',
  projectName: '中泰职业技能培训中心',
  cooperationForms: ['skills_training', 'degree', 'mystery'],
  countryCode: 'TH',
  state: 'submitted',
  submittedAt: '2024-08-10T02:00:00.000Z',
  receiptNo: 'DH2024-0001',
  meanScore: null,
  decision: null,
};

function progressRow(id: string, decision: ReviewProgressRowDto['decision'], mean: number | null = null): ReviewProgressRowDto {
  return { applicationId: id, schoolName: 's', projectName: `p-${id}`, state: 'expert_review', experts: [], mean, spread: null, standardDeviation: null, outlier: false, decision };
}

describe('labels', () => {
  it('has a label in both languages for every decision, status and filter state', () => {
    for (const key of [...Object.values(DECISION_LABELS), ...Object.values(DECISION_STATUS_LABELS)]) {
      expect(translate('zh-CN', key)).not.toBe(key);
      expect(translate('en', key)).not.toBe(key);
    }
    expect(translate('zh-CN', DECISION_LABELS.approved)).toBe('立项');
    expect(translate('zh-CN', DECISION_STATUS_LABELS.pending)).toBe('待发布');
    expect(translate('zh-CN', DECISION_STATUS_LABELS.published)).toBe('已发布');
    expect(INTAKE_FILTER_STATES).toContain('submitted');
    expect(INTAKE_FILTER_STATES).not.toContain('draft');
  });

  it('names the cooperation forms in the interface language, an unknown code as it is', () => {
    expect(cooperationFormName('skills_training', 'zh-CN')).toBe('技能培训');
    expect(cooperationFormName('skills_training', 'en')).toBe('Skills training');
    expect(cooperationFormName('mystery', 'zh-CN')).toBe('mystery');
    expect(cooperationFormOptions('zh-CN').map((o) => o.code)).toEqual(['degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange']);
  });

  it('shows a row in the interface language', () => {
    const zh = intakeRowView(row, 'zh-CN');
    expect(zh.forms).toEqual(['技能培训', '学历培养', 'mystery']);
    expect(zh.country).toBe('泰国');
    expect(zh.meanScore).toBe('—');
    expect(zh.receiptNo).toBe('DH2024-0001');
    expect(intakeRowView({ ...row, countryCode: null, receiptNo: null, meanScore: 86.25, city: null }, 'en')).toMatchObject({ country: '—', receiptNo: '—', meanScore: '86.25', city: '' });
    expect(intakeRowView(row, 'en').country).toBe('Thailand');
  });

  it('formats scores with one decimal', () => {
    expect(formatScore(90)).toBe('90.00');
    expect(formatScore(74.4)).toBe('74.40');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });
});

describe('the default call', () => {
  const now = Date.parse('2024-08-01T00:00:00Z');
  const call = (id: string, status: 'draft' | 'open' | 'closed', opensAt: string, deadline: string) => ({ id, status, opensAt, deadline });

  it('takes the newest open call, else the most recent opened, else anything', () => {
    const old = call('old', 'open', '2023-06-01T00:00:00Z', '2023-08-01T00:00:00Z');
    const open = call('open', 'open', '2024-06-01T00:00:00Z', '2024-09-01T00:00:00Z');
    const draft = call('draft', 'draft', '2025-06-01T00:00:00Z', '2025-09-01T00:00:00Z');
    expect(defaultIntakeCall([old, draft, open], now)?.id).toBe('open');
    expect(defaultIntakeCall([old, draft], now)?.id).toBe('old');
    expect(defaultIntakeCall([draft], now)?.id).toBe('draft');
    expect(defaultIntakeCall([], now)).toBeNull();
    expect(callsNewestFirst([old, draft, open]).map((c) => c.id)).toEqual(['draft', 'open', 'old']);
  });
});

describe('decisions', () => {
  const rows = [
    progressRow('a', null, 70),
    progressRow('b', { decision: 'approved', note: '', decidedAt: '2024-09-01T00:00:00Z', published: false }, 91),
    progressRow('c', { decision: 'rejected', note: '不符合条件', decidedAt: '2024-09-01T00:00:00Z', published: false }),
    progressRow('d', { decision: 'approved', note: '', decidedAt: '2024-09-01T00:00:00Z', published: true }, 88),
  ];

  it('tells recorded from published decisions and counts what publication reveals', () => {
    expect(rows.map(decisionStatus)).toEqual(['none', 'pending', 'pending', 'published']);
    expect(pendingDecisions(rows)).toBe(2);
    expect(pendingByDecision(rows)).toEqual({ approved: 1, rejected: 1 });
    expect(decidableIds(rows)).toEqual(['a', 'b', 'c']);
  });

  it('builds one item per application with the trimmed note', () => {
    expect(decisionsRequest(['a', 'b', 'a'], 'rejected', '  理由 ')).toEqual({
      items: [
        { applicationId: 'a', decision: 'rejected', note: '理由' },
        { applicationId: 'b', decision: 'rejected', note: '理由' },
      ],
    });
  });

  it('needs a reason to reject, none to approve, and at most 2000 characters', () => {
    expect(decisionNoteProblem('approved', '')).toBeNull();
    expect(decisionNoteProblem('rejected', '  ')).toBe('intake.decide.noteRequired');
    expect(decisionNoteProblem('rejected', '理由')).toBeNull();
    expect(decisionNoteProblem('approved', 'x'.repeat(2001))).toBe('intake.decide.noteTooLong');
  });

  it('orders by mean, the unscored last', () => {
    expect(byMeanDescending(rows).map((r) => r.applicationId)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('explains refusals', () => {
    expect(describeDecisionError(409, { statusCode: 409, code: 'not_under_review', message: 'x' }).key).toBe('intake.decide.error.notUnderReview');
    expect(describeDecisionError(409, null).key).toBe('intake.decide.error.conflict');
    expect(describeDecisionError(403, null).key).toBe('error.forbidden');
  });
});

describe('export', () => {
  it('shows the progress as a percentage, 100 only when done', () => {
    expect(exportPercent({ rows: 0, total: 0, done: false })).toBe(0);
    expect(exportPercent({ rows: 50, total: 200, done: false })).toBe(25);
    expect(exportPercent({ rows: 200, total: 200, done: false })).toBe(99);
    expect(exportPercent({ rows: 200, total: 200, done: true })).toBe(100);
  });

  it('names the file after the call when the server offers no name', () => {
    expect(exportFallbackName('2024年 “大河工坊” 项目/申报')).toBe('2024年 “大河工坊” 项目 申报.xlsx');
    expect(exportFallbackName(null)).toBe('intake.xlsx');
  });
});
