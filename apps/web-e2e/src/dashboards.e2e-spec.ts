import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { CallDto, ProvinceDashboardDto, SchoolHomeDto, SupervisorDashboardDto } from '@dahe/shared/contracts';
import { screenshot } from './browser';
import { e2eSuite } from './session';

/**
 * The dashboards in Chromium against the built app and the demo seed: the province officer's 数据看板 (cards,
 * every chart with its table, the numbers checked against the API's JSON, the supervising unit / city switch,
 * copying a table), the supervising units' workspaces (what waits for approval, their schools), and the
 * schools' home (applications with their sections, whom they wait for). Full-page screenshots of each.
 */
describe('dashboards in Chromium', () => {
  const { signIn, api, expectText, consoleErrors } = e2eSuite({
    setUpContext: (context, app) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl }),
  });

  /** The table's body as text cells, row by row. */
  async function tableRows(page: Page, testId: string): Promise<string[][]> {
    return page
      .getByTestId(testId)
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => Array.from(row.children).map((cell) => (cell.textContent ?? '').trim())));
  }

  /** Lets the charts' short entry animation finish before a screenshot. */
  const settle = (page: Page) => page.waitForTimeout(600);

  it('(a) the province officer’s dashboard: cards, charts with tables that agree with the API, the switch, copying', async () => {
    const officer = await signIn('prov.officer');
    const loaded = officer.waitForResponse((response) => /\/api\/calls\/[^/]+\/dashboard$/.test(new URL(response.url()).pathname) && response.status() === 200);
    await officer.getByRole('link', { name: '数据看板' }).click();
    await officer.waitForURL(/\/province\/dashboard$/);
    const dto = (await (await loaded).json()) as ProvinceDashboardDto;
    // The same figures when asked again through the API (nothing changed in between).
    const again = await api<ProvinceDashboardDto>(officer, `/api/calls/${dto.callId}/dashboard`);
    expect(again.byState).toEqual(dto.byState);
    const calls = await api<CallDto[]>(officer, '/api/calls');
    expect(calls.map((c) => c.id)).toContain(dto.callId);

    const sum = (items: { count: number }[]) => items.reduce((n, item) => n + item.count, 0);
    await expectText(officer.getByTestId('card-received'), String(sum(dto.bySupervisor)));
    await expectText(officer.getByTestId('card-drafts'), String(sum(dto.draftCompleteness)));

    // Every chart: drawn on a canvas (or marked empty), an image with its numbers as its name, a table beside it.
    const panels = officer.locator('dahe-chart-panel');
    await expect(panels.count()).resolves.toBe(9);
    for (const id of ['funnel', 'byGroup', 'bySchoolType', 'byCooperationForm', 'byCountry', 'perDay', 'completeness', 'review', 'scores']) {
      const panel = officer.locator(`[data-chart="${id}"]`);
      await panel.waitFor();
      const image = panel.locator('.chart-image[role="img"]');
      expect(await image.getAttribute('aria-label')).toMatch(/\S+：\S/);
      if ((await panel.locator('dahe-echart').count()) > 0) await panel.locator('dahe-echart canvas').first().waitFor();
      expect(await panel.getByTestId(`table-${id}`).locator('thead th').count()).toBeGreaterThan(1);
    }

    // The funnel's table: every state's count as the API says, in the workflow's order, drafts first.
    const funnelRows = await tableRows(officer, 'table-funnel');
    expect(funnelRows.map((row) => Number(row[1]))).toEqual(
      ['draft', 'awaiting_signature', 'signed', 'submitted', 'returned', 'formal_check_passed', 'expert_review', 'approved', 'rejected', 'withdrawn']
        .map((state) => dto.byState.find((s) => s.key === state))
        .filter((s) => s !== undefined)
        .map((s) => s.count),
    );
    expect(funnelRows[0]?.[0]).toBe('草稿');
    const aria = await officer.locator('[data-chart="funnel"] .chart-image').getAttribute('aria-label');
    expect(aria).toContain(`草稿 ${dto.byState.find((s) => s.key === 'draft')?.count ?? 0}`);

    // By supervising unit, then switched to cities.
    const bySupervisor = await tableRows(officer, 'table-byGroup');
    expect(bySupervisor.map((row) => [row[0], Number(row[1])]).sort()).toEqual(dto.bySupervisor.map((s) => [s.label, s.count]).sort());
    await officer.getByTestId('dash-group-by').getByText('城市').click();
    await expectText(officer.getByTestId('table-byGroup').locator('thead'), '城市');
    const byCity = await tableRows(officer, 'table-byGroup');
    expect(byCity.map((row) => Number(row[1])).reduce((a, b) => a + b, 0)).toBe(sum(dto.byCity));

    // Countries carry Chinese names; the per-day table lists the receipt days with the running total.
    const countries = await tableRows(officer, 'table-byCountry');
    expect(countries.length).toBe(dto.byCountry.length);
    for (const row of countries) expect(row[1]).toMatch(/[\u4e00-\u9fff]/);
    const perDay = await tableRows(officer, 'table-perDay');
    expect(perDay.filter((row) => row.length === 3).map((row) => [row[0], Number(row[1]), Number(row[2])])).toEqual(dto.submissionsPerDay.map((d) => [d.day, d.count, d.cumulative]));
    const review = await tableRows(officer, 'table-review');
    expect(review.map((row) => [Number(row[1]), Number(row[2])])).toEqual([
      [dto.review.assignments, dto.review.submitted],
      [dto.review.applications, dto.review.fullyScored],
    ]);

    // 复制: the funnel's table as tab-separated text.
    await officer.getByTestId('copy-funnel').click();
    const copied = await officer.evaluate(() => navigator.clipboard.readText());
    expect(copied.split('\n')[0]).toBe('状态\t数量\t占比');
    expect(copied.split('\n')[1]).toBe(funnelRows[0]!.join('\t'));

    // Refresh keeps the page and asks again.
    const refreshed = officer.waitForResponse((response) => response.url().endsWith(`/api/calls/${dto.callId}/dashboard`));
    await officer.getByTestId('dash-refresh').click();
    expect((await refreshed).status()).toBe(200);

    await settle(officer);
    await screenshot(officer, 'dashboards-01-province-zh-CN');

    await officer.getByTestId('lang-switch').click();
    await expectText(officer.locator('[data-chart="funnel"] .panel-title'), 'Applications by state');
    await expectText(officer.getByTestId('table-funnel'), 'Draft');
    await settle(officer);
    await screenshot(officer, 'dashboards-02-province-en');
    await officer.getByTestId('lang-switch').click();
  });

  it('(b) a supervising unit’s workspace: countdown, what waits for its approval, its schools and their states', async () => {
    const reviewer = await signIn('ly.reviewer');
    const dashboard = reviewer.getByTestId('supervisor-dashboard');
    await dashboard.waitFor();
    const calls = await api<CallDto[]>(reviewer, '/api/calls');
    const callId = calls.find((c) => c.status === 'open')?.id ?? calls[0]!.id;
    const dto = await api<SupervisorDashboardDto>(reviewer, `/api/supervisor/dashboard?callId=${callId}`);
    await reviewer.getByTestId('sup-deadline').waitFor();
    await expectText(reviewer.getByTestId('sup-waiting-count'), String(dto.waiting.length));
    expect(dto.waiting.length).toBeGreaterThan(0);
    const waitingRows = reviewer.getByTestId('sup-waiting-row');
    await expect(waitingRows.count()).resolves.toBe(dto.waiting.length);
    await expectText(waitingRows.first(), dto.waiting[0]!.schoolName);
    expect(await reviewer.getByTestId('sup-waiting-open').first().getAttribute('href')).toBe(`/applications/${dto.waiting[0]!.id}/sign`);
    // Every school is listed, with an application row each or "no application yet".
    for (const school of dto.schools) {
      const rows = reviewer.locator(`[data-school="${school.schoolName}"]`);
      await expect(rows.count()).resolves.toBe(Math.max(1, school.applications.length));
    }
    for (const count of dto.byState.filter((s) => s.count > 0)) {
      await expectText(reviewer.locator(`[data-testid="sup-by-state"] [data-state="${count.key}"]`), String(count.count));
    }
    await screenshot(reviewer, 'dashboards-03-supervisor-ly-zh-CN');

    // The approval opens on the signing page, as from the to-do list.
    await reviewer.getByTestId('sup-waiting-open').first().click();
    await reviewer.waitForURL(new RegExp(`/applications/${dto.waiting[0]!.id}/sign$`));

    const zz = await signIn('zz.reviewer');
    await zz.getByTestId('supervisor-dashboard').waitFor();
    await zz.getByTestId('sup-schools').waitFor();
    const zzDto = await api<SupervisorDashboardDto>(zz, `/api/supervisor/dashboard?callId=${callId}`);
    await expectText(zz.getByTestId('sup-waiting-count'), String(zzDto.waiting.length));
    for (const school of zzDto.schools) await zz.locator(`[data-school="${school.schoolName}"]`).first().waitFor();
    await screenshot(zz, 'dashboards-04-supervisor-zz-zh-CN');
  });

  it('(c) the school home: applications with state, deadline, sections and who has them, whom they wait for', async () => {
    for (const [username, shot] of [
      ['s1.admin', 'dashboards-05-school-s1-zh-CN'],
      ['zz2.contact', 'dashboards-06-school-zz2-zh-CN'],
    ] as const) {
      const page = await signIn(username);
      await page.getByTestId('school-home').waitFor();
      const dto = await api<SchoolHomeDto>(page, '/api/school/home');
      expect(dto.applications.length).toBeGreaterThan(0);
      const cards = page.getByTestId('home-application');
      await cards.first().waitFor();
      await expect(cards.count()).resolves.toBe(dto.applications.length);
      for (const application of dto.applications) {
        const card = page.locator(`[data-testid="home-application"][data-id="${application.id}"]`);
        expect(await card.getAttribute('data-state')).toBe(application.state);
        const filled = application.sections.filter((s) => s.filled).length;
        await expectText(card.getByTestId('home-progress'), `已填 ${filled}/${application.sections.length} 节`);
        expect(await card.locator('[data-testid="home-section"][data-filled="true"]').count()).toBe(filled);
        await expectText(card.locator('[data-testid="home-section"][data-key="school_foundation"]'), '2.1 学校办学基础');
        if (application.waitingFor) await expectText(card.getByTestId('home-waiting'), application.waitingFor.organisationName);
        expect(await card.getByTestId('home-open').getAttribute('href')).toBe(`/applications/${application.id}`);
      }
      // Schools get no new navigation item (the identity suite checks theirs).
      expect(await page.getByRole('link', { name: '数据看板' }).count()).toBe(0);
      await screenshot(page, shot);
    }
  });

  it('logs no errors in the browser', () => {
    expect(consoleErrors()).toEqual([]);
  });
});
