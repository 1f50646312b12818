import { describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { IntakePageDto } from '@dahe/shared/contracts';
import { screenshot, screenshotsDir } from './browser';
import { e2eSuite } from './session';

const XX1 = '新乡牧野职业技术学院';
const RECEIPT = 'DH2024-0001';
const PROJECT = '中哈汽车技术“大河工坊”';

/**
 * 申报受理 in Chromium against the built app and the demo seed: the province officer opens the intake list
 * from the navigation and finds the demo's submitted application (新乡牧野职业技术学院, DH2024-0001) with its
 * project, forms and country; filters by state, country and a search (all in the URL, the back button
 * returning to the previous filters); sorts by a column; opens the application read-only and comes back to
 * the same filtered list; looks at the decisions (立项) tab; and exports the filtered list to Excel, the
 * progress shown, the workbook downloaded.
 */
describe('the province officer’s intake list in Chromium', () => {
  const { app, signIn, expectText, consoleErrors } = e2eSuite({ viewport: { width: 1440, height: 900 }, context: { acceptDownloads: true } });
  let officer: Page;
  let callId = '';

  /** The list has answered: no request in flight. */
  async function listSettled(page: Page): Promise<void> {
    await page.locator('[data-testid="intake-table"][data-loading="false"]').waitFor();
  }

  async function rowSchools(page: Page): Promise<string[]> {
    await listSettled(page);
    return page.getByTestId('intake-school').allInnerTexts();
  }

  /** Picks an option of an ng-zorro select by its label (typed first: long lists render only what is in view). */
  async function choose(page: Page, testId: string, label: string, search = false): Promise<void> {
    await page.getByTestId(testId).click();
    if (search) await page.getByTestId(testId).locator('input').fill(label);
    await page.locator(`.ant-select-dropdown .ant-select-item-option[title="${label}"]`).click();
    // A multiple select stays open: close it.
    await page.keyboard.press('Escape');
  }

  function query(page: Page): URLSearchParams {
    return new URL(page.url()).searchParams;
  }

  it('(a) 申报受理 lists the submitted application of the demo, in the open call chosen by default', async () => {
    officer = await signIn('prov.officer');
    await officer.getByRole('link', { name: '申报受理' }).click();
    await officer.waitForURL(/\/province\/intake\?call=[0-9a-f-]{36}$/);
    callId = query(officer).get('call') ?? '';

    const row = officer.locator('[data-testid="intake-row"]', { hasText: RECEIPT });
    await expectText(row, XX1);
    await expectText(row, PROJECT);
    await expectText(row, '新乡市教育局');
    await expectText(row, '学历培养');
    await expectText(row, '技能培训');
    await expectText(row, '哈萨克斯坦');
    await expectText(row.getByTestId('intake-state'), '已报送省教育厅');
    await expectText(row, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    // What the table shows is what the API holds.
    const page = (await (await officer.request.get(`${app().baseUrl}/api/calls/${callId}/intake`)).json()) as IntakePageDto;
    await expectText(officer.getByTestId('intake-total'), `共 ${page.total} 项`);
    expect(page.rows.some((r) => r.receiptNo === RECEIPT && r.schoolName === XX1)).toBe(true);
    await screenshot(officer, 'intake-01-list-zh-CN');
  });

  it('(b) filters by state, country and a search, each in the URL; the back button returns to the previous filter', async () => {
    await choose(officer, 'intake-filter-state', '已报送省教育厅');
    await officer.waitForURL(/state=submitted/);
    expect(await rowSchools(officer)).toContain(XX1);
    expect(new Set(await officer.getByTestId('intake-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state'))))).toEqual(new Set(['submitted']));

    await choose(officer, 'intake-filter-country', '泰国', true);
    await officer.waitForURL(/countryCode=TH/);
    await listSettled(officer);
    await officer.getByTestId('intake-empty').waitFor();
    await expectText(officer.getByTestId('intake-empty'), '没有符合筛选条件的申报');
    await screenshot(officer, 'intake-02-filtered-empty-zh-CN');

    // Back: the state filter alone again, and the row with it.
    await officer.goBack();
    await officer.waitForURL((url) => url.searchParams.get('state') === 'submitted' && !url.searchParams.has('countryCode'));
    expect(await rowSchools(officer)).toContain(XX1);

    await choose(officer, 'intake-filter-country', '哈萨克斯坦', true);
    await officer.waitForURL(/countryCode=KZ/);
    expect(await rowSchools(officer)).toEqual([XX1]);

    // The search waits for a pause in typing, then goes to the URL.
    await officer.getByTestId('intake-search').fill('牧野');
    await officer.waitForURL((url) => url.searchParams.get('q') === '牧野');
    expect(await rowSchools(officer)).toEqual([XX1]);
    await officer.getByTestId('intake-search').fill('不存在的学校');
    await officer.waitForURL((url) => url.searchParams.get('q') === '不存在的学校');
    await officer.getByTestId('intake-empty').waitFor();

    // A shared link opens the same list.
    const link = officer.url();
    const other = await signIn('prov.officer');
    await other.goto(link);
    await other.getByTestId('intake-empty').waitFor();
    expect(await other.getByTestId('intake-search').inputValue()).toBe('不存在的学校');
    await other.close();

    await officer.getByTestId('intake-filter-clear').click();
    await officer.waitForURL((url) => [...url.searchParams.keys()].join() === 'call');
    expect(await officer.getByTestId('intake-search').inputValue()).toBe('');
    expect(await rowSchools(officer)).toContain(XX1);
  });

  it('(c) sorts on the server by a column, the order in the URL', async () => {
    await officer.locator('th', { hasText: '学校' }).first().click();
    await officer.waitForURL((url) => url.searchParams.get('sort') === 'schoolName' && url.searchParams.get('dir') === 'asc');
    const ascending = await rowSchools(officer);
    await officer.locator('th', { hasText: '学校' }).first().click();
    await officer.waitForURL((url) => url.searchParams.get('sort') === 'schoolName' && url.searchParams.get('dir') === 'desc');
    const descending = await rowSchools(officer);
    expect([...descending].reverse()).toEqual(ascending);
    await screenshot(officer, 'intake-03-sorted-zh-CN');
  });

  it('(d) a row opens the application read-only with the sign-off bar and timeline; the way back keeps the filters', async () => {
    await choose(officer, 'intake-filter-state', '已报送省教育厅');
    await officer.waitForURL(/state=submitted/);
    const listUrl = officer.url();
    const row = officer.locator('[data-testid="intake-row"]', { hasText: RECEIPT });
    await row.getByTestId('intake-project').click();
    await officer.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    await expectText(officer.getByTestId('application-state'), '已报送');
    await officer.getByTestId('editor-readonly').waitFor();
    const actions = await officer.getByTestId('signoff-action').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['pass_formal_check']));
    await officer.getByTestId('tab-timeline').click();
    await officer.getByTestId('timeline-event').first().waitFor();
    await screenshot(officer, 'intake-04-application-zh-CN');
    await officer.screenshot({ path: join(screenshotsDir, 'intake-04b-application-head-zh-CN.png'), clip: { x: 0, y: 0, width: 1440, height: 560 } });

    await officer.getByTestId('intake-back').click();
    await officer.waitForURL(listUrl);
    expect(query(officer).get('state')).toBe('submitted');
    expect(await rowSchools(officer)).toContain(XX1);
  });

  it('(e) the decisions tab shows the review progress and nothing to publish yet', async () => {
    await officer.getByTestId('intake-tab-decisions').click();
    await officer.waitForURL(/tab=decisions/);
    await officer.getByTestId('decisions-progress').waitFor();
    await officer.mouse.move(0, 0);
    expect(await officer.getByTestId('decisions-publish').isDisabled()).toBe(true);
    await screenshot(officer, 'intake-05-decisions-zh-CN');
    await officer.getByTestId('intake-tab-list').click();
    await officer.waitForURL((url) => !url.searchParams.has('tab'));
    await officer.mouse.move(0, 0);
  });

  it('(f) exports the filtered list to Excel with its progress, and the workbook arrives', async () => {
    await listSettled(officer);
    const download = officer.waitForEvent('download', { timeout: 60_000 });
    await officer.getByTestId('intake-export').click();
    await officer.getByTestId('intake-export-progress').waitFor();
    expect(await officer.getByTestId('intake-export').isDisabled()).toBe(true);
    await screenshot(officer, 'intake-06-exporting-zh-CN');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await readFile(await file.path());
    // An .xlsx is a zip.
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await officer.locator('.ant-message', { hasText: '导出完成' }).waitFor();
    expect(await officer.getByTestId('intake-export').isDisabled()).toBe(false);
    await screenshot(officer, 'intake-07-exported-zh-CN');
  });

  it('(f2) downloads the filtered list’s forms as one zip holding each application’s PDF and Word file', async () => {
    await listSettled(officer);
    await officer.getByTestId('intake-zip-format').click();
    await officer.locator('nz-option-item', { hasText: 'PDF 和 Word' }).click();
    const download = officer.waitForEvent('download', { timeout: 60_000 });
    await officer.getByTestId('intake-zip').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^大河工坊-申报书-\d{4}\.zip$/);
    const zip = await JSZip.loadAsync(await readFile(await file.path()));
    expect(Object.keys(zip.files).sort()).toEqual([`${RECEIPT}-新乡牧野职业技术学院.docx`, `${RECEIPT}-新乡牧野职业技术学院.pdf`]);
    const pdf = await zip.file(`${RECEIPT}-新乡牧野职业技术学院.pdf`)!.async('nodebuffer');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await officer.locator('.ant-message', { hasText: '下载完成' }).waitFor();
    await screenshot(officer, 'intake-07b-zip-downloaded-zh-CN');
  });

  it('(g) reads in English too', async () => {
    await officer.evaluate(() => localStorage.setItem('dahe.lang', 'en'));
    await officer.reload();
    await expectText(officer.getByTestId('intake-total'), 'in all');
    await expectText(officer.locator('[data-testid="intake-row"]', { hasText: RECEIPT }), 'Kazakhstan');
    await screenshot(officer, 'intake-08-list-en');
    await officer.evaluate(() => localStorage.setItem('dahe.lang', 'zh-CN'));
  });

  it('logs no console errors', () => {
    expect(consoleErrors()).toEqual([]);
  });
});
