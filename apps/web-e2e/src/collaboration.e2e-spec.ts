import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { collectConsoleErrors, screenshot, screenshotsDir } from './browser';
import { DEMO_PASSWORD as PASSWORD, e2eSuite } from './session';

const SCHOOL = '郑州黄河职业技术学院';
const SECTION = 'school_foundation';

/**
 * The 申报书 editor's collaboration panels in the browser, against the built app and the demo seed:
 * evidence upload with real progress and the server's refusals, a section's history with a diff and a
 * restore, and a comment thread with an @mention, resolved and reopened. All through the editor page
 * at /applications/:id, where the panels sit in the side bar's tabs.
 */
describe('collaboration panels of the editor in Chromium', () => {
  const { app, browser, newPage, logIn, consoleErrors } = e2eSuite({ viewport: { width: 1360, height: 1000 } });
  let context: BrowserContext;
  let page: Page;
  let token = '';
  let applicationId = '';
  let citedItemId = '';
  const versionTexts: string[] = [];

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${app().baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function openTab(tab: 'history' | 'comments' | 'evidence'): Promise<void> {
    await page.getByTestId(`tab-${tab}`).click();
    await page.getByTestId(tab === 'history' ? 'section-history' : tab === 'comments' ? 'section-comments' : 'evidence-panel').waitFor();
  }

  /** A crop of the side panel, to look at the panel itself at full size. */
  async function panelShot(name: string): Promise<void> {
    await page.locator('aside.side').screenshot({ path: join(screenshotsDir, `${name}.png`) });
  }

  beforeAll(async () => {
    const login = await fetch(`${app().baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 's1.contact', password: PASSWORD }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    const list = await api<{ id: string; organisationName: string; state: string }[]>('GET', '/api/applications');
    const draft = list.body.find((a) => a.organisationName === SCHOOL && a.state === 'draft');
    expect(draft).toBeDefined();
    applicationId = draft!.id;

    // Two more saves of 2.1 by the contact, so that the history has three versions.
    const section = await api<{ content: { text: string }; version: number }>('GET', `/api/applications/${applicationId}/sections/${SECTION}`);
    expect(section.body.version).toBe(1);
    versionTexts.push(section.body.content.text);
    versionTexts.push(section.body.content.text.replace('现有专业48个', '现有专业52个') + '\n学校牵头成立“黄河职教出海联盟”。');
    versionTexts.push(versionTexts[1]!.replace('在校生2.1万人', '在校生2.3万人'));
    for (const [index, text] of versionTexts.slice(1).entries()) {
      const saved = await api<{ version: number }>('PUT', `/api/applications/${applicationId}/sections/${SECTION}`, { content: { text }, version: index + 1 });
      expect(saved).toEqual({ status: 200, body: { version: index + 2 } });
    }

    // An item already cited by 2.2, which the panel must refuse to remove (and say why).
    const form = new FormData();
    form.append('category', 'skills_training');
    form.append('title', '泰国技能培训签到表');
    form.append('isAgreement', 'false');
    form.append('files', new Blob([new Uint8Array(pdf('sign-in sheet'))], { type: 'application/pdf' }), '签到表.pdf');
    const uploaded = await fetch(`${app().baseUrl}/api/applications/${applicationId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(uploaded.status).toBe(201);
    citedItemId = ((await uploaded.json()) as { id: string }).id;
    const cited = await api('PUT', `/api/applications/${applicationId}/sections/partner_profile`, { content: { text: `合作企业的培训情况见〔佐证:${citedItemId}〕。` }, version: 0 });
    expect(cited.status).toBe(200);

    page = await newPage();
    context = page.context();
    await logIn(page, 's1.contact');
    await page.goto(`${app().baseUrl}/applications/${applicationId}`);
    await page.getByTestId('side-tabs').waitFor();
  });

  it('(a) uploads a small PDF as a cooperation agreement and shows its size and digests', async () => {
    await openTab('evidence');
    const panel = page.getByTestId('evidence-panel');
    // Every category is listed; the pre-loaded item sits under 技能培训.
    expect(await panel.getByTestId('evidence-group').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-category')))).toEqual([
      'degree',
      'skills_training',
      'tech_service',
      'research',
      'equipment_export',
      'cultural_exchange',
    ]);
    await expectText(panel.locator('[data-testid="evidence-group"][data-category="skills_training"]'), '泰国技能培训签到表');

    await panel.getByTestId('evidence-add').click();
    const submit = panel.getByTestId('evidence-submit');
    expect(await submit.isDisabled()).toBe(true);
    await expectText(panel.getByTestId('evidence-upload-form'), '请选择材料类别');
    await chooseCategory(panel.getByTestId('evidence-category'), '学历培养');
    await panel.getByTestId('evidence-title').fill('与哈萨克斯坦阿拉木图学院合作协议');
    await panel.getByTestId('evidence-agreement').click();

    // The client's first check: a Word file is refused before anything is sent.
    await panel.getByTestId('evidence-files').setInputFiles({ name: '建设方案.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\u0003\u0004') });
    await expectText(panel.getByTestId('evidence-file-problem'), '“建设方案.docx”不是 PDF、JPEG 或 PNG 文件');
    expect(await submit.isDisabled()).toBe(true);
    await panel.locator('[data-testid="evidence-chosen-file"] button').click();

    const agreement = pdf('Cooperation agreement between the school and Almaty College');
    await panel.getByTestId('evidence-files').setInputFiles({ name: '合作协议.pdf', mimeType: 'application/pdf', buffer: agreement });
    expect(await panel.getByTestId('evidence-file-problem').count()).toBe(0);
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();

    const item = panel.locator('[data-testid="evidence-item"][data-title="与哈萨克斯坦阿拉木图学院合作协议"]');
    await item.waitFor();
    expect(await item.getAttribute('data-agreement')).toBe('true');
    expect(await panel.locator('[data-testid="evidence-group"][data-category="degree"] [data-testid="evidence-item"]').count()).toBe(1);
    await expectText(item.getByTestId('evidence-agreement-tag'), '合作协议');
    await expectText(item.getByTestId('evidence-size'), agreement.length < 1024 ? `${agreement.length} B` : `${(agreement.length / 1024).toFixed(1)} KB`);
    const sha256 = createHash('sha256').update(agreement).digest('hex');
    const sm3 = createHash('sm3').update(agreement).digest('hex');
    await expectText(item.getByTestId('evidence-sha256'), `${sha256.slice(0, 8)}…${sha256.slice(-6)}`);
    await expectText(item.getByTestId('evidence-sm3'), `${sm3.slice(0, 8)}…${sm3.slice(-6)}`);

    // The download link gives back the very bytes, under the Chinese name.
    const href = await item.getByTestId('evidence-download').getAttribute('href');
    const download = await page.request.get(`${app().baseUrl}${href}`);
    expect(download.status()).toBe(200);
    expect(Buffer.compare(await download.body(), agreement)).toBe(0);
    expect(download.headers()['content-disposition']).toContain(encodeURIComponent('合作协议.pdf'));

    // Copying a digest puts the whole digest on the clipboard.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app().baseUrl });
    await item.getByTestId('evidence-sha256').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sha256);
    await page.mouse.move(0, 0);
    await settle(page);
    await screenshot(page, 'collab-evidence-zh-CN');
    await panelShot('collab-evidence-panel-zh-CN');
  });

  it('(b) shows real progress for a multi-MB PDF', async () => {
    const panel = page.getByTestId('evidence-panel');
    const big = pdf('Scanned training records', 6 * 1024 * 1024);
    // A slow uplink (Chromium's network emulation), so the upload takes a few seconds and its progress
    // can be seen.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1.5 * 1024 * 1024 });

    await panel.getByTestId('evidence-add').click();
    await chooseCategory(panel.getByTestId('evidence-category'), '技能培训');
    await panel.getByTestId('evidence-title').fill('2024年海外学员培训记录（扫描件）');
    await panel.getByTestId('evidence-files').setInputFiles({ name: '培训记录.pdf', mimeType: 'application/pdf', buffer: big });
    await expectText(panel.getByTestId('evidence-chosen'), '6.0 MB');
    await panel.getByTestId('evidence-submit').click();

    const progress = panel.getByTestId('evidence-progress');
    await progress.waitFor();
    const seen = new Set<number>();
    let shot = false;
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline && (await progress.count()) > 0) {
      const percent = Number((await progress.getAttribute('data-percent').catch(() => null)) ?? NaN);
      if (!Number.isNaN(percent)) seen.add(percent);
      if (!shot && percent >= 30 && percent < 90) {
        await expectText(progress, /正在上传 \d+%（[\d.]+ MB \/ 6\.0 MB）/);
        await panelShot('collab-evidence-progress-zh-CN');
        shot = true;
      }
      await page.waitForTimeout(100);
    }
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    const between = [...seen].filter((p) => p > 0 && p < 100);
    expect(between.length).toBeGreaterThanOrEqual(3);
    expect(shot).toBe(true);
    const item = panel.locator('[data-testid="evidence-item"][data-title="2024年海外学员培训记录（扫描件）"]');
    await item.waitFor();
    await expectText(item.getByTestId('evidence-size'), '6.0 MB');
    await expectText(panel.getByTestId('evidence-usage'), '已用 6.0 MB');
  });

  it('(c) shows the server’s refusal of a file that only pretends to be a PDF, and of removing a cited item', async () => {
    const panel = page.getByTestId('evidence-panel');
    await panel.getByTestId('evidence-add').click();
    await chooseCategory(panel.getByTestId('evidence-category'), '技术服务');
    await panel.getByTestId('evidence-title').fill('技术服务合同');
    // Named .pdf and typed application/pdf, so it passes the client's check: the server reads the bytes.
    await panel.getByTestId('evidence-files').setInputFiles({ name: '伪装的合同.pdf', mimeType: 'application/pdf', buffer: Buffer.from('This is a plain text file, not a PDF.\n') });
    expect(await panel.getByTestId('evidence-file-problem').count()).toBe(0);
    await panel.getByTestId('evidence-submit').click();
    const error = panel.getByTestId('evidence-upload-error');
    await expectText(error, '服务器拒收：“伪装的合同.pdf”的内容不是真正的 PDF、JPEG 或 PNG 文件');
    await expectText(error, 'is not a PDF, JPEG or PNG file');
    expect(await panel.locator('[data-testid="evidence-item"][data-title="技术服务合同"]').count()).toBe(0);
    await settle(page);
    await panelShot('collab-evidence-refused-zh-CN');
    await panel.getByTestId('evidence-cancel').click();

    // The item cited in 2.2 stays, and the panel says where it is cited.
    const cited = panel.locator(`[data-testid="evidence-item"][data-id="${citedItemId}"]`);
    await cited.getByTestId('evidence-remove').click();
    await page.getByTestId('evidence-remove-confirm').waitFor();
    await page.getByTestId('evidence-remove-confirm-ok').click();
    await expectText(cited.getByTestId('evidence-item-error'), '不能删除：该材料正被 2.2 合作单位简介 引用');
    expect((await api<unknown[]>('GET', `/api/applications/${applicationId}/evidence`)).body).toHaveLength(3);
    await settle(page);
    await panelShot('collab-evidence-cited-zh-CN');

    // Renaming goes through PATCH; the title changes in place.
    await cited.getByTestId('evidence-edit').click();
    await cited.getByTestId('evidence-edit-title').fill('泰国技能培训签到表（2024年）');
    await cited.getByTestId('evidence-edit-save').click();
    await expectText(cited.locator('.item-title'), '泰国技能培训签到表（2024年）');
    const after = await api<{ id: string; title: string }[]>('GET', `/api/applications/${applicationId}/evidence`);
    expect(after.body.find((i) => i.id === citedItemId)?.title).toBe('泰国技能培训签到表（2024年）');
  });

  it('(c2) cites an item into the text field that had the focus', async () => {
    const text = page.locator('[data-testid="section-purpose_goals"] [data-testid="narrative-text"]');
    await text.click();
    await text.pressSequentially('培养目标见');
    await openTab('evidence');
    const agreement = page.locator('[data-testid="evidence-item"][data-title="与哈萨克斯坦阿拉木图学院合作协议"]');
    const id = await agreement.getAttribute('data-id');
    await agreement.getByTestId('evidence-cite').click();
    await expectValue(text, `培养目标见〔佐证:${id}〕`);
  });

  it('(d) lists the versions of a section, shows a diff of any two, and restores an old one as a new version', async () => {
    await page.getByTestId(`outline-${SECTION}`).click();
    await openTab('history');
    const history = page.getByTestId('section-history');
    expect(await history.getAttribute('data-section')).toBe(SECTION);
    const versions = history.getByTestId('history-version');
    await waitForCount(versions, 3);
    expect(await versions.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-version')))).toEqual(['3', '2', '1']);
    await expectText(versions.first(), '黄丽（项目联系人）');
    // Beijing time, as the API's savedAt says.
    const saved = await api<{ version: number; savedAt: string }[]>('GET', `/api/applications/${applicationId}/sections/${SECTION}/history`);
    await expectText(versions.first(), beijing(saved.body.find((v) => v.version === 3)!.savedAt));

    // By default the newest against the one before: 2.1万 → 2.3万.
    const diff = history.getByTestId('history-diff');
    await diff.waitFor();
    expect([await diff.getAttribute('data-from'), await diff.getAttribute('data-to')]).toEqual(['2', '3']);
    expect(await diff.locator('del').allInnerTexts()).toEqual(['1']);
    expect(await diff.locator('ins').allInnerTexts()).toEqual(['3']);

    // Any two: v1 against v3 shows both edits and the added paragraph.
    await history.getByTestId('history-from').click();
    await page.locator('.ant-select-item-option[title^="v1 ·"]').filter({ visible: true }).click();
    await expectAttr(diff, 'data-from', '1');
    expect(await diff.locator('del').allInnerTexts()).toEqual(['48', '1']);
    const inserted = await diff.locator('ins').allInnerTexts();
    expect(inserted[0]).toBe('52');
    expect(inserted.join('')).toContain('学校牵头成立“黄河职教出海联盟”。');
    await expectText(diff.getByTestId('history-inserted'), /新增 \d+ 字/);
    await settle(page);
    await screenshot(page, 'collab-history-zh-CN');
    await panelShot('collab-history-panel-zh-CN');

    // Restore v1: asked first, then a new version 4 with v1's text.
    await history.locator('[data-testid="history-version"][data-version="1"] [data-testid="history-restore"]').click();
    const confirm = page.getByTestId('history-confirm');
    await confirm.waitFor();
    await expectText(confirm, '恢复为新的版本 v4');
    await settle(page);
    // The viewport, where the dialog is (a full-page shot would stretch its backdrop oddly).
    await page.screenshot({ path: join(screenshotsDir, 'collab-history-restore-confirm-zh-CN.png') });
    await page.getByTestId('history-restore-confirm').click();
    await confirm.waitFor({ state: 'detached' });
    await waitForCount(versions, 4);
    await expectAttr(diff, 'data-to', '4');
    // The editor took the restored version in (the `restored` output).
    await expectValue(page.locator(`[data-testid="section-${SECTION}"] [data-testid="narrative-text"]`), versionTexts[0]!);
    const now = await api<{ content: { text: string }; version: number }>('GET', `/api/applications/${applicationId}/sections/${SECTION}`);
    expect(now.body).toMatchObject({ version: 4, content: { text: versionTexts[0] } });
    // The restore is a new version; nothing of the history was rewritten.
    const all = await api<{ version: number; content: { text: string } }[]>('GET', `/api/applications/${applicationId}/sections/${SECTION}/history`);
    expect(all.body.map((v) => [v.version, v.content.text])).toEqual([
      [4, versionTexts[0]],
      [3, versionTexts[2]],
      [2, versionTexts[1]],
      [1, versionTexts[0]],
    ]);
    // Restoring v1 as v4 undid v2 and v3: the diff v1 → v4 is empty.
    await history.locator('[data-testid="history-version"][data-version="4"] .version-main').click();
    await expectAttr(diff, 'data-from', '3');
    await history.getByTestId('history-from').click();
    await page.locator('.ant-select-item-option[title^="v1 ·"]').filter({ visible: true }).click();
    await expectText(diff.getByTestId('history-same'), '两个版本内容相同');
  });

  it('(e) starts a thread with an @mention, replies, resolves and reopens it', async () => {
    await openTab('comments');
    const comments = page.getByTestId('section-comments');
    expect(await comments.getAttribute('data-section')).toBe(SECTION);
    await expectText(comments.getByTestId('comments-empty'), '本部分还没有讨论');
    const box = comments.getByTestId('comment-new-body');
    await box.click();
    await box.pressSequentially('请 @吴');
    const option = comments.locator('[data-testid="mention-option"][data-user="s1.drafter"]');
    await option.waitFor();
    expect(await comments.getByTestId('mention-option').count()).toBe(1);
    await settle(page);
    await panelShot('collab-comments-mention-zh-CN');
    await box.press('Enter');
    await box.pressSequentially('补充近三年海外学员人数。<b>不是加粗</b>');
    expect(await box.inputValue()).toBe('请 @吴强（起草人） 补充近三年海外学员人数。<b>不是加粗</b>');
    await comments.getByTestId('comment-new-submit').click();

    const thread = comments.locator('[data-testid="comment-thread"][data-state="open"]');
    await thread.waitFor();
    await expectText(thread.getByTestId('comment-mention'), '@吴强（起草人）');
    // Rendered as text: the tags are shown, not applied.
    await expectText(thread.getByTestId('comment-body'), '<b>不是加粗</b>');
    expect(await thread.locator('[data-testid="comment-body"] b').count()).toBe(0);
    expect(await box.inputValue()).toBe('');
    const members = await api<{ userId: string; username: string }[]>('GET', `/api/organisations/${await orgId()}/members`);
    const drafter = members.body.find((m) => m.username === 's1.drafter')!.userId;
    const stored = await api<{ body: string; mentions: string[] }[]>('GET', `/api/applications/${applicationId}/sections/${SECTION}/comments`);
    expect(stored.body).toEqual([expect.objectContaining({ body: '请 @吴强（起草人） 补充近三年海外学员人数。<b>不是加粗</b>', mentions: [drafter] })]);

    await thread.getByTestId('comment-reply').click();
    await comments.getByTestId('comment-reply-body').fill('好的，数据已核对。');
    await comments.getByTestId('comment-reply-submit').click();
    await expectText(thread.getByTestId('comment-reply'), '好的，数据已核对。');
    await settle(page);
    await panelShot('collab-comments-thread-zh-CN');

    // Resolved: collapsed to one line under 已解决.
    await thread.getByTestId('comment-resolve').click();
    const resolved = comments.locator('[data-testid="comment-thread"][data-state="resolved"]');
    await resolved.waitFor();
    expect(await comments.locator('[data-testid="comment-thread"][data-state="open"]').count()).toBe(0);
    expect(await resolved.getByTestId('comment-body').count()).toBe(0);
    await expectText(resolved.getByTestId('comment-expand'), '1 条回复');
    await expectText(comments, '已解决的讨论（1）');
    await settle(page);
    await panelShot('collab-comments-resolved-zh-CN');
    const afterResolve = await api<{ threadId: string | null; resolvedAt?: string }[]>('GET', `/api/applications/${applicationId}/sections/${SECTION}/comments`);
    expect(afterResolve.body.find((c) => c.threadId === null)?.resolvedAt).toBeDefined();

    await resolved.getByTestId('comment-expand').click();
    await expectText(resolved.getByTestId('comment-body').first(), '补充近三年海外学员人数');
    await resolved.getByTestId('comment-reopen').click();
    await comments.locator('[data-testid="comment-thread"][data-state="open"]').waitFor();
    expect(await comments.locator('[data-testid="comment-thread"][data-state="resolved"]').count()).toBe(0);
    const afterReopen = await api<{ threadId: string | null; resolvedAt?: string }[]>('GET', `/api/applications/${applicationId}/sections/${SECTION}/comments`);
    expect(afterReopen.body.find((c) => c.threadId === null)?.resolvedAt).toBeUndefined();
  });

  it('(f) reads in English', async () => {
    await page.getByTestId('lang-switch').click();
    const comments = page.getByTestId('section-comments');
    await expectText(comments.locator('h3'), 'Comments');
    await expectText(comments.getByTestId('comment-resolve'), 'Resolve');
    await openTab('evidence');
    const panel = page.getByTestId('evidence-panel');
    await expectText(panel.locator('[data-testid="evidence-group"][data-category="equipment_export"]'), 'Resources / standards / equipment export');
    await expectText(panel.getByTestId('evidence-usage'), 'used of 200 MB');
    await settle(page);
    await screenshot(page, 'collab-evidence-en');
    await panelShot('collab-evidence-panel-en');
    await openTab('history');
    await expectText(page.getByTestId('section-history').locator('h3'), 'History');
    await settle(page);
    await panelShot('collab-history-panel-en');
    await page.getByTestId('lang-switch').click();
  });

  it('(g) offers a viewer no upload, change or restore, but the files, digests and comments', async () => {
    const viewer = await browser().newContext({ viewport: { width: 1360, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const other = await viewer.newPage();
      const errors = collectConsoleErrors(other);
      await logIn(other, 's1.viewer');
      await other.goto(`${app().baseUrl}/applications/${applicationId}`);
      await other.getByTestId('tab-evidence').click();
      const panel = other.getByTestId('evidence-panel');
      await waitForCount(panel.getByTestId('evidence-item'), 3);
      for (const control of ['evidence-add', 'evidence-edit', 'evidence-remove', 'evidence-toggle-agreement', 'evidence-cite']) {
        expect(await panel.getByTestId(control).count()).toBe(0);
      }
      expect(await panel.getByTestId('evidence-download').count()).toBe(3);
      expect(await panel.getByTestId('evidence-sm3').count()).toBe(3);
      await other.getByTestId(`outline-${SECTION}`).click();
      await other.getByTestId('tab-history').click();
      await waitForCount(other.getByTestId('history-version'), 4);
      expect(await other.getByTestId('history-restore').count()).toBe(0);
      await other.getByTestId('tab-comments').click();
      await other.locator('[data-testid="comment-thread"][data-state="open"]').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await viewer.close();
    }
  });

  it('logged no errors in the page (refused requests aside, which the panels explain)', () => {
    expect(consoleErrors(/Failed to load resource: the server responded with a status of (400|409)/)).toEqual([]);
  });

  async function orgId(): Promise<string> {
    return (await api<{ orgId: string }>('GET', `/api/applications/${applicationId}`)).body.orgId;
  }

  async function chooseCategory(select: Locator, label: string): Promise<void> {
    await select.click();
    await page.locator(`.ant-select-item-option[title="${label}"]`).filter({ visible: true }).click();
    await expectText(select, label);
  }
});

/**
 * A real PDF: header, catalog, one page with a line of text, cross-reference table and trailer with
 * correct byte offsets. `padding` adds a stream of that many bytes (a scanned document's weight).
 */
function pdf(text: string, padding = 0): Buffer {
  const content = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]!.length;
  const add = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  objects.forEach((body, i) => {
    offsets.push(length);
    add(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
  });
  if (padding > 0) {
    offsets.push(length);
    add(Buffer.from(`6 0 obj\n<< /Length ${padding} >>\nstream\n`, 'latin1'));
    add(Buffer.alloc(padding, 0x20));
    add(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  }
  const xref = length;
  const count = offsets.length + 1;
  add(Buffer.from(`xref\n0 ${count}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`, 'latin1'));
  add(Buffer.from(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** An instant as the panels show it in zh-CN: Beijing wall-clock time. */
function beijing(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}

function settle(page: Page): Promise<void> {
  return page.waitForTimeout(400);
}

async function waitForCount(locator: Locator, count: number): Promise<void> {
  const deadline = Date.now() + 10000;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = await locator.count();
    if (seen === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${count} elements, saw ${seen}`);
}

async function expectValue(locator: Locator, expected: string): Promise<void> {
  const deadline = Date.now() + 10000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = await locator.inputValue();
    if (seen === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected the value "${expected}", saw "${seen}"`);
}

async function expectAttr(locator: Locator, name: string, value: string): Promise<void> {
  const deadline = Date.now() + 10000;
  let seen: string | null = null;
  while (Date.now() < deadline) {
    seen = await locator.getAttribute(name);
    if (seen === value) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${name}="${value}", saw "${seen}"`);
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
