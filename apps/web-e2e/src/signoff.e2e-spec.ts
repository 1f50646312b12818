import { describe, expect, it } from '@jest/globals';
import type { ApplicationDto, ApplicationSummaryDto, TimelineDto } from '@dahe/shared/contracts';
import { screenshot } from './browser';
import { DEMO_PASSWORD as PASSWORD, e2eSuite } from './session';

const LY2 = '洛阳文化旅游职业学院';
const BEIJING_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/;

/**
 * Sign-off in sequence in Chromium against the built app and the demo seed: the province returns the
 * seeded signed application of 洛阳文化旅游职业学院 (its signature turns void with the reason) and extends the
 * school's deadline; a contact whose draft is incomplete is refused with the validation report; the
 * school's contact submits for signature (the editor turns read-only); the legal representative reads the
 * printed form and signs (a wrong password first); the supervising unit's reviewer approves from the to-do
 * page; the school sees the receipt number; the timeline shows all of it with the chain verified.
 */
describe('sign-off in sequence in Chromium', () => {
  const { app, signIn, api, expectText, consoleErrors } = e2eSuite();
  let applicationId = '';
  let receiptNo = '';

  it('(a) the province’s to-do lists submitted applications; it returns a signed one with a reason and the signature turns void; it extends the school’s deadline', async () => {
    const officer = await signIn('prov.officer');
    await officer.getByRole('link', { name: '待办' }).click();
    await officer.waitForURL(/\/todo$/);
    const mine = officer.getByTestId('todo-list');
    await mine.waitFor();
    const states = await mine.getByTestId('todo-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['submitted']));
    await screenshot(officer, 'signoff-01-province-todo-zh-CN');

    const list = await api<ApplicationSummaryDto[]>(officer, '/api/applications');
    const ly2 = list.find((entry) => entry.organisationName === LY2);
    expect(ly2?.state).toBe('signed');
    applicationId = ly2!.id;

    // The ly2 application is not the province's to-do; it is under "other applications", and opens read-only.
    await officer.locator(`[data-testid="todo-others"] [data-id="${applicationId}"] [data-testid="todo-open"]`).click();
    await officer.waitForURL(new RegExp(`/applications/${applicationId}/sign$`));
    // The province sees state, not text, before submission.
    await officer.getByTestId('signoff-content-hidden').waitFor();
    const actions = await officer.getByTestId('signoff-action').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
    expect(actions).toEqual(['return']);
    await expectText(officer.getByTestId('timeline-signature'), '有效');

    await officer.locator('[data-testid="signoff-action"][data-action="return"]').click();
    await officer.getByTestId('signoff-dialog').waitFor();
    await officer.getByRole('button', { name: /确\s?定/ }).click();
    await expectText(officer.getByTestId('signoff-dialog-error'), '请填写退回意见');
    await officer.getByTestId('signoff-comment').fill('佐证材料页码未注明，退回修改');
    await screenshot(officer, 'signoff-02-province-return-dialog-zh-CN');
    await officer.getByRole('button', { name: /确\s?定/ }).click();
    await expectText(officer.getByTestId('signoff-state'), '草稿');
    const voided = officer.getByTestId('timeline-signature');
    expect(await voided.getAttribute('data-status')).toBe('void');
    await expectText(voided.getByTestId('void-reason'), '佐证材料页码未注明，退回修改');
    await expectText(officer.locator('[data-testid="timeline-event"][data-action="application.returned"]'), '陈卫东（职成教处）');

    // The deadline for this one school, a week later, with a reason.
    const before = await api<TimelineDto>(officer, `/api/applications/${applicationId}/timeline`);
    const until = new Date(new Date(before.deadline).getTime() + 7 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    await officer.getByTestId('signoff-extend').click();
    await officer.getByTestId('extend-until').fill(`${until}T18:00`);
    await officer.getByTestId('extend-reason').fill('学校所在地暴雨停电，延期一周');
    await officer.getByRole('button', { name: /确\s?定/ }).click();
    await officer.getByTestId('timeline-extended').waitFor();
    await expectText(officer.getByTestId('timeline-deadline'), `${until} 18:00（北京时间）`);
    await expectText(officer.getByTestId('signoff-deadline'), `${until} 18:00`);
    await expectText(officer.locator('[data-testid="timeline-event"][data-action="call.deadline_extended"]'), '延长本校截止时间');
    await screenshot(officer, 'signoff-03-province-returned-void-zh-CN');
    const after = await api<TimelineDto>(officer, `/api/applications/${applicationId}/timeline`);
    expect(after.extendedUntil).toBe(new Date(`${until}T10:00:00Z`).toISOString());
    expect(after.signatures.map((s) => [s.status, s.voidReason])).toEqual([['void', '佐证材料页码未注明，退回修改']]);
  });

  it('(b) an incomplete draft is refused for signature, and the validation panel lists why', async () => {
    const contact = await signIn('s1.contact');
    const draft = (await api<ApplicationSummaryDto[]>(contact, '/api/applications')).find((entry) => entry.state === 'draft');
    await contact.goto(`${app().baseUrl}/applications/${draft!.id}`);
    const submit = contact.locator('[data-testid="signoff-action"][data-action="submit_for_signature"]');
    await submit.click();
    await expectText(contact.getByTestId('signoff-error'), '申报书尚未填写完整');
    await contact.locator('[data-testid="issue-link"]').first().waitFor();
    expect(await contact.getByTestId('application-state').getAttribute('data-state')).toBe('draft');
    await screenshot(contact, 'signoff-04-not-ready-zh-CN');
  });

  it('(c) the contact submits for signature; the editor turns read-only with the content hash', async () => {
    const contact = await signIn('ly2.contact');
    await contact.goto(`${app().baseUrl}/applications/${applicationId}`);
    await contact.getByTestId('section-safeguards').waitFor();
    const actions = await contact.getByTestId('signoff-action').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
    expect(actions).toEqual(['submit_for_signature', 'withdraw']);
    await contact.getByTestId('tab-timeline').click();
    await expectText(contact.getByTestId('void-reason'), '佐证材料页码未注明，退回修改');

    // The drafting step: the contact (a drafter too) corrects 4 保障措施 as the return asked; it autosaves.
    const safeguards = contact.getByTestId('section-safeguards');
    const before = await safeguards.getByTestId('narrative-text').inputValue();
    const corrected = `${before}佐证材料页码已在第3—5页注明。`;
    await safeguards.getByTestId('narrative-text').fill(corrected);
    await expectText(safeguards.getByTestId('save-state'), /已保存 \d{2}:\d{2}/);
    const saved = await api<{ content: { text: string } }>(contact, `/api/applications/${applicationId}/sections/safeguards`);
    expect(saved.content.text).toBe(corrected);
    await screenshot(contact, 'signoff-04b-drafted-zh-CN');

    await contact.locator('[data-testid="signoff-action"][data-action="submit_for_signature"]').click();
    await expectText(contact.getByTestId('signoff-state'), '待法定代表人签署');
    await contact.getByTestId('editor-readonly').waitFor();
    expect(await contact.locator('[data-testid="section-safeguards"] textarea').first().isEditable()).toBe(false);
    const stored = await api<ApplicationDto>(contact, `/api/applications/${applicationId}`);
    expect(stored.state).toBe('awaiting_signature');
    expect(await contact.getByTestId('signoff-hash').getAttribute('title')).toBe(stored.contentHash);
    // Withdrawal is still offered before submission; signing is not the contact's.
    const now = await contact.getByTestId('signoff-action').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action')));
    expect(now).toEqual(['withdraw']);
    await screenshot(contact, 'signoff-05-awaiting-signature-zh-CN');
  });

  it('(d) the legal representative reads the printed form, is refused with a wrong password, then signs', async () => {
    const legal = await signIn('ly2.legal');
    await legal.getByRole('link', { name: '待办' }).click();
    await legal.locator(`[data-testid="todo-list"] [data-id="${applicationId}"] [data-testid="todo-open"]`).click();
    await legal.waitForURL(new RegExp(`/applications/${applicationId}/sign$`));
    const print = legal.getByTestId('application-print');
    await print.waitFor();
    await expectText(print.getByTestId('print-cover'), LY2);
    expect(await print.locator('[data-testid="print-basic_info"] tr').count()).toBe(10);
    expect(await print.locator('[data-testid="print-school_foundation"] p.indent').count()).toBeGreaterThan(0);
    expect(await print.locator('[data-testid="print-schedule"] tbody tr').count()).toBeGreaterThan(0);
    await expectText(legal.getByTestId('sign-declaration'), `${LY2}对本申报书及相关佐证材料内容的真实性和准确性负责。`);
    expect(await legal.getByTestId('sign-totp').count()).toBe(0); // no second factor enrolled
    // The PDF being signed is one click away; no signature binds it yet, so it still says 草稿.
    const download = legal.waitForEvent('download');
    await legal.getByTestId('export-pdf').click();
    expect((await download).suggestedFilename()).toBe(`${LY2}-大河工坊申报书（草稿）.pdf`);

    await legal.getByTestId('sign-opinion').fill('同意申报。经审核，申报材料内容真实、准确。');
    await legal.getByTestId('sign-password').fill('not-the-password-1');
    await legal.getByTestId('sign-submit').click();
    await expectText(legal.getByTestId('sign-error'), '请先阅读并勾选确认');
    await legal.getByTestId('sign-declared').click();
    await legal.getByTestId('sign-submit').click();
    await expectText(legal.getByTestId('sign-error'), '密码不正确');
    expect((await api<ApplicationDto>(legal, `/api/applications/${applicationId}`)).state).toBe('awaiting_signature');
    await screenshot(legal, 'signoff-06-legal-wrong-password-zh-CN');

    await legal.getByTestId('sign-password').fill(PASSWORD);
    await legal.getByTestId('sign-submit').click();
    const result = legal.getByTestId('signoff-result');
    await expectText(result.getByTestId('result-name'), '李院长（法定代表人）');
    await expectText(result.getByTestId('result-time'), BEIJING_TIME);
    const stored = await api<ApplicationDto>(legal, `/api/applications/${applicationId}`);
    expect(stored.state).toBe('signed');
    await expectText(result.getByTestId('result-hash'), stored.contentHash!);
    await expectText(legal.getByTestId('signoff-state'), '已签署');
    await expectText(print.getByTestId('declaration-signer'), '李院长');
    await expectText(print.getByTestId('print-unit-opinion'), '同意申报。经审核，申报材料内容真实、准确。');
    expect(await legal.getByTestId('sign-form').count()).toBe(0);
    await screenshot(legal, 'signoff-07-legal-signed-zh-CN');
  });

  it('(e) the supervising unit’s reviewer finds it in the to-do list, reads it and approves: submitted with a receipt number', async () => {
    const reviewer = await signIn('ly.reviewer');
    await reviewer.getByRole('link', { name: '待办' }).click();
    const row = reviewer.locator(`[data-testid="todo-list"] [data-id="${applicationId}"]`);
    await expectText(row, LY2);
    expect(await row.getAttribute('data-state')).toBe('signed');
    await screenshot(reviewer, 'signoff-08-reviewer-todo-zh-CN');
    await row.getByTestId('todo-open').click();
    await reviewer.waitForURL(new RegExp(`/applications/${applicationId}/sign$`));
    await reviewer.getByTestId('application-print').waitFor();
    await expectText(reviewer.getByTestId('approve-seal'), '洛阳市教育局');
    await reviewer.getByTestId('approve-submit').click();
    await expectText(reviewer.getByTestId('sign-error'), '请填写单位意见');
    await reviewer.getByTestId('approve-opinion').fill('经审核，同意推荐该项目。');
    await reviewer.getByTestId('approve-submit').click();
    const receipt = reviewer.getByTestId('result-receipt');
    await expectText(receipt, '回执编号');
    const stored = await api<ApplicationDto>(reviewer, `/api/applications/${applicationId}`);
    expect(stored.state).toBe('submitted');
    expect(stored.receiptNo).toBeTruthy();
    receiptNo = stored.receiptNo!;
    await expectText(receipt, receiptNo);
    await expectText(reviewer.getByTestId('seal'), '洛阳市教育局');
    await screenshot(reviewer, 'signoff-09-reviewer-approved-zh-CN');
  });

  it('(f) the school sees it submitted with the receipt number, and the timeline with every step and the chain verified', async () => {
    const contact = await signIn('ly2.contact');
    await contact.goto(`${app().baseUrl}/applications/${applicationId}`);
    await expectText(contact.getByTestId('signoff-submitted'), `已提交至省教育厅，回执编号：${receiptNo}`);
    await expectText(contact.getByTestId('signoff-receipt'), receiptNo);
    expect(await contact.getByTestId('signoff-action').count()).toBe(0);
    await contact.getByTestId('tab-timeline').click();
    const statuses = await contact.getByTestId('timeline-signature').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-kind')}:${item.getAttribute('data-status')}`));
    expect(statuses).toEqual(['legal_rep:void', 'legal_rep:valid', 'supervisor:valid']);
    const events = await contact.getByTestId('timeline-event').evaluateAll((items) => items.map((item) => item.getAttribute('data-action')));
    expect(events).toEqual([
      'application.approved',
      'application.signed',
      'application.submitted_for_signature',
      'call.deadline_extended',
      'application.returned',
      'application.signed',
      'application.submitted_for_signature',
    ]);
    expect(await contact.getByTestId('timeline-chain').getAttribute('data-ok')).toBe('true');
    await expectText(contact.getByTestId('timeline-chain'), /审计链校验通过（\d+ 条记录）/);
    await expectText(contact.getByTestId('timeline-waiting'), '等待河南省教育厅的省厅业务处室办理');
    await screenshot(contact, 'signoff-10-school-submitted-zh-CN');

    await contact.getByTestId('lang-switch').click();
    await expectText(contact.getByTestId('signoff-submitted'), `Receipt number: ${receiptNo}`);
    await expectText(contact.getByTestId('timeline-chain'), /Audit chain verified \(\d+ events\)/);
    await screenshot(contact, 'signoff-11-school-submitted-en');
    await contact.getByTestId('lang-switch').click();
  });

  it('(g) the province receives it: in its to-do with the receipt number, the text now readable', async () => {
    const officer = await signIn('prov.officer');
    await officer.getByRole('link', { name: '待办' }).click();
    await officer.waitForURL(/\/todo$/);
    const row = officer.locator(`[data-testid="todo-list"] [data-testid="todo-row"][data-id="${applicationId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('submitted');
    await screenshot(officer, 'signoff-12-province-received-todo-zh-CN');
    await row.getByTestId('todo-open').click();
    await officer.waitForURL(new RegExp(`/applications/${applicationId}(/sign)?$`));
    await expectText(officer.getByTestId('signoff-receipt'), receiptNo);
    expect(await officer.getByTestId('signoff-content-hidden').count()).toBe(0);
    await screenshot(officer, 'signoff-13-province-received-zh-CN');
  });

  it('(h) every hand-over left a message: the province admin reads them in the outbox', async () => {
    const admin = await signIn('prov.admin');
    await admin.getByTestId('nav-outbox').click();
    await admin.waitForURL(/\/outbox$/);
    const rows = admin.locator('[data-testid="outbox-row"]').filter({ has: admin.locator(`a[href="/applications/${applicationId}"]`) });
    await rows.first().waitFor();
    const subjects = await rows.locator('a').allInnerTexts();
    // Newest first: received by the province (to the contact), to the reviewer, to the legal representative, the return.
    for (const start of ['【已受理】', '【待您审核】', '【待您签署】', '【已退回】']) expect(subjects.some((text) => text.startsWith(start))).toBe(true);
    expect(subjects.find((text) => text.startsWith('【已受理】'))).toContain(receiptNo);
    // No SMTP in the demo: the messages are kept in the outbox.
    expect(new Set(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-status'))))).toEqual(new Set(['sent']));
    expect(new Set(await rows.locator('nz-tag').allInnerTexts())).toEqual(new Set(['已存入发件箱']));
    await screenshot(admin, 'signoff-14-outbox-zh-CN');
  });

  it('logged no console errors', () => {
    // A refused transition is an expected 4xx the browser logs as a failed resource load.
    expect(consoleErrors(/status of (403|409)/)).toEqual([]);
  });
});
