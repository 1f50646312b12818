import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { creditCodeCheckChar } from '@dahe/shared/contracts';
import { screenshot } from './browser';
import { DEMO_PASSWORD as PASSWORD, e2eSuite } from './session';
import { totpCode } from './totp';

const SCHOOL = '郑州黄河职业技术学院';
const INVITE_LINK = /^http:\/\/localhost:\d+\/invite\/[A-Za-z0-9_-]{43}$/;
const NEW_UNIT = '开封市教育局';
const NEW_SCHOOLS = ['开封文化艺术职业学院', '开封市中等专业学校'];

/**
 * Identity and organisations in the browser, against the built app (with 2FA required for the admin
 * roles, as outside the demo): a school admin invites, the invitee joins, the system admin enrols a
 * second factor and imports schools, the security admin lifts a lock-out.
 */
describe('identity and organisations in Chromium', () => {
  const { app, newPage, logIn: signIn, consoleErrors } = e2eSuite({ viewport: { width: 1280, height: 800 }, env: { DAHE_REQUIRE_2FA: 'true' } });
  let workDir: string;
  let schoolAdmin: Page;
  let invitationLink = '';

  /** Enrols a second factor through the page, as someone who must; answers the recovery codes. */
  async function enrolTotp(page: Page, shots?: string): Promise<string[]> {
    await page.getByTestId('totp-required').waitFor();
    if (shots) await screenshot(page, `${shots}-required-zh-CN`);
    await page.getByTestId('totp-start').click();
    const qr = page.getByTestId('totp-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    if (shots) {
      // A wrong code first: said in place, and the page stays.
      await page.getByTestId('totp-code').fill('000000');
      await page.getByTestId('totp-enable').click();
      await expectText(page.getByTestId('totp-error'), '验证码不正确');
      await screenshot(page, `${shots}-setup-zh-CN`);
    }
    await page.getByTestId('totp-code').fill(totpCode(secret));
    await page.getByTestId('totp-enable').click();
    const codes = page.locator('[data-testid="recovery-codes"] li');
    await codes.first().waitFor();
    const recoveryCodes = (await codes.allInnerTexts()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    await expectText(page.getByTestId('recovery-warning'), '只显示这一次');
    if (shots) await screenshot(page, `${shots}-recovery-codes-zh-CN`);
    expect(await page.getByTestId('recovery-done').isDisabled()).toBe(true);
    await page.getByTestId('recovery-saved').click();
    await page.getByTestId('recovery-done').click();
    await page.waitForURL(/\/workspace$/);
    return recoveryCodes;
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'dahe-identity-'));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('(a) a school admin signs in, opens the members and invites a drafter by e-mail', async () => {
    schoolAdmin = await newPage();
    const page = schoolAdmin;
    await signIn(page, 's1.admin');
    await expectText(page.getByTestId('active-org'), SCHOOL);
    // The navigation offers what a school admin may use: no organisations, no lock-outs.
    expect(await page.locator('[data-testid="main-nav"] a').allInnerTexts()).toEqual(['工作台', '项目申报', '待办', '成员管理', '通知发件箱']);
    await page.getByTestId('nav-members').click();
    await page.waitForURL(/\/organisation\/members$/);
    const table = page.getByTestId('members-table');
    await table.waitFor();
    await expectText(table, 's1.drafter');
    await expectText(table.locator('tr[data-username="s1.admin"]'), '本人');
    // Her own row has no actions; the others can be edited and removed.
    expect(await table.locator('tr[data-username="s1.admin"] [data-testid="member-edit"]').count()).toBe(0);
    expect(await table.locator('tr[data-username="s1.viewer"] [data-testid="member-edit"]').count()).toBe(1);
    await expectText(table.locator('tr[data-username="s1.contact"] [data-testid="member-roles"]'), '项目联系人');
    await screenshot(page, 'identity-members-zh-CN');

    // The role dialog offers the roles of a school only.
    await table.locator('tr[data-username="s1.viewer"] [data-testid="member-edit"]').click();
    const dialog = page.getByTestId('member-edit-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('[data-role]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-role')))).toEqual([
      'school_admin',
      'drafter',
      'contact',
      'legal_rep',
      'viewer',
    ]);
    await settle(page);
    await screenshot(page, 'identity-member-edit-zh-CN');
    await page.locator('.ant-modal-close').click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByTestId('invite-button').click();
    await page.getByTestId('invite-email').fill('zheng.xin@example.edu.cn');
    await page.getByTestId('invite-name').fill('郑欣');
    await page.locator('[data-testid="invite-role"] [data-role="drafter"]').click();
    await settle(page);
    await screenshot(page, 'identity-invite-dialog-zh-CN');
    await page.getByTestId('invite-submit').click();
    const link = page.getByTestId('invite-link');
    await link.waitFor();
    invitationLink = await link.inputValue();
    expect(invitationLink).toMatch(INVITE_LINK);
    expect(invitationLink.startsWith(app().baseUrl)).toBe(true);
    await expectText(page.getByTestId('invite-result'), '72 小时');
    await expectText(page.getByTestId('invite-result'), '仅可使用一次');
    await screenshot(page, 'identity-invite-link-zh-CN');
    await page.getByTestId('invite-close').click();

    const pending = page.locator('[data-testid="invitation-row"][data-status="pending"]');
    await expectText(pending, 'zheng.xin@example.edu.cn');
    await expectText(pending, '起草人');

    // The same page in English.
    await page.getByTestId('lang-switch').click();
    await expectText(page.locator('h1'), 'Members');
    await expectText(pending, 'Drafter');
    await screenshot(page, 'identity-members-en');
    await page.getByTestId('lang-switch').click();
    await expectText(page.locator('h1'), '成员管理');
  });

  it('(b) the invitee opens the link in another browser, joins and sees only the school', async () => {
    const page = await newPage();
    await page.goto(invitationLink);
    const form = page.getByTestId('invite-accept-form');
    await form.waitFor();
    await expectText(page.getByTestId('invite-org'), SCHOOL);
    await expectText(page.getByTestId('invite-role-name'), '起草人');
    expect(await page.getByTestId('invite-status').getAttribute('data-status')).toBe('pending');
    expect(await page.getByTestId('accept-name').inputValue()).toBe('郑欣');
    // The shared password checklist reacts as one types.
    await page.getByTestId('accept-password').fill('short');
    expect(await page.locator('[data-rule="length"]').getAttribute('data-state')).toBe('unmet');
    await page.getByTestId('accept-username').fill('zheng.xin');
    await page.getByTestId('accept-password').fill('Songshan-Peak-2024');
    await page.getByTestId('accept-password-confirm').fill('Songshan-Peak-2024');
    expect(await page.locator('[data-testid="password-policy"] [data-state="met"]').count()).toBe(4);
    await screenshot(page, 'identity-invite-accept-zh-CN');
    await page.getByTestId('accept-submit').click();
    await page.waitForURL(/\/workspace$/);
    await expectText(page.getByTestId('workspace'), '郑欣');
    await expectText(page.getByTestId('workspace-roles'), '起草人');

    // Only the school: no switcher, and the API shows the school and its ancestors, nothing beside it.
    await expectText(page.getByTestId('active-org'), SCHOOL);
    expect(await page.getByTestId('org-switcher').count()).toBe(0);
    const orgs = await page.evaluate(async () => {
      const response = await fetch('/api/organisations');
      return (await response.json()) as { id: string; name: string; kind: string; parentId?: string }[];
    });
    const school = orgs.find((org) => org.name === SCHOOL);
    expect(orgs.filter((org) => org.kind === 'school').map((org) => org.name)).toEqual([SCHOOL]);
    const chain: string[] = [];
    for (let org = school; org; org = orgs.find((o) => o.id === org!.parentId)) chain.push(org.name);
    expect(chain).toEqual([SCHOOL, '郑州市教育局', '河南省教育厅']);
    expect(orgs).toHaveLength(3);
    expect(await page.locator('[data-testid="main-nav"] a').allInnerTexts()).toEqual(['工作台', '项目申报', '成员管理']);
    await screenshot(page, 'identity-invitee-workspace-zh-CN');

    // The link worked once; an unknown one says so.
    await page.goto(invitationLink);
    await page.locator('[data-testid="invite-status"][data-status="accepted"]').waitFor();
    await screenshot(page, 'identity-invite-accepted-zh-CN');
    await page.goto(`${app().baseUrl}/invite/no-such-token`);
    await page.locator('[data-testid="invite-status"][data-status="unknown"]').waitFor();
    await screenshot(page, 'identity-invite-unknown-zh-CN');

    // The school admin sees the new member and the invitation accepted.
    await schoolAdmin.getByTestId('members-refresh').click();
    await expectText(schoolAdmin.locator('tr[data-username="zheng.xin"]'), '起草人');
    expect(await schoolAdmin.locator('[data-testid="invitation-row"][data-status="pending"]').count()).toBe(0);
  });

  it('(c) the system admin enrols a second factor, then imports schools from a sheet', async () => {
    const page = await newPage();
    await signIn(page, 'prov.admin', /\/account\/security$/);
    // Every other page sends them back until the second factor is enrolled; no navigation meanwhile.
    expect(await page.getByTestId('main-nav').count()).toBe(0);
    await page.goto(`${app().baseUrl}/organisations`);
    await page.waitForURL(/\/account\/security$/);
    await enrolTotp(page, 'identity-totp');
    expect(await page.getByTestId('must-enrol-totp').count()).toBe(0);

    await page.getByTestId('nav-organisations').click();
    await page.waitForURL(/\/organisations$/);
    const tree = page.getByTestId('orgs-table');
    await tree.waitFor();
    await expectText(tree, '河南省教育厅');
    await expectText(tree, '12410003MB00237570');
    await screenshot(page, 'identity-organisations-zh-CN');

    // The template is served as a real workbook.
    const template = await fetch(`${app().baseUrl}/templates/organisations-template.xlsx`);
    expect(template.status).toBe(200);
    expect(Buffer.from(await template.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');

    await page.getByTestId('orgs-import').click();
    await page.waitForURL(/\/organisations\/import$/);

    // A sheet with mistakes: the report says which rows and why, and the import stays closed.
    await page.getByTestId('import-file').setInputFiles(await sheet('with-errors.xlsx', [
      [NEW_SCHOOLS[0]!, '高职', NEW_UNIT, creditCode('12410200MB0000011'), '开封市', '王老师', '13900001111', ''],
      ['开封错误示例学校', '大学', NEW_UNIT, 'BAD-CODE', '开封市', '', '', ''],
    ]));
    await page.getByTestId('import-dry-run').click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.getAttribute('data-errors')).toBe('1');
    await expectText(report.locator('[data-testid="import-row"][data-outcome="error"]'), '统一社会信用代码');
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    await screenshot(page, 'identity-import-report-errors-zh-CN');

    // The corrected sheet: two new schools under a new unit.
    const good = await sheet('kaifeng.xlsx', [
      [NEW_SCHOOLS[0]!, '高职', NEW_UNIT, creditCode('12410200MB0000011'), '开封市', '王老师', '13900001111', 'wang@kfwy.edu.cn'],
      [NEW_SCHOOLS[1]!, '中职', NEW_UNIT, creditCode('12410200MB0000022'), '开封市', '赵老师', '', 'zhao@kfzz.edu.cn'],
    ]);
    await page.getByTestId('import-file').setInputFiles(good);
    await page.getByTestId('import-dry-run').click();
    await page.locator('[data-testid="import-report"][data-errors="0"]').waitFor();
    expect(await page.locator('[data-testid="import-row"][data-outcome="create"]').count()).toBe(2);
    await expectText(page.getByTestId('import-summary'), '将新建 2 所学校');
    expect(await page.getByTestId('import-submit').isEnabled()).toBe(true);
    await screenshot(page, 'identity-import-report-zh-CN');

    await page.getByTestId('import-submit').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    const links = (await result.getByTestId('import-link').allInnerTexts()).map((text) => text.trim());
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toMatch(INVITE_LINK);
    await expectText(result, NEW_SCHOOLS[0]!);
    await expectText(result, '72 小时');
    await screenshot(page, 'identity-import-result-zh-CN');
    await page.getByTestId('lang-switch').click();
    await expectText(result, 'Import complete');
    await screenshot(page, 'identity-import-result-en');

    // The same sheet again (in English): every row unchanged, nothing to import.
    await page.getByRole('button', { name: 'Import another sheet' }).click();
    await page.getByTestId('import-file').setInputFiles(good);
    await page.getByTestId('import-dry-run').click();
    await page.locator('[data-testid="import-row"][data-outcome="unchanged"]').nth(1).waitFor();
    await expectText(page.getByTestId('import-summary'), 'nothing to import');
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    await screenshot(page, 'identity-import-report-en');
    await page.getByTestId('lang-switch').click();

    // The tree has the new unit and its schools.
    await page.goto(`${app().baseUrl}/organisations`);
    await page.getByTestId('orgs-search').fill('开封');
    await expectText(tree, NEW_UNIT);
    for (const name of NEW_SCHOOLS) await expectText(tree, name);
  });

  it('(d) the security admin lifts a lock-out', async () => {
    // Five wrong passwords lock the account.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await fetch(`${app().baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 's1.viewer', password: `Wrong-Password-${attempt}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses.at(-1)).toBe(423);

    // The school admin sees the lock on the member.
    await schoolAdmin.getByTestId('members-refresh').click();
    await schoolAdmin.locator('tr[data-username="s1.viewer"] [data-testid="member-locked"]').waitFor();
    await screenshot(schoolAdmin, 'identity-members-locked-zh-CN');

    const page = await newPage();
    await signIn(page, 'prov.security', /\/account\/security$/);
    await enrolTotp(page);
    await page.getByTestId('nav-security').click();
    await page.waitForURL(/\/security$/);
    const row = page.locator('[data-testid="locked-table"] tr[data-username="s1.viewer"]');
    await row.waitFor();
    await expectText(row, SCHOOL);
    await screenshot(page, 'identity-security-zh-CN');
    await row.getByTestId('unlock').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('locked-empty').waitFor();
    await settle(page);
    await screenshot(page, 'identity-security-unlocked-zh-CN');

    const login = await fetch(`${app().baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 's1.viewer', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
  });

  it('logged no errors in any page (refused requests aside, which the pages explain)', () => {
    expect(consoleErrors(/Failed to load resource: the server responded with a status of (401|404|410|422|423)/)).toEqual([]);
  });

  async function sheet(name: string, rows: string[][]): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const worksheet = workbook.addWorksheet('学校');
    worksheet.addRow(['学校名称', '学校类型', '主管单位', '统一社会信用代码', '所在城市', '管理员姓名', '管理员手机', '管理员邮箱']);
    for (const row of rows) worksheet.addRow(row);
    const path = join(workDir, name);
    await workbook.xlsx.writeFile(path);
    return path;
  }
});

function creditCode(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`no check character for ${first17}`);
  return first17 + check;
}

/** Lets ng-zorro's open and close animations finish before a screenshot. */
function settle(page: Page): Promise<void> {
  return page.waitForTimeout(400);
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
