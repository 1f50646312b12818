import { describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import type { ApplicationSummaryDto, SectionAssignments, SectionState } from '@dahe/shared/contracts';
import { SECTION_KEYS, type ValidationReport, countZi } from '@dahe/shared/form';
import { join } from 'node:path';
import { eventually, screenshot, screenshotsDir } from './browser';
import { DEMO_PASSWORD as PASSWORD, e2eSuite } from './session';

const SAVED = /已保存 \d{2}:\d{2}/;

/**
 * The 申报书 editor in Chromium against the built app and the demo school's draft: two people edit the
 * same section and one resolves the conflict in the merge view; autosave; the 字 counter; the
 * validation panel and its links; the country risk list; the 3.4 table; assignments and read-only
 * sections; unsaved text kept across an expired session.
 */
describe('the application editor in Chromium', () => {
  const { app, newPage, logIn: signIn, api, consoleErrors } = e2eSuite();
  let applicationId = '';
  let contact: Page;
  let admin: Page;

  async function openEditor(page: Page): Promise<void> {
    await page.goto(`${app().baseUrl}/applications/${applicationId}`);
    await page.getByTestId('section-safeguards').waitFor();
  }

  const section = (page: Page, key: string) => page.getByTestId(`section-${key}`);

  async function chooseCountry(page: Page, search: string, name: string): Promise<void> {
    const select = section(page, 'basic_info').getByTestId('country-select');
    await select.click();
    await page.keyboard.type(search);
    await page.locator('.ant-select-item-option', { hasText: name }).first().click();
  }

  it('(a) shows the cover and every section in the notice’s order, with the notice’s guidance', async () => {
    contact = await newPage();
    await signIn(contact, 's1.contact');
    const applications = await api<ApplicationSummaryDto[]>(contact, '/api/applications');
    const draft = applications.find((entry) => entry.state === 'draft');
    expect(draft).toBeDefined();
    applicationId = draft!.id;

    await openEditor(contact);
    const outline = await contact.locator('[data-testid="outline"] a').evaluateAll((links) => links.map((link) => link.getAttribute('data-testid')));
    expect(outline).toEqual(SECTION_KEYS.map((key) => `outline-${key}`));
    const order = await contact.locator('dahe-section-editor').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')));
    expect(order).toEqual(SECTION_KEYS.map((key) => `section-${key}`));
    await expectText(section(contact, 'school_foundation').getByTestId('section-guidance'), '学校国际化办学基础、优势特色');
    await expectText(section(contact, 'school_foundation').getByTestId('section-guidance'), '800 字以内');
    // The seeded text is there, counted as the server counts it.
    const seeded = await section(contact, 'school_foundation').getByTestId('narrative-text').inputValue();
    expect(seeded).toContain('双高计划');
    expect(Number(await contact.getByTestId('zi-counter-school_foundation').getAttribute('data-count'))).toBe(countZi(seeded));
    await expectText(contact.getByTestId('application-state'), '草稿');
    expect(await section(contact, 'cover').getByTestId('school-name').inputValue()).toBe('郑州黄河职业技术学院');
    await screenshot(contact, 'editor-overview-zh-CN');
  });

  it('(b) autosaves after a pause, and the 字 counter turns red past the limit (the text is still saved)', async () => {
    const goals = section(contact, 'purpose_goals');
    const text = '职'.repeat(298) + 'ABC2024，多'; // 298 + 1 + 1 + 1 = 301 字
    expect(countZi(text)).toBe(301);
    await goals.getByTestId('narrative-text').fill(text);
    const counter = contact.getByTestId('zi-counter-purpose_goals');
    await expectText(counter, '301 / 300 字，超出 1 字');
    expect(await counter.getAttribute('data-over')).toBe('true');
    expect(await counter.evaluate((node) => getComputedStyle(node).color)).toBe('rgb(207, 19, 34)');
    await expectText(goals.getByTestId('save-state'), '有未保存的修改');
    await expectText(goals.getByTestId('save-state'), SAVED);
    const stored = await api<SectionState>(contact, `/api/applications/${applicationId}/sections/purpose_goals`);
    expect(stored).toMatchObject({ content: { text }, version: 1 });
    // The server's report (refreshed after the save) flags it; the link is in the panel.
    await contact.locator('[data-testid="issue-link"][data-section="purpose_goals"][data-code="over_limit"]').waitFor();
    await goals.scrollIntoViewIfNeeded();
    await screenshot(contact, 'editor-zi-over-limit-zh-CN');
    await detail(goals, 'editor-zi-over-limit-detail-zh-CN');

    // Back within the limit: the counter is no longer red.
    await goals.getByTestId('narrative-text').fill('职'.repeat(300));
    await expectText(counter, '300 / 300 字');
    expect(await counter.getAttribute('data-over')).toBe('false');
    await expectText(goals.getByTestId('save-state'), SAVED);
  });

  it('(c) two people edit the same section: the later save gets the merge view, merges, and the merged text is stored', async () => {
    admin = await newPage();
    await signIn(admin, 's1.admin');
    await openEditor(admin);
    // Both opened version 1 of 2.1. The admin starts editing first (and is shown to the contact).
    const adminText = section(admin, 'school_foundation').getByTestId('narrative-text');
    await adminText.click();
    const contactText = section(contact, 'school_foundation').getByTestId('narrative-text');
    await contactText.click();
    await expectText(section(contact, 'school_foundation').getByTestId('section-presence'), '张明');

    const base = await contactText.inputValue();
    const contactVersion = `${base}（联系人补充：已与泰国合作院校签署协议。）`;
    await contactText.fill(contactVersion);
    await expectText(section(contact, 'school_foundation').getByTestId('save-state'), SAVED);
    expect((await api<SectionState>(contact, `/api/applications/${applicationId}/sections/school_foundation`)).version).toBe(2);

    const adminVersion = `${base}（管理员补充：新增海外培训基地两处。）`;
    await adminText.fill(adminVersion);
    const merge = section(admin, 'school_foundation').getByTestId('merge-view');
    await merge.waitFor({ timeout: 15000 });
    await expectText(section(admin, 'school_foundation').getByTestId('save-state'), '他人已修改本节');
    await expectText(merge, '黄丽（项目联系人）');
    expect((await merge.getByTestId('merge-mine').innerText()).trim()).toBe(adminVersion);
    expect((await merge.getByTestId('merge-theirs').innerText()).trim()).toBe(contactVersion);
    // Nothing was overwritten: the server still holds the contact's text.
    expect(await api<SectionState>(admin, `/api/applications/${applicationId}/sections/school_foundation`)).toMatchObject({ version: 2, content: { text: contactVersion } });
    await merge.scrollIntoViewIfNeeded();
    await screenshot(admin, 'editor-merge-view-zh-CN');
    await detail(section(admin, 'school_foundation'), 'editor-merge-view-detail-zh-CN');

    const merged = `${base}（联系人补充：已与泰国合作院校签署协议。）（管理员补充：新增海外培训基地两处。）`;
    await merge.getByTestId('merge-merged').fill(merged);
    await merge.getByTestId('merge-save').click();
    await merge.waitFor({ state: 'detached' });
    await expectText(section(admin, 'school_foundation').getByTestId('save-state'), SAVED);
    expect(await adminText.inputValue()).toBe(merged);
    expect(await api<SectionState>(contact, `/api/applications/${applicationId}/sections/school_foundation`)).toMatchObject({ version: 3, content: { text: merged } });
    const history = await api<{ version: number; authorName: string }[]>(contact, `/api/applications/${applicationId}/sections/school_foundation/history`);
    expect(history.map((entry) => [entry.version, entry.authorName])).toEqual([
      [3, '张明（学校管理员）'],
      [2, '黄丽（项目联系人）'],
      [1, '黄丽（项目联系人）'],
    ]);
  });

  it('(d) keeps mine over a newer version when asked, still never silently', async () => {
    // The contact's page still holds version 2 of 2.1: its next save is stale too.
    const contactText = section(contact, 'school_foundation').getByTestId('narrative-text');
    const mine = '联系人的最终版本：学校国际化办学基础扎实。';
    await contactText.fill(mine);
    const merge = section(contact, 'school_foundation').getByTestId('merge-view');
    await merge.waitFor({ timeout: 15000 });
    await expectText(merge, '张明（学校管理员）');
    await merge.getByTestId('merge-keep-mine').click();
    await merge.waitFor({ state: 'detached' });
    await expectText(section(contact, 'school_foundation').getByTestId('save-state'), SAVED);
    expect(await api<SectionState>(contact, `/api/applications/${applicationId}/sections/school_foundation`)).toMatchObject({ version: 4, content: { text: mine } });
  });

  it('(e) the validation panel lists every failure from the server and its link jumps to the field', async () => {
    await contact.getByTestId('tab-validation').click();
    const report = await api<ValidationReport>(contact, `/api/applications/${applicationId}/validation`);
    expect(report.ready).toBe(false);
    await contact.getByTestId('validation-refresh').click();
    const links = contact.getByTestId('issue-link');
    await expectCount(links, report.issues.length + report.warnings.length);
    await expectText(contact.getByTestId('validation-not-ready'), `尚有 ${report.issues.length} 个问题`);
    const mobile = contact.locator('[data-testid="issue-link"][data-section="cover"][data-field="contactMobile"]');
    await expectText(mobile, '手机号码');
    await contact.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await mobile.click();
    await waitFor(async () => (await contact.evaluate(() => document.activeElement?.id)) === 'field-cover-contactMobile');
    expect(await contact.locator('#field-cover-contactMobile').isVisible()).toBe(true);
    await screenshot(contact, 'editor-validation-panel-zh-CN');
    await detail(contact.locator('aside.side'), 'editor-validation-panel-detail-zh-CN');

    // Filling the mobile number makes its failure go after the save.
    await contact.locator('#field-cover-contactMobile').fill('13700371002');
    await expectText(section(contact, 'cover').getByTestId('save-state'), SAVED);
    await waitFor(async () => (await contact.locator('[data-testid="issue-link"][data-field="contactMobile"]').count()) === 0);
  });

  it('(f) a caution country warns; a prohibited one is an error with the notice’s reason and blocks ready to sign', async () => {
    await chooseCountry(contact, '巴基', '巴基斯坦');
    await expectText(section(contact, 'basic_info').getByTestId('country-caution'), '谨慎');
    await chooseCountry(contact, '阿富汗', '阿富汗');
    const prohibited = section(contact, 'basic_info').getByTestId('country-prohibited');
    await expectText(prohibited, '危地不往、乱地不去');
    await expectText(section(contact, 'basic_info').getByTestId('save-state'), SAVED);
    expect(await api<SectionState>(contact, `/api/applications/${applicationId}/sections/basic_info`)).toMatchObject({ content: { countryCode: 'AF' } });
    const report = await api<ValidationReport>(contact, `/api/applications/${applicationId}/validation`);
    expect(report.ready).toBe(false);
    expect(report.issues).toContainEqual(expect.objectContaining({ section: 'basic_info', field: 'countryCode', code: 'country_prohibited' }));
    await contact.locator('[data-testid="issue-link"][data-code="country_prohibited"]').waitFor();
    await section(contact, 'basic_info').scrollIntoViewIfNeeded();
    await screenshot(contact, 'editor-country-prohibited-zh-CN');
    await detail(section(contact, 'basic_info'), 'editor-country-prohibited-detail-zh-CN');
  });

  it('(g) the 3.4 table adds, reorders and removes rows; each cell is counted against 200 字', async () => {
    const schedule = section(contact, 'schedule');
    const tasks = schedule.getByTestId('schedule-task');
    await tasks.nth(0).fill('组建海外教学团队');
    await schedule.getByTestId('schedule-add').click();
    await schedule.getByTestId('schedule-add').click();
    await expectCount(schedule.getByTestId('schedule-row'), 3);
    await tasks.nth(1).fill('开发双语课程资源');
    await tasks.nth(2).fill('建设海外实训基地');
    const cell = schedule.getByTestId('schedule-goal-2025').nth(1);
    await cell.fill('课'.repeat(201));
    const counter = contact.getByTestId('zi-counter-schedule-1-2025');
    expect(await counter.getAttribute('data-over')).toBe('true');
    await expectText(counter, '201 / 200 字');
    await schedule.getByTestId('schedule-up').nth(2).click(); // third row up
    await eventually(() => tasks.evaluateAll((nodes) => nodes.map((node) => (node as HTMLTextAreaElement).value)), ['组建海外教学团队', '建设海外实训基地', '开发双语课程资源']);
    await expectText(schedule.getByTestId('save-state'), SAVED);
    await schedule.scrollIntoViewIfNeeded();
    await screenshot(contact, 'editor-schedule-zh-CN');
    await detail(schedule, 'editor-schedule-detail-zh-CN');
    let stored = await api<SectionState>(contact, `/api/applications/${applicationId}/sections/schedule`);
    const rows = (stored.content as { rows: { task: string; goals: Record<string, string> }[] }).rows;
    expect(rows.map((row) => row.task)).toEqual(['组建海外教学团队', '建设海外实训基地', '开发双语课程资源']);
    expect(rows[2]!.goals['2025']).toBe('课'.repeat(201));

    await schedule.getByTestId('schedule-down').nth(0).click(); // first row down
    await schedule.getByTestId('schedule-remove').nth(2).click(); // remove the last
    await expectCount(schedule.getByTestId('schedule-row'), 2);
    await expectText(schedule.getByTestId('save-state'), SAVED);
    stored = await api<SectionState>(contact, `/api/applications/${applicationId}/sections/schedule`);
    expect((stored.content as { rows: { task: string }[] }).rows.map((row) => row.task)).toEqual(['建设海外实训基地', '组建海外教学团队']);
    // The last row cannot go: at least one 分项任务.
    await schedule.getByTestId('schedule-remove').nth(0).click();
    await expectCount(schedule.getByTestId('schedule-row'), 1);
    expect(await schedule.getByTestId('schedule-remove').isDisabled()).toBe(true);
  });

  it('(h) a drafter writes only the sections assigned to them; the contact assigns', async () => {
    const drafter = await newPage();
    await signIn(drafter, 's1.drafter');
    await openEditor(drafter);
    expect(await section(drafter, 'safeguards').getByTestId('narrative-text').getAttribute('readonly')).not.toBeNull();
    await expectText(section(drafter, 'safeguards').getByTestId('readonly-note'), '尚未分配起草人');

    const safeguards = section(contact, 'safeguards');
    await safeguards.getByTestId('assign-open').click();
    await safeguards.getByTestId('assign-select').click();
    await contact.locator('.ant-select-item-option', { hasText: '吴强' }).click();
    await contact.keyboard.press('Escape');
    await safeguards.getByTestId('assign-save').click();
    await expectText(safeguards.getByTestId('section-assignees'), '吴强');
    const assignments = await api<SectionAssignments>(contact, `/api/applications/${applicationId}/assignments`);
    expect(assignments['safeguards']?.map((entry) => entry.displayName)).toEqual(['吴强（起草人）']);

    await openEditor(drafter);
    const text = section(drafter, 'safeguards').getByTestId('narrative-text');
    expect(await text.getAttribute('readonly')).toBeNull();
    await text.fill('成立由校长任组长的项目领导小组，统筹推进项目实施。');
    await expectText(section(drafter, 'safeguards').getByTestId('save-state'), SAVED);
    // Other sections stay read-only, with who drafts them where someone does.
    expect(await section(drafter, 'purpose_goals').getByTestId('narrative-text').getAttribute('readonly')).not.toBeNull();
    await expectText(section(drafter, 'purpose_goals').getByTestId('readonly-note'), '联系项目联系人');
    await section(drafter, 'safeguards').scrollIntoViewIfNeeded();
    await screenshot(drafter, 'editor-drafter-assigned-zh-CN');
    await detail(section(drafter, 'purpose_goals'), 'editor-drafter-readonly-detail-zh-CN');
  });

  it('(i) an expired session keeps the unsaved text; after signing in again it is restored and saved', async () => {
    const page = admin;
    await openEditor(page);
    const outcomes = section(page, 'expected_outcomes');
    // The session ends on the server's side (here: its cookie is gone), then the person types.
    await page.context().clearCookies({ name: 'dahe_session' });
    const text = '预期培养海外本土技术技能人才500名，开发双语教学标准10项。';
    await outcomes.getByTestId('narrative-text').fill(text);
    await page.waitForURL(/\/login\?returnUrl=/, { timeout: 15000 });
    expect(decodeURIComponent(page.url())).toContain(`/applications/${applicationId}`);
    await page.getByTestId('login-username').fill('s1.admin');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(new RegExp(`/applications/${applicationId}$`));
    const kept = section(page, 'expected_outcomes').getByTestId('kept-draft');
    await kept.waitFor();
    await section(page, 'expected_outcomes').scrollIntoViewIfNeeded();
    await screenshot(page, 'editor-kept-draft-zh-CN');
    await detail(section(page, 'expected_outcomes'), 'editor-kept-draft-detail-zh-CN');
    await kept.getByTestId('kept-restore').click();
    await expectText(section(page, 'expected_outcomes').getByTestId('save-state'), SAVED);
    expect(await api<SectionState>(page, `/api/applications/${applicationId}/sections/expected_outcomes`)).toMatchObject({ version: 1, content: { text } });
    // Saved: nothing is kept any more.
    await openEditor(page);
    expect(await section(page, 'expected_outcomes').getByTestId('kept-draft').count()).toBe(0);
  });

  it('(j) reads in English too', async () => {
    await contact.getByTestId('lang-switch').click();
    await expectText(contact.getByTestId('application-state'), 'Draft');
    await expectText(section(contact, 'school_foundation').getByTestId('section-guidance'), 'within 800 characters');
    await expectText(contact.getByTestId('zi-counter-purpose_goals'), '300 / 300 characters');
    await expectText(section(contact, 'basic_info').getByTestId('country-prohibited'), '危地不往、乱地不去');
    await contact.evaluate(() => window.scrollTo(0, 0));
    await screenshot(contact, 'editor-overview-en');
    await detail(section(contact, 'basic_info'), 'editor-basic-info-detail-en');
    await contact.getByTestId('lang-switch').click();
  });

  it('(k) logged no errors in the browser console beyond the expected 401 and 409s', () => {
    expect(consoleErrors(/status of (401|409)/)).toEqual([]);
  });
});

/** A close-up of one part of the page, beside the full-page screenshots. */
async function detail(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: join(screenshotsDir, `${name}.png`) });
}

async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  await locator.first().waitFor();
  const deadline = Date.now() + 10000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().innerText()).trim();
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${String(expected)} in "${text}"`);
}

async function expectCount(locator: Locator, count: number): Promise<void> {
  await waitFor(async () => (await locator.count()) === count, `${count} elements`);
}

async function waitFor(condition: () => Promise<boolean>, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
