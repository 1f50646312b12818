import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AuditService } from '@dahe/api/core/data-access-audit';
import { Database } from '@dahe/api/core/data-access-db';
import { HandOverNotifier, OutboxDispatcher, type OutboxOptions, SignoffEngine } from '@dahe/api/applications/feature-applications';
import { DEMO_EVIDENCE, demoPdf, demoSections } from '../src/database/seed/demo-application';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';
import { TestSmtpServer } from './support/smtp-server';

interface OutboxRow {
  id: string;
  org_id: string;
  application_id: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  channel: string | null;
  last_error: string | null;
}

/** Hand-over messages: written in the move's transaction, sent after it by the dispatcher, over real SMTP. */
describe('the notification outbox', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  const move = (username: string, id: string, body: Record<string, unknown>) => http().post(`/api/applications/${id}/transitions`).set(as(username)).send(body);
  const messagesOf = (applicationId: string) =>
    owner<OutboxRow>(
      `SELECT m.id, m.org_id, m.application_id, m.kind, u.username AS recipient, m.subject, m.body, m.attempts, m.next_attempt_at, m.sent_at, m.channel, m.last_error
         FROM outbox_message m JOIN app_user u ON u.id = m.recipient_id WHERE m.application_id = $1 ORDER BY m.created_at, u.username`,
      [applicationId],
    );
  /** Everyone with the role in the organisation, by username: the people a hand-over must reach. */
  const holders = async (orgName: string, role: string) =>
    (await owner<{ username: string }>(`SELECT u.username FROM membership m JOIN app_user u ON u.id = m.user_id JOIN organisation o ON o.id = m.org_id WHERE o.name = $1 AND m.role = $2 ORDER BY u.username`, [orgName, role])).map((r) => r.username);
  const dispatcher = (options: Partial<OutboxOptions>) =>
    new OutboxDispatcher(app.get(Database), { publicUrl: 'https://dahe.example.cn', dispatch: false, intervalMs: 5000, retryBaseMs: 1000, maxAttempts: 5, ...options });
  const smtpFrom = '大河工坊 <noreply@dahe.example.cn>';

  let callSeq = 0;
  async function newReadyApplication(prefix = 's1'): Promise<string> {
    callSeq++;
    const call = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({ title: `通知测试批次${callSeq}`, year: 2024, template: 'dahe-2024', opensAt: new Date(Date.now() - 3600_000).toISOString(), deadline: new Date(Date.now() + 7 * 86400_000).toISOString(), countryRisk: { KZ: 'ok' } })
      .expect(201);
    await http().post(`/api/calls/${call.body.id}/open`).set(as('prov.officer')).expect(200);
    const contact = `${prefix}.contact`;
    const id = (await http().post('/api/applications').set(as(contact)).send({ callId: call.body.id }).expect(201)).body.id as string;
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
    return id;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedTestDemo(db);
    app = await createTestApp(db);
    for (const username of ['prov.officer', 'prov.admin', 's1.contact', 's1.legal', 's1.admin', 's2.admin', 's2.contact', 's2.legal', 'zz.reviewer']) {
      tokens.set(username, (await login(app, username)).token);
    }
    const [zz] = await owner<{ id: string }>(`SELECT id FROM organisation WHERE name = '郑州市教育局'`);
    await http().post('/api/me/active-org').set(as('zz.reviewer')).send({ organisationId: zz!.id }).expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  let submittedId: string;

  it('tells the next person in line at each hand-over, in the transition’s own transaction, and keeps no address', async () => {
    const id = await newReadyApplication('s1');
    const [school] = await owner<{ name: string; parent: string }>(`SELECT s.name, p.name AS parent FROM application a JOIN organisation s ON s.id = a.org_id JOIN organisation p ON p.id = s.parent_id WHERE a.id = $1`, [id]);

    const submitted = await move('s1.contact', id, { action: 'submit_for_signature' }).expect(200);
    let messages = await messagesOf(id);
    expect(messages.map((m) => [m.kind, m.recipient])).toEqual((await holders(school!.name, 'legal_rep')).map((u) => ['awaiting_signature', u]));
    expect(messages.map((m) => m.recipient)).toContain('s1.legal');
    expect(messages[0]!.subject).toMatch(/^【待您签署】/);
    expect(messages[0]!.body).toContain(`http://localhost:3000/applications/${id}`);
    expect(messages[0]!.body).toContain(submitted.body.contentHash);
    // Written by the very transaction that moved the application (same transaction id on both rows).
    const [same] = await owner<{ same: boolean }>(`SELECT bool_and(m.xmin = a.xmin) AS same FROM outbox_message m JOIN application a ON a.id = m.application_id WHERE a.id = $1`, [id]);
    expect(same!.same).toBe(true);

    await move('s1.legal', id, { action: 'sign', opinion: '同意申报。', password: 'Huanghe-Test-2024' }).expect(200);
    messages = (await messagesOf(id)).filter((m) => m.kind === 'awaiting_review');
    expect(messages.map((m) => m.recipient)).toEqual(await holders(school!.parent, 'supervisor_reviewer'));
    expect(messages.map((m) => m.recipient)).toContain('zz.reviewer');
    expect(messages[0]!.subject).toMatch(/^【待您审核】/);

    const approved = await move('zz.reviewer', id, { action: 'approve', opinion: '同意推荐。' }).expect(200);
    messages = (await messagesOf(id)).filter((m) => m.kind === 'submitted');
    expect(messages.map((m) => m.recipient)).toEqual(await holders(school!.name, 'contact'));
    expect(messages[0]!.subject).toContain(approved.body.receiptNo);
    expect(messages[0]!.body).toContain(`回执编号：${approved.body.receiptNo}`);
    expect(await messagesOf(id)).toHaveLength(3);

    // Addresses are read from the account when sending; the outbox has no copy of them.
    const columns = await owner<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'outbox_message'`);
    expect(columns.map((c) => c.column_name)).not.toContain('email');
    const emails = await owner<{ email: string }>(`SELECT email FROM app_user WHERE email IS NOT NULL`);
    const stored = JSON.stringify(await owner(`SELECT * FROM outbox_message`));
    expect(emails.filter((e) => stored.includes(e.email))).toEqual([]);
    submittedId = id;
  });

  it('tells the school’s contact when work is returned, with the comment', async () => {
    const id = await newReadyApplication('s2');
    await move('s2.contact', id, { action: 'submit_for_signature' }).expect(200);
    await move('s2.legal', id, { action: 'return', comment: '第三部分预算需要补充明细' }).expect(200);
    const returned = (await messagesOf(id)).filter((m) => m.kind === 'returned');
    expect(returned.map((m) => m.recipient)).toEqual(['s2.contact']);
    expect(returned[0]!.subject).toMatch(/^【已退回】/);
    expect(returned[0]!.body).toContain('第三部分预算需要补充明细');
  });

  it('writes nothing when the move is refused or its transaction rolls back', async () => {
    const id = await newReadyApplication('s1');
    // Refused by the rules: nothing moves, nothing is written.
    await move('s1.legal', id, { action: 'sign', opinion: '同意', password: 'Huanghe-Test-2024' }).expect(409);
    expect(await messagesOf(id)).toEqual([]);

    // Allowed, then the transaction fails after the engine wrote state, trail and messages: all gone.
    const [actor] = await owner<{ user_id: string; org_id: string; path: string }>(
      `SELECT u.id AS user_id, o.id AS org_id, o.path FROM app_user u JOIN membership m ON m.user_id = u.id JOIN organisation o ON o.id = m.org_id WHERE u.username = 's1.contact'`,
    );
    const engine = new SignoffEngine(new AuditService('sm3'), new HandOverNotifier('http://localhost:3000'));
    const failure = new Error('the commit never happens');
    let enqueuedInside = -1;
    await expect(
      app.get(Database).inTenant({ orgPath: actor!.path, userId: actor!.user_id }, async (sql) => {
        await engine.apply(sql, { userId: actor!.user_id, roles: ['contact'], orgId: actor!.org_id, orgKind: 'school', orgPath: actor!.path }, id, { action: 'submit_for_signature' });
        enqueuedInside = (await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_message WHERE application_id = $1`, [id]))!.n;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(enqueuedInside).toBe(1);
    expect(await messagesOf(id)).toEqual([]);
    expect((await owner<{ state: string }>(`SELECT state FROM application WHERE id = $1`, [id]))[0]!.state).toBe('draft');
  });

  it('shows admins their messages: a school its own, the province all, nobody else', async () => {
    const schoolOf = async (username: string) => (await owner<{ org_id: string }>(`SELECT m.org_id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.username = $1`, [username]))[0]!.org_id;
    const s1 = await schoolOf('s1.admin');
    const s2 = await schoolOf('s2.admin');
    const all = await owner<{ org_id: string }>(`SELECT org_id FROM outbox_message`);
    const mine = await http().get('/api/outbox').set(as('s1.admin')).expect(200);
    expect(mine.body.length).toBe(all.filter((m) => m.org_id === s1).length);
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body.every((m: { orgId: string }) => m.orgId === s1)).toBe(true);
    expect(mine.body[0]).toMatchObject({ status: 'pending', attempts: 0, recipientName: expect.any(String) });
    expect(JSON.stringify(mine.body)).not.toMatch(/@demo\.dahe\.local/);
    const theirs = await http().get('/api/outbox').set(as('s2.admin')).expect(200);
    expect(theirs.body.every((m: { orgId: string }) => m.orgId === s2)).toBe(true);
    const province = await http().get('/api/outbox').set(as('prov.admin')).expect(200);
    expect(province.body.length).toBe(all.length);
    await http().get('/api/outbox').set(as('s1.contact')).expect(403);
    await http().get('/api/outbox').set(as('zz.reviewer')).expect(403);
  });

  it('sends through SMTP after the commit, with the address as the account has it now', async () => {
    const smtp = await new TestSmtpServer().start();
    try {
      const due = await owner<{ id: string; email: string; subject: string; body: string }>(
        `SELECT m.id, u.email, m.subject, m.body FROM outbox_message m JOIN app_user u ON u.id = m.recipient_id WHERE m.sent_at IS NULL ORDER BY m.id`,
      );
      expect(due.length).toBeGreaterThan(3);
      const sent = await dispatcher({ smtpUrl: smtp.url, smtpFrom }).drain();
      expect(sent).toBe(due.length);
      expect(smtp.received.map((m) => m.outboxId).sort()).toEqual(due.map((m) => m.id));
      for (const message of due) {
        const mail = smtp.received.find((m) => m.outboxId === message.id)!;
        expect(mail.to).toEqual([message.email]);
        expect(mail.from).toBe('noreply@dahe.example.cn');
        expect(mail.subject).toBe(message.subject);
        expect(mail.text.trim()).toBe(message.body.trim());
      }
      const rows = await messagesOf(submittedId);
      expect(rows.every((m) => m.sent_at !== null && m.channel === 'smtp' && m.attempts === 1 && m.next_attempt_at === null)).toBe(true);
      // Nothing due any more: a second run sends nothing.
      expect(await dispatcher({ smtpUrl: smtp.url, smtpFrom }).drain()).toBe(0);
      expect(smtp.received).toHaveLength(due.length);
    } finally {
      await smtp.stop();
    }
  });

  it('retries with back-off while the mail server is down, and never undoes the move', async () => {
    const smtp = await new TestSmtpServer().start();
    const port = smtp.port;
    await smtp.stop();
    const id = await newReadyApplication('s2');
    await move('s2.contact', id, { action: 'submit_for_signature' }).expect(200);
    const send = dispatcher({ smtpUrl: `smtp://dahe:smtp-secret@127.0.0.1:${port}`, smtpFrom, retryBaseMs: 1500 });
    expect(await send.drain()).toBe(1);
    let [row] = await messagesOf(id);
    expect(row).toMatchObject({ attempts: 1, sent_at: null, channel: null });
    expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(row!.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 500);
    expect((await owner<{ state: string }>(`SELECT state FROM application WHERE id = $1`, [id]))[0]!.state).toBe('awaiting_signature');
    // Not due yet: the next run leaves it alone.
    expect(await send.drain()).toBe(0);

    await smtp.start(port);
    try {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, row!.next_attempt_at!.getTime() - Date.now()) + 200));
      expect(await send.drain()).toBe(1);
      [row] = await messagesOf(id);
      expect(row).toMatchObject({ attempts: 2, channel: 'smtp', next_attempt_at: null });
      expect(row!.sent_at).not.toBeNull();
      expect(smtp.received.map((m) => m.outboxId)).toEqual([row!.id]);
      expect(smtp.received[0]!.to).toEqual(['s2.legal@demo.dahe.local']);
    } finally {
      await smtp.stop();
    }
  });

  it('gives a message up after the last attempt, and without a mail server keeps messages in the outbox', async () => {
    const id = await newReadyApplication('s1');
    await move('s1.contact', id, { action: 'submit_for_signature' }).expect(200);
    await owner(`UPDATE app_user SET email = NULL WHERE username = 's1.legal'`);
    try {
      expect(await dispatcher({ smtpUrl: 'smtp://dahe:x@127.0.0.1:9', smtpFrom }).drain()).toBe(1);
      const [row] = await messagesOf(id);
      expect(row).toMatchObject({ attempts: 1, sent_at: null, next_attempt_at: null });
      expect(row!.last_error).toContain('has no e-mail address');
      const listed = await http().get('/api/outbox').set(as('s1.admin')).expect(200);
      expect(listed.body.find((m: { id: string }) => m.id === row!.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('e-mail') });
    } finally {
      await owner(`UPDATE app_user SET email = 's1.legal@demo.dahe.local' WHERE username = 's1.legal'`);
    }

    const other = await newReadyApplication('s2');
    await move('s2.contact', other, { action: 'submit_for_signature' }).expect(200);
    expect(await dispatcher({}).drain()).toBe(1);
    const [kept] = await messagesOf(other);
    expect(kept).toMatchObject({ attempts: 1, channel: 'outbox', next_attempt_at: null, last_error: null });
    expect(kept!.sent_at).not.toBeNull();
  });

  it('never sends one message twice when two dispatchers run at once', async () => {
    const [application] = await owner<{ org_id: string; id: string }>(`SELECT org_id, id FROM application WHERE id = $1`, [submittedId]);
    const recipients = await owner<{ id: string }>(`SELECT id FROM app_user WHERE email IS NOT NULL ORDER BY username LIMIT 8`);
    await owner(
      `INSERT INTO outbox_message (org_id, application_id, kind, recipient_id, subject, body)
       SELECT $1, $2, 'submitted', r.id, '并发测试 ' || g, '正文 ' || g FROM generate_series(1, 10) g, unnest($3::uuid[]) AS r (id)`,
      [application!.org_id, application!.id, recipients.map((r) => r.id)],
    );
    const due = await owner<{ id: string }>(`SELECT id FROM outbox_message WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL ORDER BY id`);
    expect(due.length).toBe(80);
    const smtp = await new TestSmtpServer('dahe', 'smtp-secret', 5).start();
    try {
      const [a, b] = await Promise.all([dispatcher({ smtpUrl: smtp.url, smtpFrom }).drain(), dispatcher({ smtpUrl: smtp.url, smtpFrom }).drain()]);
      expect(a + b).toBe(80);
      // Both really worked, side by side.
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      const ids = smtp.received.map((m) => m.outboxId).sort();
      expect(ids).toEqual(due.map((m) => m.id));
      expect(new Set(ids).size).toBe(ids.length);
      const [left] = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_message WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL`);
      expect(left!.n).toBe(0);
    } finally {
      await smtp.stop();
    }
  });
});
