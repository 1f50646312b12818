import { describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';
import { DEMO_PASSWORD as PASSWORD, e2eSuite } from './session';

const DEMO_CALL = '2024年“大河工坊”职教出海建设项目';
const NEW_CALL = '2025年“大河工坊”职教出海建设项目（第二批）';
const DAY = 86_400_000;

/** The Beijing calendar date `days` from now, `YYYY-MM-DD` (UTC+8 all year). */
function beijingDate(days: number): string {
  return new Date(Date.now() + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Minutes left as the countdown shows them: days, hours and minutes read off the page. */
async function minutesLeft(countdown: Locator): Promise<number> {
  const [days, hours, minutes] = await Promise.all(['countdown-days', 'countdown-hours', 'countdown-minutes'].map(async (id) => Number(await countdown.getByTestId(id).innerText())));
  return days! * 1440 + hours! * 60 + minutes!;
}

/**
 * Calls in the browser, against the built app and its demo province: the province officer creates a
 * call (with a caution and a prohibited country) and opens it; a supervising unit sees it; the 洛阳
 * school's contact sees it with its deadline counting down and starts an application, and is refused
 * clearly once the per-school limit is reached behind the page's back.
 */
describe('calls in Chromium', () => {
  const suite = e2eSuite({ viewport: { width: 1280, height: 800 } });
  const { app, logIn, consoleErrors } = suite;
  // Two days ahead at 24:00 Beijing time: inside the three days in which the countdown warns.
  const deadlineDate = beijingDate(2);
  const deadlineInstant = Date.parse(`${deadlineDate}T00:00:00+08:00`) + DAY;
  let newCallId = '';

  function newPage(options: { fakeClock?: boolean } = {}): Promise<Page> {
    // The clock flows as usual; the test may jump it forward to see the countdown move.
    return suite.newPage({ setUp: options.fakeClock ? (context) => context.clock.install() : undefined });
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await logIn(page, username);
    await page.getByTestId('nav-calls').click();
    await page.waitForURL(/\/calls$/);
  }

  it('(a) the province officer creates a call with its country risk list, checked as typed, and opens it', async () => {
    const page = await newPage();
    await signIn(page, 'prov.officer');
    const table = page.getByTestId('calls-table');
    await expectText(table.locator('[data-testid="call-row"]').filter({ hasText: DEMO_CALL }).getByTestId('call-phase'), '申报中');

    await page.getByTestId('call-new').click();
    await page.waitForURL(/\/calls\/new$/);
    await expectText(page.locator('h1'), '新建申报项目');

    // Saving an empty form: every missing field says so, and nothing is sent.
    let posted = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/calls') posted += 1;
    });
    await page.getByTestId('call-form-submit').click();
    await expectText(page.getByTestId('call-form-invalid'), '处填写有误');
    const form = page.getByTestId('call-form');
    await expectText(form, '请输入项目名称');
    await expectText(form, '请填写联系人');
    await expectText(form, '请填写联系电话');
    expect(posted).toBe(0);

    await page.getByTestId('call-form-title').fill(NEW_CALL);
    await page.getByTestId('call-form-year').fill('2025');
    await page.getByTestId('call-form-limit').fill('2');
    await page.getByTestId('call-form-deadline-date').fill(deadlineDate);
    // A time that does not exist, then the end of the day.
    await page.getByTestId('call-form-deadline-time').fill('25:00');
    await page.getByTestId('call-form-deadline-time').blur();
    await expectText(form, '截止时间不正确');
    expect(await page.getByTestId('call-form-deadline-preview').count()).toBe(0);
    await page.getByTestId('call-form-deadline-time').fill('24:00');
    await expectText(page.getByTestId('call-form-deadline-preview'), `截止于 ${deadlineDate} 24:00（北京时间）`);
    await page.getByTestId('call-form-contact-name').fill('省教育厅职成教处 刘娜');
    await page.getByTestId('call-form-contact-phone').fill('0371-69691878');
    await page.getByTestId('call-form-contact-email').fill('zhijiaochuhai@163');
    await page.getByTestId('call-form-contact-email').blur();
    await expectText(form, '电子邮箱格式不正确');
    await page.getByTestId('call-form-contact-email').fill('zhijiaochuhai@163.com');
    await page.getByTestId('call-form-contact-address').fill('郑州市郑东新区正光路11号省直综合楼D822房间');

    // The risk list: a country must be chosen first; then Chinese names, searchable.
    await page.getByTestId('risk-add').click();
    await expectText(page.getByTestId('risk-need-country'), '请先选择国家');
    await addCountry(page, '巴基斯坦', 'PK', 'caution');
    await addCountry(page, '阿富汗', 'AF', 'prohibited');
    await addCountry(page, '泰国', 'TH', 'ok');
    const rows = page.getByTestId('risk-row');
    expect(await rows.evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute('data-code')}:${node.getAttribute('data-level')}`))).toEqual(['AF:prohibited', 'PK:caution', 'TH:ok']);
    await page.locator('[data-testid="risk-row"][data-code="TH"] [data-testid="risk-remove"]').click();
    await page.locator('[data-testid="risk-row"][data-code="TH"]').waitFor({ state: 'detached' });
    await expectText(page.locator('[data-testid="risk-row"][data-code="AF"]'), '阿富汗');
    expect(await form.locator('.ant-form-item-has-error').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'calls-create-zh-CN');

    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/calls'),
      page.getByTestId('call-form-submit').click(),
    ]);
    // Beijing wall-clock time went out as the UTC instant: 24:00 of the day is 16:00 UTC.
    expect(request.postDataJSON()).toMatchObject({
      title: NEW_CALL,
      year: 2025,
      template: 'dahe-2024',
      deadline: new Date(deadlineInstant).toISOString(),
      perSchoolLimit: 2,
      contact: { name: '省教育厅职成教处 刘娜', phone: '0371-69691878', email: 'zhijiaochuhai@163.com', address: '郑州市郑东新区正光路11号省直综合楼D822房间' },
      countryRisk: { PK: 'caution', AF: 'prohibited' },
    });
    const created = await (await request.response())!.json();
    newCallId = created.id;
    await page.waitForURL(/\/calls$/);

    const row = page.locator(`[data-testid="call-row"][data-call-id="${newCallId}"]`);
    await expectText(row.getByTestId('call-phase'), '草稿');
    await expectText(row.getByTestId('call-deadline'), `${deadlineDate} 24:00`);
    await expectText(row.getByTestId('call-risk-counts'), '禁止 1 · 谨慎 1 · 可合作 0');
    await row.getByTestId('call-details-toggle').click();
    const details = page.getByTestId('call-details');
    await expectText(details.locator('[data-level="prohibited"]'), '阿富汗');
    await expectText(details.locator('[data-level="caution"]'), '巴基斯坦');
    await expectText(details.getByTestId('call-contact'), '0371-69691878');

    // Opening asks first; cancelling leaves it a draft.
    await row.getByTestId('call-open').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expectText(confirm, NEW_CALL);
    await settle(page);
    await screenshot(page, 'calls-open-confirm-zh-CN');
    await confirm.locator('.ant-modal-confirm-btns .ant-btn:not(.ant-btn-primary)').click();
    await confirm.waitFor({ state: 'detached' });
    await expectText(row.getByTestId('call-phase'), '草稿');
    await row.getByTestId('call-open').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expectText(row.getByTestId('call-phase'), '申报中');
    expect(await row.getByTestId('call-open').count()).toBe(0);
    await expectText(row.getByTestId('call-countdown'), /\d+天\d+小时\d+分钟/);
    expect(await row.getByTestId('call-countdown').getAttribute('data-state')).toBe('urgent');
    await settle(page);
    await screenshot(page, 'calls-province-zh-CN');
  });

  it('(b) a supervising unit sees the open calls and their deadlines, and nothing to create or open', async () => {
    const page = await newPage();
    await signIn(page, 'ly.reviewer');
    const row = page.locator(`[data-testid="call-row"][data-call-id="${newCallId}"]`);
    await expectText(row.getByTestId('call-deadline'), `${deadlineDate} 24:00`);
    await expectText(row.getByTestId('call-phase'), '申报中');
    expect(await page.getByTestId('call-new').count()).toBe(0);
    expect(await page.getByTestId('call-open').count()).toBe(0);
  });

  it('(c) the 洛阳 school’s contact sees the call counting down, starts an application, and is refused at the limit', async () => {
    const page = await newPage({ fakeClock: true });
    await signIn(page, 's2.contact');
    const card = page.locator(`[data-testid="call-card"][data-call-id="${newCallId}"]`);
    await expectText(card.getByTestId('call-title'), NEW_CALL);
    await expectText(card.getByTestId('call-phase'), '申报中');
    await expectText(card.getByTestId('call-deadline'), `${deadlineDate} 24:00`);
    await expectText(card.getByTestId('call-used'), '本校已申报 0 / 2 项');

    // Days, hours and minutes to the deadline, in the warning colour (under three days).
    const countdown = card.getByTestId('call-countdown');
    await expectText(countdown, /\d+天\d+小时\d+分钟/);
    expect(await countdown.getAttribute('data-state')).toBe('urgent');
    await expectText(countdown, '即将截止');
    const before = await minutesLeft(countdown);
    const expected = Math.ceil((deadlineInstant - Date.now()) / 60_000);
    expect(Math.abs(before - expected)).toBeLessThanOrEqual(1);
    // It moves on the minute.
    await page.clock.fastForward('01:00');
    await waitUntil(async () => (await minutesLeft(countdown)) < before);
    expect(before - (await minutesLeft(countdown))).toBeLessThanOrEqual(2);

    // The demo call: this school's draft is there and the limit of one is used, so no button.
    const demo = page.locator('[data-testid="call-card"]').filter({ hasText: DEMO_CALL });
    await expectText(demo.getByTestId('application-state'), '草稿');
    expect(await demo.getByTestId('start-application').count()).toBe(0);
    expect(await demo.getByTestId('start-blocked').getAttribute('data-reason')).toBe('limitReached');
    expect(await demo.getByTestId('call-countdown').getAttribute('data-state')).toBe('open');
    await card.getByTestId('call-details-toggle').click();
    await expectText(card.locator('[data-testid="call-risk-group"][data-level="prohibited"]'), '阿富汗');
    await settle(page);
    await screenshot(page, 'calls-school-zh-CN');

    await card.getByTestId('start-application').click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    const applicationId = /\/applications\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

    await page.getByTestId('nav-calls').click();
    await page.waitForURL(/\/calls$/);
    await expectText(card.getByTestId('call-used'), '本校已申报 1 / 2 项');
    const mine = card.locator(`[data-testid="call-application"][data-application-id="${applicationId}"]`);
    await expectText(mine.getByTestId('application-state'), '草稿');
    expect(await mine.getByTestId('application-link').getAttribute('href')).toBe(`/applications/${applicationId}`);

    // The school admin starts the second one elsewhere; this page still offers the button, and the API refuses.
    const login = await fetch(`${app().baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 's2.admin', password: PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const second = await fetch(`${app().baseUrl}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ callId: newCallId }),
    });
    expect(second.status).toBe(201);
    await card.getByTestId('start-application').click();
    await expectText(card.getByTestId('start-error'), '本项目每校限报 2 项，本校已达上限');
    expect(page.url()).toMatch(/\/calls$/);
    await expectText(card.getByTestId('call-used'), '本校已申报 2 / 2 项');
    expect(await card.getByTestId('start-application').count()).toBe(0);
    expect(await card.getByTestId('start-blocked').getAttribute('data-reason')).toBe('limitReached');
    expect(await card.getByTestId('call-application').count()).toBe(2);
    await settle(page);
    await screenshot(page, 'calls-school-limit-zh-CN');

    // In English: the same times, Beijing time, the same state.
    await page.getByTestId('lang-switch').click();
    await expectText(page.locator('h1'), 'Calls for applications');
    const [year, month, day] = deadlineDate.split('-');
    const monthName = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(month) - 1];
    await expectText(card.getByTestId('call-deadline'), `${day} ${monthName} ${year}, 24:00`);
    await expectText(card.getByTestId('call-used'), 'Filed 2 of 2');
    await expectText(card.getByTestId('call-countdown'), /\d+d\d+h\d+min/);
    await expectText(card.getByTestId('start-error'), 'allows 2 per school');
    await settle(page);
    await screenshot(page, 'calls-school-en');
    await page.getByTestId('lang-switch').click();

    expect(consoleErrors(/Failed to load resource: the server responded with a status of (404|409)/)).toEqual([]);
  });
});

async function addCountry(page: Page, name: string, code: string, level: 'ok' | 'caution' | 'prohibited'): Promise<void> {
  await page.getByTestId('risk-country').click();
  await page.keyboard.type(name);
  await page.locator(`.ant-select-item-option[title="${name}（${code}）"]`).click();
  await page.locator(`[data-testid="risk-level"] [data-level="${level}"]`).click();
  await page.getByTestId('risk-add').click();
  await page.locator(`[data-testid="risk-row"][data-code="${code}"][data-level="${level}"]`).waitFor();
}

function settle(page: Page): Promise<void> {
  return page.waitForTimeout(400);
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  await locator.first().waitFor();
  const deadline = Date.now() + 10000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().innerText()).replace(/\s+/g, '');
    const wanted = typeof expected === 'string' ? expected.replace(/\s+/g, '') : expected;
    if (typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${String(expected)} in "${text}"`);
}
