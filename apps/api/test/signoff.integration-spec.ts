import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { newTotpSecret, totpAt } from '@dahe/api/core/util-crypto';
import { verifyAllChains } from '../src/audit-verify';
import { DEMO_EVIDENCE, demoPdf, demoSections } from '../src/database/seed/demo-application';
import { createTestApp, login, seedTestDemo, testCipher } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/** Sign-off in sequence through HTTP, against PostgreSQL: every move by POST /api/applications/:id/transitions. */
describe('sign-off in sequence', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  const move = (username: string, id: string, body: Record<string, unknown>) => http().post(`/api/applications/${id}/transitions`).set(as(username)).send(body);
  const sign = (id: string, extra: Record<string, unknown> = {}, who = 's1.legal') => move(who, id, { action: 'sign', opinion: '同意申报，内容真实。', password: 'Huanghe-Test-2024', ...extra });
  const approve = (id: string, who = 'zz.reviewer') => move(who, id, { action: 'approve', opinion: '经审核，同意推荐。' });
  const timeline = (id: string, who = 's1.contact') => http().get(`/api/applications/${id}/timeline`).set(as(who));

  let callSeq = 0;
  /** A call of its own (one application per school and call), open now, its deadline a week out. */
  async function newCall(): Promise<string> {
    callSeq++;
    const created = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({ title: `签署测试批次${callSeq}`, year: 2024, template: 'dahe-2024', opensAt: new Date(Date.now() - 3600_000).toISOString(), deadline: new Date(Date.now() + 7 * 86400_000).toISOString(), countryRisk: { KZ: 'ok' } })
      .expect(201);
    await http().post(`/api/calls/${created.body.id}/open`).set(as('prov.officer')).expect(200);
    return created.body.id;
  }

  /** A complete application of school `prefix` (s1 or s2), written by its contact: ready to sign. */
  async function newReadyApplication(prefix = 's1'): Promise<{ id: string; callId: string }> {
    const callId = await newCall();
    const contact = `${prefix}.contact`;
    const id = (await http().post('/api/applications').set(as(contact)).send({ callId }).expect(201)).body.id as string;
    for (const [key, content] of Object.entries(demoSections())) {
      await http().put(`/api/applications/${id}/sections/${key}`).set(as(contact)).send({ content, version: 0 }).expect(200);
    }
    for (const item of DEMO_EVIDENCE) {
      await http()
        .post(`/api/applications/${id}/evidence`)
        .set(as(contact))
        .field('category', item.category)
        .field('title', item.title)
        .field('isAgreement', String(item.isAgreement))
        .attach('files', demoPdf(item.title), { filename: item.filename, contentType: 'application/pdf' })
        .expect(201);
    }
    return { id, callId };
  }

  async function signedApplication(prefix = 's1') {
    const made = await newReadyApplication(prefix);
    await move(`${prefix}.contact`, made.id, { action: 'submit_for_signature' }).expect(200);
    await sign(made.id, {}, `${prefix}.legal`).expect(200);
    return made;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    // A second reviewer of 郑州市教育局, for approvals at the same moment.
    await owner(`INSERT INTO app_user (username, display_name, password_hash) SELECT 'zz.reviewer2', '刘二（郑州市教育局）', password_hash FROM app_user WHERE username = 'zz.reviewer'`);
    await owner(`INSERT INTO membership (org_id, user_id, role) SELECT o.id, u.id, 'supervisor_reviewer' FROM organisation o, app_user u WHERE o.name = '郑州市教育局' AND u.username = 'zz.reviewer2'`);
    app = await createTestApp(db);
    for (const username of ['prov.officer', 'prov.admin', 's1.contact', 's1.drafter', 's1.legal', 's1.admin', 's1.viewer', 's2.contact', 's2.legal', 'zz.reviewer', 'zz.reviewer2', 'ly.reviewer']) {
      tokens.set(username, (await login(app, username)).token);
    }
    // zz.reviewer also reviews for the airport zone's bureau: make 郑州市教育局 the active organisation.
    const [zz] = await owner<{ id: string }>(`SELECT id FROM organisation WHERE name = '郑州市教育局'`);
    await http().post('/api/me/active-org').set(as('zz.reviewer')).send({ organisationId: zz!.id }).expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('seeds the demo applications further along through the same sign-off code: hashes, signatures, trail, receipt', async () => {
    const rows = await owner<{ id: string; state: string; content_hash_alg: string | null; receipt_no: string | null; name: string }>(
      `SELECT a.id, a.state, a.content_hash_alg, a.receipt_no, o.name FROM application a JOIN organisation o ON o.id = a.org_id WHERE a.state <> 'draft' ORDER BY o.name`,
    );
    const byState = Object.fromEntries(rows.map((r) => [r.state, r]));
    expect(Object.keys(byState).sort()).toEqual(['awaiting_signature', 'signed', 'submitted']);
    expect(rows.every((r) => r.content_hash_alg === 'sm3')).toBe(true);
    expect(byState['submitted']!.receipt_no).toMatch(/^DH2024-\d{4}$/);
    expect(byState['signed']!.receipt_no).toBeNull();
    const signatures = await owner<{ application_id: string; kind: string; voided_at: Date | null }>(`SELECT application_id, kind, voided_at FROM signature`);
    const kinds = (id: string) => signatures.filter((s) => s.application_id === id).map((s) => s.kind).sort();
    expect(kinds(byState['awaiting_signature']!.id)).toEqual([]);
    expect(kinds(byState['signed']!.id)).toEqual(['legal_rep']);
    expect(kinds(byState['submitted']!.id)).toEqual(['legal_rep', 'supervisor']);
    const reports = await verifyAllChains(db.ownerUrl);
    expect(reports.find((r) => r.chain === `application:${byState['submitted']!.id}`)).toMatchObject({ ok: true, events: 3 });
    // What the province reads of the submitted one: valid signatures over the current content.
    const t = (await timeline(byState['submitted']!.id, 'prov.officer').expect(200)).body;
    expect(t.signatures.map((s: { status: string }) => s.status)).toEqual(['valid', 'valid']);
    expect(t.events.map((e: { actorName: string }) => e.actorName)).toEqual(['周婷（项目联系人）', '吴院长（法定代表人）', '郑华（新乡市教育局）']);
  });

  it('goes draft → awaiting_signature → signed → submitted through HTTP, with a hash, two signatures, a receipt and a timeline', async () => {
    const { id } = await newReadyApplication();
    const submitted = await move('s1.contact', id, { action: 'submit_for_signature' }).expect(200);
    expect(submitted.body).toMatchObject({ id, state: 'awaiting_signature', receiptNo: null });
    expect(submitted.body.contentHash).toMatch(/^sm3:[0-9a-f]{64}$/);
    const hash = submitted.body.contentHash as string;

    // Frozen: drafters can no longer edit, evidence cannot change.
    await http().put(`/api/applications/${id}/sections/safeguards`).set(as('s1.contact')).send({ content: { text: '改一下' }, version: 1 }).expect(409);
    await http()
      .post(`/api/applications/${id}/evidence`)
      .set(as('s1.contact'))
      .field('category', 'degree')
      .field('title', '补充材料')
      .field('isAgreement', 'false')
      .attach('files', demoPdf('x'), { filename: 'x.pdf', contentType: 'application/pdf' })
      .expect(409);

    // The legal representative reads it at that hash and signs over it.
    expect((await http().get(`/api/applications/${id}`).set(as('s1.legal')).expect(200)).body.contentHash).toBe(hash);
    await sign(id, { opinion: '  ' }).expect(400);
    const signed = await sign(id, { contentHash: hash }).expect(200);
    expect(signed.body).toMatchObject({ state: 'signed', contentHash: hash });
    expect(signed.body.signatureId).toEqual(expect.any(String));

    const approved = await approve(id).expect(200);
    expect(approved.body).toMatchObject({ state: 'submitted', contentHash: hash });
    expect(approved.body.receiptNo).toMatch(/^DH2024-\d{4}$/);
    const detail = await http().get(`/api/applications/${id}`).set(as('prov.officer')).expect(200);
    expect(detail.body).toMatchObject({ state: 'submitted', contentHash: hash, receiptNo: approved.body.receiptNo });

    const t = (await timeline(id).expect(200)).body;
    expect(t.events.map((e: { action: string; actorName: string; contentHash: string }) => [e.action, e.actorName, e.contentHash])).toEqual([
      ['application.submitted_for_signature', '黄丽（项目联系人）', hash],
      ['application.signed', '郭校长（法定代表人）', hash],
      ['application.approved', '马俊（郑州市教育局）', hash],
    ]);
    expect(t.events[2]).toMatchObject({ from: 'signed', to: 'submitted', receiptNo: approved.body.receiptNo, actorRole: 'supervisor_reviewer' });
    expect(t.signatures).toEqual([
      expect.objectContaining({ kind: 'legal_rep', signerName: '郭校长（法定代表人）', organisationName: '郑州黄河职业技术学院', opinion: '同意申报，内容真实。', contentHash: hash, status: 'valid' }),
      expect.objectContaining({ kind: 'supervisor', signerName: '马俊（郑州市教育局）', organisationName: '郑州市教育局', opinion: '经审核，同意推荐。', contentHash: hash, status: 'valid' }),
    ]);
    expect(t).toMatchObject({ state: 'submitted', currentContentHash: hash, waitingFor: { role: 'province_officer', organisationKind: 'province', organisationName: '河南省教育厅' }, chain: { ok: true, events: 3 } });
    // The province sees the timeline too, and the same receipt.
    expect((await timeline(id, 'prov.officer').expect(200)).body.receiptNo).toBe(approved.body.receiptNo);
  });

  it('issues unique receipt numbers that run on', async () => {
    const a = await signedApplication('s1');
    const b = await signedApplication('s2');
    const ra = (await approve(a.id).expect(200)).body.receiptNo as string;
    const rb = (await approve(b.id, 'ly.reviewer').expect(200)).body.receiptNo as string;
    expect(ra).not.toBe(rb);
    expect(Number(rb.slice(-4))).toBe(Number(ra.slice(-4)) + 1);
  });

  it('refuses every role out of turn with the exact status, and tells a stranger nothing', async () => {
    const { id } = await newReadyApplication();
    // draft
    await sign(id).expect(409);
    await move('s1.drafter', id, { action: 'submit_for_signature' }).expect(403);
    await move('s1.viewer', id, { action: 'withdraw' }).expect(403);
    await move('s1.legal', id, { action: 'submit_for_signature' }).expect(403);
    await approve(id).expect(409);
    await move('s1.contact', id, { action: 'publish' }).expect(400);
    await move('s2.contact', id, { action: 'submit_for_signature' }).expect(404);
    await move('ly.reviewer', id, { action: 'approve', opinion: 'x' }).expect(404);
    // awaiting_signature
    await move('s1.contact', id, { action: 'submit_for_signature' }).expect(200);
    await move('s1.contact', id, { action: 'submit_for_signature' }).expect(409);
    const contactSigns = await move('s1.contact', id, { action: 'sign', opinion: 'x', password: 'Huanghe-Test-2024' }).expect(403);
    expect(contactSigns.body.code).toBe('forbidden');
    await approve(id).expect(409);
    await move('s1.legal', id, { action: 'return' }).expect(400);
    await sign(id, {}, 's2.legal').expect(404);
    // signed
    await sign(id).expect(200);
    await sign(id).expect(409);
    await move('s1.legal', id, { action: 'approve', opinion: 'x' }).expect(403);
    await approve(id, 'ly.reviewer').expect(404);
    await move('prov.officer', id, { action: 'approve', opinion: 'x' }).expect(403);
    await move('prov.officer', id, { action: 'pass_formal_check' }).expect(409);
    await move('prov.admin', id, { action: 'return', comment: 'x' }).expect(403);
    // The state never moved on a refusal, and the trail holds only the two real steps.
    const t = (await timeline(id).expect(200)).body;
    expect(t.state).toBe('signed');
    expect(t.events.map((e: { action: string }) => e.action)).toEqual(['application.submitted_for_signature', 'application.signed']);
  });

  it('refuses an application that is not ready to sign, listing why', async () => {
    const callId = await newCall();
    const id = (await http().post('/api/applications').set(as('s1.contact')).send({ callId }).expect(201)).body.id as string;
    const res = await move('s1.contact', id, { action: 'submit_for_signature' }).expect(409);
    expect(res.body.code).toBe('not_ready');
    expect(res.body.details).toEqual(expect.arrayContaining([expect.stringMatching(/^cover:/)]));
  });

  it('asks the signer for the password again, and the second factor where it is enabled', async () => {
    const { id } = await newReadyApplication('s2');
    await move('s2.contact', id, { action: 'submit_for_signature' }).expect(200);
    const missing = await move('s2.legal', id, { action: 'sign', opinion: '同意。' }).expect(403);
    expect(missing.body).toMatchObject({ code: 'reauthentication_failed', details: ['password_required'] });
    const wrong = await sign(id, { password: 'not-the-password' }, 's2.legal').expect(403);
    expect(wrong.body).toMatchObject({ code: 'reauthentication_failed', details: ['password_invalid'] });

    const secret = newTotpSecret();
    await owner(`UPDATE app_user SET totp_secret_enc = $2, totp_enabled_at = now() WHERE username = $1`, ['s2.legal', testCipher.encrypt(secret)]);
    try {
      expect((await sign(id, {}, 's2.legal').expect(403)).body.details).toEqual(['totp_required']);
      expect((await sign(id, { totp: '000000' === totpAt(secret, Date.now()) ? '111111' : '000000' }, 's2.legal').expect(403)).body.details).toEqual(['totp_invalid']);
      await sign(id, { totp: totpAt(secret, Date.now()) }, 's2.legal').expect(200);
    } finally {
      await owner(`UPDATE app_user SET totp_secret_enc = NULL, totp_enabled_at = NULL WHERE username = 's2.legal'`);
    }
    // Nothing of the refused attempts reached the trail.
    expect((await timeline(id, 's2.contact')).body.events.map((e: { action: string }) => e.action)).toEqual(['application.submitted_for_signature', 'application.signed']);
  });

  it('a return voids every signature so far, keeps them with the reason, and opens the draft again', async () => {
    const { id } = await signedApplication();
    await move('zz.reviewer', id, { action: 'return', comment: '  ' }).expect(400);
    const returned = await move('zz.reviewer', id, { action: 'return', comment: '请补充2.3节佐证材料页码' }).expect(200);
    expect(returned.body).toMatchObject({ state: 'draft', contentHash: null });
    let t = (await timeline(id).expect(200)).body;
    expect(t.signatures).toEqual([expect.objectContaining({ kind: 'legal_rep', status: 'void', voidReason: '请补充2.3节佐证材料页码' })]);
    expect(t.events.at(-1)).toMatchObject({ action: 'application.returned', from: 'signed', to: 'draft', comment: '请补充2.3节佐证材料页码', actorName: '马俊（郑州市教育局）' });

    // Editable again; the new content makes a new hash; the new signature is valid, the old stays void.
    const version = (await http().get(`/api/applications/${id}/sections/progress_to_date`).set(as('s1.contact'))).body.version as number;
    await http().put(`/api/applications/${id}/sections/progress_to_date`).set(as('s1.contact')).send({ content: { text: '2023年起累计培训本土员工420人次（佐证材料第3页）。' }, version }).expect(200);
    const again = await move('s1.contact', id, { action: 'submit_for_signature' }).expect(200);
    await sign(id).expect(200);
    t = (await timeline(id).expect(200)).body;
    expect(t.signatures.map((s: { status: string; contentHash: string }) => s.status)).toEqual(['void', 'valid']);
    expect(t.signatures[0].contentHash).not.toBe(again.body.contentHash);
    expect(t.signatures[1].contentHash).toBe(again.body.contentHash);

    // The province returns unsubmitted work too (it sees the state, not the text): voids the new signature.
    await move('prov.officer', id, { action: 'return', comment: '申报材料不全，退回修改' }).expect(200);
    t = (await timeline(id).expect(200)).body;
    expect(t.signatures.map((s: { status: string }) => s.status)).toEqual(['void', 'void']);
    expect(t.signatures[1].voidReason).toBe('申报材料不全，退回修改');
    const [stored] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM signature WHERE application_id = $1`, [id]);
    expect(stored!.n).toBe(2);
  });

  it('shows a signature whose content changed behind its back, and refuses to move such an application', async () => {
    const { id } = await signedApplication();
    // Only the owner, bypassing the app, can do this.
    await owner(`UPDATE application_section SET content = '{"text":"偷改的内容"}' WHERE application_id = $1 AND section_key = 'safeguards'`, [id]);
    const t = (await timeline(id).expect(200)).body;
    expect(t.signatures).toEqual([expect.objectContaining({ status: 'content_changed' })]);
    expect(t.currentContentHash).not.toBe(t.contentHash);
    expect((await approve(id).expect(409)).body.code).toBe('content_changed');
  });

  it('after the deadline nothing reaches submitted, unless the province extended it for that school', async () => {
    const { id, callId } = await signedApplication();
    await owner(`UPDATE call SET opens_at = now() - interval '2 days', deadline = now() - interval '1 second' WHERE id = $1`, [callId]);
    const late = await approve(id).expect(409);
    expect(late.body.code).toBe('deadline_passed');
    const [school] = await owner<{ id: string }>(`SELECT id FROM organisation WHERE name = '郑州黄河职业技术学院'`);
    const extension = { schoolId: school!.id, until: new Date(Date.now() + 3600_000).toISOString(), reason: '因暴雨停电，延长一天' };
    await http().post(`/api/calls/${callId}/extensions`).set(as('s1.admin')).send(extension).expect(403);
    await http().post(`/api/calls/${callId}/extensions`).set(as('prov.admin')).send(extension).expect(403);
    await http().post(`/api/calls/${callId}/extensions`).set(as('prov.officer')).send({ ...extension, until: new Date(Date.now() - 3600_000).toISOString() }).expect(400);
    await http().post(`/api/calls/${callId}/extensions`).set(as('prov.officer')).send({ ...extension, reason: ' ' }).expect(400);
    const granted = await http().post(`/api/calls/${callId}/extensions`).set(as('prov.officer')).send(extension).expect(200);
    expect(granted.body).toMatchObject({ callId, schoolId: school!.id, reason: '因暴雨停电，延长一天' });
    const ok = await approve(id).expect(200);
    expect(ok.body.state).toBe('submitted');
    const t = (await timeline(id).expect(200)).body;
    expect(t.extendedUntil).toBe(new Date(extension.until).toISOString());
    expect(t.events.map((e: { action: string }) => e.action)).toEqual(['application.submitted_for_signature', 'application.signed', 'call.deadline_extended', 'application.approved']);
    expect(t.events[2]).toMatchObject({ actorName: '陈卫东（职成教处）' });
    expect(t.chain.ok).toBe(true);
  });

  it('lets the school withdraw before submission, and not after', async () => {
    const { id } = await signedApplication();
    await move('s1.drafter', id, { action: 'withdraw' }).expect(403);
    expect((await move('s1.admin', id, { action: 'withdraw' }).expect(200)).body.state).toBe('withdrawn');
    const other = await signedApplication();
    await approve(other.id).expect(200);
    await move('s1.admin', other.id, { action: 'withdraw' }).expect(409);
  });

  it('of two reviewers approving at the same moment, one succeeds and the other gets 409', async () => {
    const { id } = await signedApplication();
    const results = await Promise.all([approve(id, 'zz.reviewer'), approve(id, 'zz.reviewer2'), approve(id, 'zz.reviewer'), approve(id, 'zz.reviewer2')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const [count] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM signature WHERE application_id = $1 AND kind = 'supervisor'`, [id]);
    expect(count!.n).toBe(1);
    const t = (await timeline(id).expect(200)).body;
    expect(t.events.filter((e: { action: string }) => e.action === 'application.approved')).toHaveLength(1);
    expect(t.chain).toEqual({ ok: true, events: 3 });
  });

  it('keeps every application chain verifiable, and the verifier finds an edited sign-off event', async () => {
    const { id } = await signedApplication();
    const chainOf = async () => (await verifyAllChains(db.ownerUrl)).find((r) => r.chain === `application:${id}`)!;
    expect(await chainOf()).toMatchObject({ ok: true, events: 2 });
    const reports = await verifyAllChains(db.ownerUrl);
    expect(reports.filter((r) => r.chain.startsWith('application:')).every((r) => r.ok)).toBe(true);
    await owner(`ALTER TABLE audit_event DISABLE TRIGGER USER`);
    try {
      await owner(`UPDATE audit_event SET data = jsonb_set(data, '{contentHash}', '"sm3:00"') WHERE chain = $1 AND seq = 2`, [`application:${id}`]);
    } finally {
      await owner(`ALTER TABLE audit_event ENABLE TRIGGER USER`);
    }
    expect(await chainOf()).toMatchObject({ ok: false, brokenAt: { seq: 2, reason: 'content does not match its hash' } });
    expect((await timeline(id).expect(200)).body.chain).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
  });

  it('must not let another school or another supervising unit see or move it (row-level security)', async () => {
    const { id } = await signedApplication();
    await timeline(id, 's2.contact').expect(404);
    await timeline(id, 'ly.reviewer').expect(404);
    await move('s2.contact', id, { action: 'withdraw' }).expect(404);
    await move('ly.reviewer', id, { action: 'return', comment: 'x' }).expect(404);
    await timeline(id, 'zz.reviewer').expect(200);
    // Directly in SQL as the app role with another school's context: no signature row is visible.
    const [s2] = await owner<{ path: string }>(`SELECT path FROM organisation WHERE name = '洛阳中原职业技术学院'`);
    const rows = await withClient(db.appUrl, async (c) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('dahe.org_path', $1, true)`, [s2!.path]);
      const r = await c.query(`SELECT count(*)::int AS n FROM signature WHERE application_id = $1`, [id]);
      await c.query('ROLLBACK');
      return r.rows[0].n as number;
    });
    expect(rows).toBe(0);
  });

  it('keeps signatures and the trail as the database’s own rules say: void once, never deleted', async () => {
    const { id } = await signedApplication();
    const [zz] = await owner<{ path: string }>(`SELECT path FROM organisation WHERE name = '郑州市教育局'`);
    const asApp = (sql: string) =>
      withClient(db.appUrl, async (c) => {
        await c.query('BEGIN');
        await c.query(`SELECT set_config('dahe.org_path', $1, true)`, [zz!.path]);
        try {
          return await c.query(sql, [id]);
        } finally {
          await c.query('ROLLBACK');
        }
      });
    await expect(asApp(`DELETE FROM signature WHERE application_id = $1`)).rejects.toThrow();
    await expect(asApp(`UPDATE signature SET opinion = '改' WHERE application_id = $1`)).rejects.toThrow();
    await expect(asApp(`DELETE FROM audit_event WHERE chain = 'application:' || $1`)).rejects.toThrow();
  });
});
