import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { ApplicationDto, ApplicationSummaryDto, ProvinceDashboardDto, ReviewProgressDto, ReviewSettingsDto, ReviewTaskDto, TimelineDto } from '@dahe/shared/contracts';
import { eventually, screenshot } from './browser';
import { e2eSuite } from './session';

const XX1 = '新乡牧野职业技术学院';
const LY2 = '洛阳文化旅游职业学院';
const BEIJING_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/;

/**
 * Expert review in Chromium against the built app and the demo seed: the officer sets the review rules and a
 * rubric whose weights must add up to 100; an expert declares a conflict of interest with 新乡牧野职业技术学院;
 * two applications pass the formal check (through the API); the officer assigns balanced (the conflicted
 * expert is skipped for that school and shown disabled with the reason); two experts score anonymously —
 * the total live as they type — and submit (locked); the officer sees the progress with the outlier flagged
 * and the rubric locked.
 */
describe('the province runs the call in Chromium: intake → formal check → two experts score → decision → the school sees the result', () => {
  const { app, signIn, api, send, expectText, consoleErrors } = e2eSuite({ viewport: { width: 1366, height: 900 } });
  let callId = '';
  let xx1Id = '';
  let ly2Id = '';

  /** Lets animations (tabs, checkboxes, dropdowns, messages) finish before a screenshot. */
  async function settle(page: Page): Promise<void> {
    await page.waitForTimeout(400);
  }

  /** Fills rubric row `index`. */
  async function fillRow(page: Page, index: number, title: string, guidance: string, max: number, weight: number): Promise<void> {
    const row = page.getByTestId('rubric-row').nth(index);
    await row.getByTestId('rubric-title').fill(title);
    await row.getByTestId('rubric-guidance').fill(guidance);
    await row.getByTestId('rubric-max').fill(String(max));
    await row.getByTestId('rubric-weight').fill(String(weight));
  }

  it('(a) the officer sets the review rules and a rubric whose weights must add up to 100', async () => {
    const officer = await signIn('prov.officer');
    await officer.getByRole('link', { name: '专家评审' }).click();
    await officer.waitForURL(/\/province\/review/);
    await officer.getByTestId('review-settings').waitFor();
    await officer.waitForURL(/[?&]call=/);
    callId = new URL(officer.url()).searchParams.get('call') ?? '';
    expect(callId).toMatch(/^[0-9a-f-]{36}$/);

    await officer.getByTestId('settings-anonymous').click();
    await officer.getByTestId('settings-per-application').fill('2');
    await officer.getByTestId('settings-outlier-spread').fill('15');
    await officer.getByTestId('settings-correction-until').fill('2030-09-01T18:00');
    await expectText(officer.getByTestId('settings-correction-preview'), '2030-09-01 18:00');

    await fillRow(officer, 0, '建设思路与举措', '宗旨目标明确，重点任务与举措具体可行', 10, 30);
    await officer.getByTestId('rubric-add').click();
    await fillRow(officer, 1, '项目建设基础', '学校办学基础与合作单位实力', 20, 30);
    await officer.getByTestId('rubric-add').click();
    await fillRow(officer, 2, '预期成效', '成效可衡量，进度安排合理', 100, 30);
    await expectText(officer.getByTestId('rubric-weight-sum'), '权重合计 90 / 100');
    expect(await officer.getByTestId('rubric-weight-sum').getAttribute('data-ok')).toBe('false');
    await officer.getByTestId('settings-save').click();
    await expectText(officer.getByTestId('rubric-error'), '各项权重之和为 90，须为 100');
    await screenshot(officer, 'review-01-rubric-weights-not-100-zh-CN');

    // 项目建设基础 first: moved up; then the weights fixed.
    await officer.getByTestId('rubric-row').nth(1).getByTestId('rubric-up').click();
    await eventually(() => officer.getByTestId('rubric-title').first().inputValue(), '项目建设基础');
    await officer.getByTestId('rubric-row').nth(2).getByTestId('rubric-weight').fill('40');
    await expectText(officer.getByTestId('rubric-weight-sum'), '权重合计 100 / 100');
    await officer.getByTestId('settings-save').click();
    await officer.getByTestId('settings-dirty').waitFor({ state: 'detached' });
    const saved = await api<ReviewSettingsDto>(officer, `/api/calls/${callId}/review`);
    expect(saved).toMatchObject({ anonymous: true, expertsPerApplication: 2, outlierSpread: 15, correctionUntil: '2030-09-01T10:00:00.000Z', locked: false });
    expect(saved.criteria.map((c) => [c.title, c.maxScore, c.weight])).toEqual([
      ['项目建设基础', 20, 30],
      ['建设思路与举措', 10, 30],
      ['预期成效', 100, 40],
    ]);
    await screenshot(officer, 'review-02-settings-saved-zh-CN');
  });

  it('(b) an expert declares a conflict of interest with a school', async () => {
    const expert = await signIn('expert3');
    await expert.getByRole('link', { name: '我的评审' }).click();
    await expert.waitForURL(/\/reviews$/);
    await expert.getByTestId('reviews-empty').waitFor();
    await expert.getByTestId('conflict-open').click();
    await expert.getByTestId('conflict-dialog').waitFor();
    await expert.getByTestId('conflict-submit').click();
    await expectText(expert.getByTestId('conflict-dialog'), '请选择学校');
    await expert.getByTestId('conflict-school').click();
    await expert.getByTestId('conflict-school').locator('input').fill('新乡');
    await expert.locator('nz-option-item', { hasText: XX1 }).click();
    await expert.getByTestId('conflict-reason').fill('本人曾在该校任教，2023年调离');
    await screenshot(expert, 'review-03-conflict-dialog-zh-CN');
    await expert.getByTestId('conflict-submit').click();
    const row = expert.getByTestId('conflict-row');
    await expectText(row, XX1);
    await expectText(row, '本人曾在该校任教，2023年调离');
    await expectText(row, BEIJING_TIME);
    await screenshot(expert, 'review-04-conflict-declared-zh-CN');
  });

  it('(c) two applications pass the formal check; the officer assigns balanced around the conflict', async () => {
    // Preparation through the API: ly2's supervising unit approves it, the province passes both.
    const reviewer = await signIn('ly.reviewer');
    const ly2 = (await api<ApplicationSummaryDto[]>(reviewer, '/api/applications')).find((entry) => entry.organisationName === LY2);
    expect(ly2?.state).toBe('signed');
    ly2Id = ly2!.id;
    const ly2App = await api<ApplicationDto>(reviewer, `/api/applications/${ly2Id}`);
    await send(reviewer, 'POST', `/api/applications/${ly2Id}/transitions`, { action: 'approve', opinion: '经审核，同意推荐。', contentHash: ly2App.contentHash });

    // xx1 as the officer works: found in the intake list, opened read-only, passed the formal check (形式审查).
    const officer = await signIn('prov.officer');
    await officer.getByRole('link', { name: '申报受理' }).click();
    await officer.waitForURL(/\/province\/intake/);
    const intakeRow = officer.locator('[data-testid="intake-row"]', { hasText: XX1 });
    await intakeRow.getByTestId('intake-project').click();
    await officer.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    xx1Id = new URL(officer.url()).pathname.split('/').pop() ?? '';
    await expectText(officer.getByTestId('application-state'), '已报送');
    await officer.locator('[data-testid="signoff-action"][data-action="pass_formal_check"]').click();
    await officer.getByTestId('signoff-dialog').waitFor();
    await settle(officer);
    await screenshot(officer, 'review-04b-formal-check-dialog-zh-CN');
    await officer.getByRole('button', { name: /确\s?定/ }).click();
    await expectText(officer.getByTestId('application-state'), '形式审查通过');
    await send(officer, 'POST', `/api/applications/${ly2Id}/transitions`, { action: 'pass_formal_check' });

    await officer.goto(`${app().baseUrl}/province/review?call=${callId}&tab=assignment`);
    const expert3 = officer.getByTestId('expert-row').filter({ hasText: '周高工' });
    await expectText(expert3.getByTestId('expert-conflict'), XX1);
    const rows = officer.getByTestId('assign-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    await screenshot(officer, 'review-05-assignment-before-zh-CN');

    await officer.getByTestId('assign-balanced').click();
    const result = officer.getByTestId('assign-result');
    await expectText(result, '新分配 4 项；因利益冲突跳过 1 次；仍有 0 份申报书专家不足。');
    const onXx1 = await officer.locator(`[data-testid="assign-row"][data-id="${xx1Id}"] [data-testid="assigned-expert"]`).allInnerTexts();
    expect(onXx1.map((text) => text.trim()).sort()).toEqual(['刘教授（评审专家）', '孙研究员（评审专家）']);
    expect(await officer.locator(`[data-testid="assign-row"][data-id="${ly2Id}"] [data-testid="assigned-expert"]`).count()).toBe(2);

    // By hand: the conflicted expert is offered for xx1 only disabled, with the reason.
    await officer.locator(`[data-testid="assign-row"][data-id="${xx1Id}"] [data-testid="assign-select"]`).click();
    const option = officer.locator('nz-option-item', { hasText: '周高工（评审专家）' });
    await expectText(option, '利益冲突：本人曾在该校任教，2023年调离');
    expect(await option.getAttribute('class')).toContain('ant-select-item-option-disabled');
    await settle(officer);
    await screenshot(officer, 'review-06-assignment-balanced-zh-CN');
    await officer.keyboard.press('Escape');
    const stored = await api<ReviewProgressDto>(officer, `/api/calls/${callId}/review/progress`);
    expect(stored.assignments).toBe(4);
    expect(new Set(stored.rows.map((row) => row.state))).toEqual(new Set(['expert_review']));
  });

  it('(d) an expert reads the application anonymously, scores with the total live, saves, and submits (locked)', async () => {
    const expert = await signIn('expert1');
    await expert.getByRole('link', { name: '我的评审' }).click();
    const row = expert.locator(`[data-testid="review-row"][data-id="${xx1Id}"]`);
    await expectText(row.getByTestId('review-label'), /评审编号 R-[0-9A-Z]{6}/);
    expect(await expert.getByTestId('reviews-table').innerText()).not.toContain(XX1);
    await expectText(row.getByTestId('review-status'), '待评');
    await screenshot(expert, 'review-07-expert-list-zh-CN');

    await row.getByTestId('review-open').click();
    await expert.waitForURL(new RegExp(`/reviews/${xx1Id}$`));
    await expert.getByTestId('sheet-anonymous').waitFor();
    await expectText(expert.getByTestId('review-section-basic_info'), '（匿名评审，不显示）');
    expect(await expert.getByTestId('review-section-cover').count()).toBe(0);
    expect(await expert.locator('[data-testid="review-section-school_foundation"] p.indent').count()).toBeGreaterThan(0);
    expect(await expert.getByTestId('review-evidence-row').count()).toBeGreaterThan(0);

    const inputs = expert.getByTestId('score-input');
    expect(await inputs.count()).toBe(3);
    await inputs.nth(0).fill('18');
    await expectText(expert.getByTestId('sheet-total'), '已评 1/3 项，累计 27.00 分');
    await inputs.nth(1).fill('11');
    await expectText(expert.getByTestId('score-criterion').nth(1), '请输入 0 至 10 之间的分数');
    await inputs.nth(1).fill('9');
    await inputs.nth(2).fill('92');
    // 18/20×30 + 9/10×30 + 92/100×40 = 27 + 27 + 36.8
    await expectText(expert.getByTestId('sheet-total'), '90.80');
    await expert.getByTestId('score-comment').nth(0).fill('办学基础扎实，合作企业实力强。');
    await expert.getByTestId('sheet-save').click();
    await expert.getByTestId('sheet-dirty').waitFor({ state: 'detached' });
    const draft = (await api<ReviewTaskDto[]>(expert, '/api/reviews')).find((task) => task.applicationId === xx1Id);
    expect(draft).toMatchObject({ total: 90.8, submittedAt: null });
    await screenshot(expert, 'review-08-expert-sheet-zh-CN');

    await expert.getByTestId('sheet-submit').click();
    await expectText(expert.locator('.ant-modal-confirm'), '提交后评分将被锁定');
    await screenshot(expert, 'review-09-expert-submit-confirm-zh-CN');
    await expert.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expert.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await expectText(expert.getByTestId('sheet-submitted'), /已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 提交，评分已锁定/);
    expect(await expert.getByTestId('score-input').count()).toBe(0);
    expect(await expert.getByTestId('sheet-submit').count()).toBe(0);
    await expectText(expert.getByTestId('sheet-status'), '已提交');
    await screenshot(expert, 'review-10-expert-submitted-zh-CN');

    // Locked on the server too.
    const csrf = (await expert.context().cookies()).find((cookie) => cookie.name === 'dahe_csrf')?.value ?? '';
    const refused = await expert.request.put(`${app().baseUrl}/api/reviews/${xx1Id}`, { data: { scores: [] }, headers: { 'x-csrf-token': csrf } });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('review_locked');
  });

  it('(e) a second expert scores low and submits; the officer sees the progress with the outlier flagged', async () => {
    const expert = await signIn('expert2');
    await expert.goto(`${app().baseUrl}/reviews/${xx1Id}`);
    const inputs = expert.getByTestId('score-input');
    await inputs.first().waitFor();
    for (const [index, score] of [12, 6, 55].entries()) await inputs.nth(index).fill(String(score));
    // 12/20×30 + 6/10×30 + 55/100×40 = 18 + 18 + 22
    await expectText(expert.getByTestId('sheet-total'), '58.00');
    await expert.getByTestId('sheet-submit').click();
    await expert.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expert.getByTestId('sheet-submitted').waitFor();

    const officer = await signIn('prov.officer');
    await officer.goto(`${app().baseUrl}/province/review?call=${callId}&tab=progress`);
    await expectText(officer.getByTestId('progress-submitted'), '2 / 4');
    const row = officer.locator(`[data-testid="progress-row"][data-id="${xx1Id}"]`);
    expect(await row.getAttribute('data-outlier')).toBe('true');
    await expectText(row.getByTestId('progress-mean'), '74.40');
    await expectText(row.getByTestId('progress-spread'), '32.80');
    await expectText(row.getByTestId('progress-sd'), '16.40');
    await expectText(row.getByTestId('progress-outlier-why'), '专家总分相差 32.80 分，达到预警阈值 15.00 分');
    await expectText(row, XX1);
    expect(await officer.locator(`[data-testid="progress-row"][data-id="${ly2Id}"]`).getAttribute('data-outlier')).toBe('false');
    await expectText(officer.getByTestId('progress-outliers'), '1');
    await screenshot(officer, 'review-11-progress-zh-CN');

    await officer.getByTestId('lang-switch').click();
    await expectText(row.getByTestId('progress-outlier-why'), 'The experts\' totals differ by 32.80 points');
    await screenshot(officer, 'review-12-progress-en');
    await officer.getByTestId('lang-switch').click();

    // Scores were submitted: the rubric is locked, shown read-only.
    await officer.getByTestId('review-tab-settings').click();
    await officer.getByTestId('rubric-locked').waitFor();
    expect(await officer.getByTestId('rubric-title').count()).toBe(0);
    await settle(officer);
    await screenshot(officer, 'review-13-rubric-locked-zh-CN');
  });

  it('(f) the officer records the decisions (立项), which the school cannot see until they are published', async () => {
    const officer = await signIn('prov.officer');
    await officer.goto(`${app().baseUrl}/province/intake?call=${callId}&tab=decisions`);
    const xx1Row = officer.locator(`[data-testid="decision-row"][data-id="${xx1Id}"]`);
    await expectText(xx1Row.getByTestId('decision-mean'), '74.40');
    await xx1Row.getByTestId('decision-approve').click();
    await officer.getByTestId('decide-dialog').waitFor();
    await officer.getByTestId('decide-note').fill('专家评审均分 74.40，同意立项。');
    await officer.getByRole('button', { name: /确\s?定/ }).click();
    await expectText(xx1Row.getByTestId('decision-status'), '待发布');
    const ly2Row = officer.locator(`[data-testid="decision-row"][data-id="${ly2Id}"]`);
    await ly2Row.getByTestId('decision-reject').click();
    await officer.getByTestId('decide-dialog').waitFor();
    await officer.getByTestId('decide-note').fill('评审未完成，本批次不予立项。');
    await officer.getByRole('button', { name: /确\s?定/ }).click();
    await expectText(ly2Row.getByTestId('decision-status'), '待发布');
    await expectText(officer.getByTestId('decisions-pending'), '2');
    await settle(officer);
    await screenshot(officer, 'review-14-decisions-recorded-zh-CN');

    // The school sees the application still under review: no decision, no note, no score.
    const school = await signIn('xx1.contact');
    const home = school.locator(`[data-testid="home-application"][data-id="${xx1Id}"]`);
    await expectText(home.getByTestId('home-state'), '专家评审');
    expect(await home.getByTestId('home-decision').count()).toBe(0);
    expect((await api<ApplicationDto>(school, `/api/applications/${xx1Id}`)).state).toBe('expert_review');
    const timeline = await api<TimelineDto>(school, `/api/applications/${xx1Id}/timeline`);
    expect(JSON.stringify(timeline)).not.toContain('同意立项');
    await school.context().close();
  });

  it('(g) the officer publishes the results; the school sees 已立项 with the note, on its home and in the timeline', async () => {
    const officer = await signIn('prov.officer');
    await officer.goto(`${app().baseUrl}/province/intake?call=${callId}&tab=decisions`);
    await officer.getByTestId('decisions-publish').click();
    await officer.getByTestId('publish-dialog').waitFor();
    await expectText(officer.getByTestId('publish-text'), '2');
    await settle(officer);
    await screenshot(officer, 'review-15-publish-confirm-zh-CN');
    await officer.getByRole('button', { name: '确认发布' }).click();
    await officer.getByTestId('decisions-published').waitFor();
    await settle(officer);
    await screenshot(officer, 'review-16-published-zh-CN');

    const school = await signIn('xx1.contact');
    const home = school.locator(`[data-testid="home-application"][data-id="${xx1Id}"]`);
    const decision = home.getByTestId('home-decision');
    await expectText(decision, '专家评审均分 74.40，同意立项。');
    expect(await decision.getAttribute('data-decision')).toBe('approved');
    await expectText(home.getByTestId('home-state'), '已立项');
    await settle(school);
    await screenshot(school, 'review-17-school-home-approved-zh-CN');
    await home.getByTestId('home-open').click();
    await school.waitForURL(new RegExp(`/applications/${xx1Id}$`));
    await school.getByTestId('tab-timeline').click();
    await expectText(school.locator('[data-testid="timeline-event"][data-action="application.decided"]'), '专家评审均分 74.40，同意立项。');
    await screenshot(school, 'review-18-school-timeline-zh-CN');
    // Scores stay the province's: nothing of them reaches the school.
    const detail = await school.request.get(`${app().baseUrl}/api/reviews/${xx1Id}`);
    expect(detail.status()).toBe(403);
  });

  it('(h) the dashboards show the call: the province’s with review progress and scores, the supervising unit’s and the school’s', async () => {
    const officer = await signIn('prov.officer');
    await officer.getByRole('link', { name: '数据看板' }).click();
    await officer.waitForURL(/\/province\/dashboard/);
    await officer.getByTestId('dash-cards').waitFor();
    const figures = await api<ProvinceDashboardDto>(officer, `/api/calls/${callId}/dashboard`);
    expect(figures.review.submitted).toBe(2);
    expect(figures.scoreDistribution.reduce((sum, bin) => sum + bin.count, 0)).toBe(2);
    expect(figures.byState.find((entry) => entry.key === 'approved')?.count).toBe(1);
    await settle(officer);
    await screenshot(officer, 'review-19-province-dashboard-zh-CN');

    const supervisor = await signIn('xx.reviewer');
    await supervisor.getByTestId('supervisor-dashboard').waitFor();
    await settle(supervisor);
    await screenshot(supervisor, 'review-20-supervisor-dashboard-zh-CN');
  });

  it('logged no console errors', () => {
    // A refused request is an expected 4xx the browser logs as a failed resource load.
    expect(consoleErrors(/status of (400|409|422)/)).toEqual([]);
  });
});
