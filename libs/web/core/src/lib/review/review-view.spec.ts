import { describe, expect, it } from '@jest/globals';
import type { ConflictDto, ExpertDto, ReviewSettingsDto, RubricCriterionDto } from '@dahe/shared/contracts';
import { translate } from '../i18n/translate';
import {
  type ReviewSettingsForm,
  assignableRows,
  beijingInputOf,
  defaultCallId,
  describeReviewError,
  emptyRubricRow,
  expertChoices,
  liveTotal,
  moveRow,
  outlierExplanation,
  percentOf,
  reviewTaskStatus,
  scoreDraftsOf,
  scoreProblem,
  sectionStatesOf,
  settingsFormOf,
  settingsProblems,
  sheetProblems,
  sortTasks,
  toSaveScoresRequest,
  toSettingsRequest,
  weightSum,
} from './review-view';

const criterion = (id: string, position: number, maxScore: number, weight: number): RubricCriterionDto => ({ id, position, title: `指标${id}`, guidance: '', maxScore, weight });
const RUBRIC = [criterion('b', 2, 20, 40), criterion('a', 1, 10, 30), criterion('c', 3, 100, 30)];

const row = (title: string, maxScore: number | null, weight: number | null) => ({ ...emptyRubricRow(), title, maxScore, weight });
const form = (over: Partial<ReviewSettingsForm> = {}): ReviewSettingsForm => ({
  anonymous: true,
  expertsPerApplication: 3,
  outlierSpread: 15,
  correctionUntil: '2024-09-01T18:00',
  criteria: [row('项目建设基础', 10, 40), row('建设思路', 20, 60)],
  ...over,
});

describe('settings form', () => {
  it('reads the API settings with the rubric in position order and the correction time as Beijing wall time', () => {
    const settings: ReviewSettingsDto = {
      callId: 'c',
      anonymous: true,
      expertsPerApplication: 3,
      outlierSpread: 20,
      correctionUntil: '2024-09-01T10:00:00.000Z',
      criteria: RUBRIC,
      locked: false,
      resultsPublishedAt: null,
    };
    const f = settingsFormOf(settings);
    expect(f.correctionUntil).toBe('2024-09-01T18:00');
    expect(f.criteria.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(settingsFormOf({ ...settings, correctionUntil: null }).correctionUntil).toBe('');
  });

  it('turns the Beijing wall time back into the UTC instant, and blank into null', () => {
    expect(toSettingsRequest(form()).correctionUntil).toBe('2024-09-01T10:00:00.000Z');
    expect(toSettingsRequest(form({ correctionUntil: '' })).correctionUntil).toBeNull();
    expect(beijingInputOf('2024-08-16T16:00:00Z')).toBe('2024-08-17T00:00');
    const request = toSettingsRequest(form({ criteria: [row('  项目建设基础 ', 10, 100)] }));
    expect(request.criteria).toEqual([{ title: '项目建设基础', guidance: '', maxScore: 10, weight: 100 }]);
  });

  it('adds the weights live, blanks counting 0, two decimals', () => {
    expect(weightSum([{ weight: 33.33 }, { weight: 33.33 }, { weight: 33.34 }])).toBe(100);
    expect(weightSum([{ weight: 40 }, { weight: null }])).toBe(40);
    expect(weightSum([])).toBe(0);
  });

  it('accepts a valid form', () => {
    expect(settingsProblems(form()).count).toBe(0);
  });

  it('refuses weights that do not add up to 100, with the sum', () => {
    const problems = settingsProblems(form({ criteria: [row('甲', 10, 40), row('乙', 10, 50)] }));
    expect(problems.fields.criteria).toEqual({ key: 'review.rubric.weightsNot100', params: { sum: 90 } });
    expect(translate('zh-CN', problems.fields.criteria!.key, problems.fields.criteria!.params)).toBe('各项权重之和为 90，须为 100');
  });

  it('flags each row: missing title, max score and weight not positive or with three decimals', () => {
    const problems = settingsProblems(form({ criteria: [row('', 0, 50), row('乙', 10, null), row('丙', 10.005, 50)] }));
    expect(problems.rows[0]).toEqual({ title: { key: 'review.rubric.title.required' }, maxScore: { key: 'review.rubric.maxScore.invalid' } });
    expect(problems.rows[1]).toEqual({ weight: { key: 'review.rubric.weight.invalid' } });
    expect(problems.rows[2]).toEqual({ maxScore: { key: 'review.rubric.maxScore.invalid' } });
  });

  it('needs at least one criterion, 1…9 experts, a spread above 0 and a real correction time', () => {
    const problems = settingsProblems(form({ criteria: [], expertsPerApplication: 0, outlierSpread: 0, correctionUntil: '2024-02-30T10:00' }));
    expect(Object.keys(problems.fields).sort()).toEqual(['correctionUntil', 'criteria', 'expertsPerApplication', 'outlierSpread']);
    expect(problems.fields.criteria).toEqual({ key: 'review.rubric.none' });
    expect(settingsProblems(form({ expertsPerApplication: 10 })).fields.expertsPerApplication?.params).toEqual({ max: 9 });
    expect(settingsProblems(form({ expertsPerApplication: 2.5 })).fields.expertsPerApplication).toBeDefined();
  });

  it('moves a row up or down, and leaves the ends alone', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('gives each new row its own key', () => {
    expect(emptyRubricRow().key).not.toBe(emptyRubricRow().key);
  });
});

describe('the live weighted total', () => {
  it('is Σ score/max × weight once every criterion is scored, two decimals', () => {
    const drafts = scoreDraftsOf(RUBRIC, [
      { criterionId: 'a', score: 8, comment: '' },
      { criterionId: 'b', score: 15, comment: '' },
      { criterionId: 'c', score: 90, comment: '' },
    ]);
    // 8/10×30 + 15/20×40 + 90/100×30 = 24 + 30 + 27
    expect(liveTotal(RUBRIC, drafts)).toEqual({ total: 81, partial: 81, scored: 3, of: 3 });
  });

  it('is null while a criterion is blank or out of range, with the part scored so far', () => {
    const drafts = scoreDraftsOf(RUBRIC, [
      { criterionId: 'a', score: 10, comment: '' },
      { criterionId: 'b', score: 25, comment: '' },
    ]);
    expect(liveTotal(RUBRIC, drafts)).toEqual({ total: null, partial: 30, scored: 1, of: 3 });
  });

  it('keeps thirds to two decimals', () => {
    const rubric = [criterion('x', 1, 3, 50), criterion('y', 2, 3, 50)];
    expect(liveTotal(rubric, [{ criterionId: 'x', score: 1, comment: '' }, { criterionId: 'y', score: 1, comment: '' }]).total).toBe(33.33);
  });

  it('orders the drafts as the rubric, blank where nothing was saved', () => {
    expect(scoreDraftsOf(RUBRIC, [{ criterionId: 'c', score: 5, comment: '好' }])).toEqual([
      { criterionId: 'a', score: null, comment: '' },
      { criterionId: 'b', score: null, comment: '' },
      { criterionId: 'c', score: 5, comment: '好' },
    ]);
  });
});

describe('score problems', () => {
  it('allows 0…max with two decimals; a blank only while saving a draft', () => {
    expect(scoreProblem(0, 10)).toBeNull();
    expect(scoreProblem(10, 10)).toBeNull();
    expect(scoreProblem(9.75, 10)).toBeNull();
    expect(scoreProblem(10.5, 10)).toEqual({ key: 'review.sheet.score.range', params: { max: 10 } });
    expect(scoreProblem(-1, 10)).not.toBeNull();
    expect(scoreProblem(1.234, 10)).not.toBeNull();
    expect(scoreProblem(null, 10)).toBeNull();
    expect(scoreProblem(null, 10, true)).toEqual({ key: 'review.sheet.score.required' });
  });

  it('needs every criterion scored to submit, not to save', () => {
    const drafts = scoreDraftsOf(RUBRIC, [{ criterionId: 'a', score: 8, comment: '' }]);
    expect(sheetProblems(RUBRIC, drafts, false)).toEqual({});
    expect(Object.keys(sheetProblems(RUBRIC, drafts, true)).sort()).toEqual(['b', 'c']);
  });

  it('sends trimmed comments', () => {
    expect(toSaveScoresRequest([{ criterionId: 'a', score: 1, comment: ' 好 ' }])).toEqual({ scores: [{ criterionId: 'a', score: 1, comment: '好' }] });
  });
});

describe('assignment helpers', () => {
  const experts: ExpertDto[] = [
    { userId: 'e1', displayName: '王专家', assigned: 3, submitted: 1, conflictSchoolIds: ['s1'] },
    { userId: 'e2', displayName: '李专家', assigned: 1, submitted: 0, conflictSchoolIds: [] },
    { userId: 'e3', displayName: '张专家', assigned: 1, submitted: 0, conflictSchoolIds: [] },
  ];
  const conflicts: ConflictDto[] = [{ expertId: 'e1', expertName: '王专家', schoolId: 's1', schoolName: '郑州职院', reason: '曾在该校任教', declaredAt: '2024-08-20T02:00:00Z' }];

  it('offers the least loaded first and disables a conflicted expert with the reason', () => {
    const choices = expertChoices(experts, conflicts, { id: 's1', name: '郑州职院' });
    expect(choices.map((c) => c.userId)).toEqual(['e2', 'e3', 'e1']);
    expect(choices[2]).toMatchObject({ disabled: true, reason: '曾在该校任教' });
    expect(expertChoices(experts, conflicts, { id: 's2', name: '洛阳职院' }).every((c) => !c.disabled)).toBe(true);
  });

  it('matches the school by name when the row has no id', () => {
    expect(expertChoices(experts, conflicts, { name: '郑州职院' }).find((c) => c.userId === 'e1')?.disabled).toBe(true);
  });

  it('lists checked applications from the intake list with their school id, and the experts from progress', () => {
    const progress = [
      { applicationId: 'a2', schoolName: '乙校', projectName: '项目乙', state: 'expert_review', experts: [{ userId: 'e1', displayName: '王专家', total: null, submittedAt: null }], mean: null, spread: null, standardDeviation: null, outlier: false, decision: null },
      { applicationId: 'a9', schoolName: '丙校', projectName: '', state: 'approved', experts: [], mean: null, spread: null, standardDeviation: null, outlier: false, decision: null },
    ];
    const intake = [
      { id: 'a1', schoolId: 's1', schoolName: '甲校', projectName: '项目甲', state: 'formal_check_passed' },
      { id: 'a2', schoolId: 's2', schoolName: '乙校', projectName: '项目乙', state: 'expert_review' },
    ];
    const rows = assignableRows(progress, intake);
    expect(rows.map((r) => [r.applicationId, r.schoolId, r.experts.length])).toEqual([
      ['a1', 's1', 0],
      ['a2', 's2', 1],
    ]);
    expect(assignableRows(progress, null).map((r) => [r.applicationId, r.schoolId])).toEqual([['a2', null]]);
  });

  it('explains an outlier with its spread and the threshold', () => {
    expect(outlierExplanation({ outlier: false, spread: 3 }, 15)).toBeNull();
    const why = outlierExplanation({ outlier: true, spread: 22.5 }, 15)!;
    expect(translate('zh-CN', why.key, why.params)).toBe('专家总分相差 22.50 分，达到预警阈值 15.00 分，建议复核。');
  });

  it('formats scores and percentages', () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(0, 0)).toBe(0);
  });

  it('opens on the asked call, else the latest open one, else the latest published one', () => {
    const calls = [
      { id: 'old', status: 'closed' as const, deadline: '2023-08-16T16:00:00Z' },
      { id: 'open', status: 'open' as const, deadline: '2024-08-16T16:00:00Z' },
      { id: 'draft', status: 'draft' as const, deadline: '2025-08-16T16:00:00Z' },
    ];
    expect(defaultCallId(calls, 'old')).toBe('old');
    expect(defaultCallId(calls, 'missing')).toBe('open');
    expect(defaultCallId(calls.filter((c) => c.id !== 'open'))).toBe('old');
    expect(defaultCallId([])).toBeNull();
  });
});

describe('the expert list', () => {
  it('says 待评, 待提交 or 已提交', () => {
    expect(reviewTaskStatus({ submittedAt: null, total: null })).toBe('pending');
    expect(reviewTaskStatus({ submittedAt: null, total: 80 })).toBe('inProgress');
    expect(reviewTaskStatus({ submittedAt: '2024-09-01T00:00:00Z', total: 80 })).toBe('submitted');
  });

  it('lists what is still to do first', () => {
    const tasks = [
      { label: 'B', submittedAt: null },
      { label: 'A', submittedAt: '2024-09-01T00:00:00Z' },
      { label: 'C', submittedAt: null },
    ];
    expect(sortTasks(tasks).map((t) => t.label)).toEqual(['B', 'C', 'A']);
  });

  it('reads sections as plain content or as section states', () => {
    expect(sectionStatesOf({ a: { text: 'x' }, b: { content: { text: 'y' }, version: 2 } })).toEqual({ a: { content: { text: 'x' }, version: 0 }, b: { content: { text: 'y' }, version: 2 } });
  });
});

describe('describeReviewError', () => {
  it('says that submitted scores are locked', () => {
    expect(describeReviewError(409, { statusCode: 409, code: 'review_locked', message: 'locked' })).toEqual({ key: 'review.error.locked' });
    expect(describeReviewError(422, { statusCode: 422, code: 'review_incomplete', message: 'x' })).toEqual({ key: 'review.error.incomplete' });
  });

  it('falls back to the general message', () => {
    expect(describeReviewError(500, null)).toEqual({ key: 'error.server' });
    expect(describeReviewError(403, { statusCode: 403, code: 'forbidden', message: 'no' })).toEqual({ key: 'error.forbidden' });
  });
});
