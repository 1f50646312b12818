import { describe, expect, it } from '@jest/globals';
import { collectConsoleErrors, screenshot } from './browser';
import { e2eSuite } from './session';

describe('the web shell in Chromium', () => {
  // No demo password: the shell is seen signed out; each test opens and closes its own context.
  const { app, browser } = e2eSuite({ demoPassword: false });

  it('opens in Chinese, shows the system status, switches to English and remembers it', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);

    await page.goto(`${app().baseUrl}/`);
    await page.waitForURL(/\/login$/);
    await expectText(page.getByTestId('app-title'), '大河工坊 · 职教出海项目申报平台');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // The status card talks to the real API: healthy database, embedded mode.
    await page.getByTestId('health-status').filter({ hasText: '正常' }).waitFor();
    await expectText(page.getByTestId('health-card'), '内置');
    await screenshot(page, 'shell-zh-CN');

    await page.getByTestId('lang-switch').click();
    await expectText(page.getByTestId('app-title'), 'Dahe');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('health-status').filter({ hasText: /ok|healthy|operational/i }).waitFor();
    await screenshot(page, 'shell-en');

    await page.reload();
    await expectText(page.getByTestId('app-title'), 'Dahe');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a proper 404 page for an unknown address, in the chosen language', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${app().baseUrl}/no/such/page`);
    await page.getByTestId('not-found').waitFor();
    await expectText(page.getByTestId('not-found'), '404');
    await screenshot(page, 'not-found-zh-CN');
    await page.getByTestId('lang-switch').click();
    await expectText(page.getByTestId('not-found'), /not found|does not exist/i);
    await screenshot(page, 'not-found-en');
    expect(errors).toEqual([]);
    await context.close();
  });
});

async function expectText(locator: import('playwright-core').Locator, expected: string | RegExp) {
  await locator.waitFor();
  const deadline = Date.now() + 10000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.innerText()).trim();
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${String(expected)} in "${text}"`);
}
