import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { type AppProcess, newDataDir, ownerUrl, removeDataDirs, runCli, startApp, waitFor } from '@dahe/shared/testing-e2e';

const running: AppProcess[] = [];
let smtp: SMTPServer | undefined;
afterEach(async () => {
  for (const app of running.splice(0)) {
    if (app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  }
  await closeSmtp();
});
afterAll(removeDataDirs);

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

interface Mail {
  outboxId: string;
  to: string[];
  subject: string;
}

/** A real SMTP server in the test process, requiring the login the app's DAHE_SMTP_URL carries. */
async function listenSmtp(port: number, received: Mail[]): Promise<number> {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => (auth.username === 'dahe' && auth.password === 'smtp-secret' ? callback(null, { user: 'dahe' }) : callback(new Error('Invalid username or password'))),
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          received.push({ outboxId: String(mail.headers.get('x-dahe-outbox-id') ?? ''), to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '' });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  smtp = server;
  return (server.server.address() as AddressInfo).port;
}

async function closeSmtp() {
  const server = smtp;
  smtp = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('hand-over e-mail across a crash', () => {
  it('keeps the move and its message when the app is killed before sending, and sends it after the restart', async () => {
    // A port for the mail server, which is down while the first run works.
    const port = await listenSmtp(0, []);
    await closeSmtp();

    const dataDir = await newDataDir();
    const env = {
      DAHE_DATA_DIR: dataDir,
      DAHE_DEMO_PASSWORD: 'Huanghe-E2E-2024',
      DAHE_SMTP_URL: `smtp://dahe:smtp-secret@127.0.0.1:${port}`,
      DAHE_SMTP_FROM: '大河工坊 <noreply@dahe.example.cn>',
      DAHE_OUTBOX_RETRY_SEC: '1',
      DAHE_OUTBOX_INTERVAL_SEC: '1',
    };
    const first = await startApp(env);
    running.push(first);
    const url = await ownerUrl(dataDir);

    // The demo application waiting for its legal representative: she returns it, which tells the contact.
    const [waiting] = await query<{ id: string; username: string }>(
      url,
      `SELECT a.id, u.username FROM application a JOIN membership m ON m.org_id = a.org_id AND m.role = 'legal_rep' JOIN app_user u ON u.id = m.user_id
        WHERE a.state = 'awaiting_signature' ORDER BY a.id, u.username LIMIT 1`,
    );
    expect(waiting).toBeDefined();
    const signIn = await fetch(`${first.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: waiting!.username, password: env.DAHE_DEMO_PASSWORD }) });
    expect(signIn.status).toBe(200);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const moved = await fetch(`${first.baseUrl}/api/applications/${waiting!.id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ action: 'return', comment: '崩溃测试：请补充预算明细' }),
    });
    expect(moved.status).toBe(200);

    // The dispatcher tried, the mail server was down: the message waits for a retry. Then the process dies.
    await waitFor(async () => ((await query<{ attempts: number }>(url, `SELECT attempts FROM outbox_message WHERE application_id = $1`, [waiting!.id]))[0]?.attempts ?? 0) >= 1, 20000);
    first.child.kill('SIGKILL');
    await first.exited;

    const afterCrash = await query<{ state: string; unsent: number; messages: number; live_signatures: number }>(
      url,
      `SELECT a.state,
              (SELECT count(*)::int FROM outbox_message m WHERE m.application_id = a.id AND m.sent_at IS NULL) AS unsent,
              (SELECT count(*)::int FROM outbox_message m WHERE m.application_id = a.id) AS messages,
              (SELECT count(*)::int FROM signature s WHERE s.application_id = a.id AND s.voided_at IS NULL) AS live_signatures
         FROM application a WHERE a.id = $1`,
      [waiting!.id],
    );
    expect(afterCrash).toEqual([{ state: 'draft', unsent: afterCrash[0]!.messages, messages: afterCrash[0]!.messages, live_signatures: 0 }]);
    expect(afterCrash[0]!.messages).toBeGreaterThan(0);
    const recipients = await query<{ id: string; email: string }>(
      url,
      `SELECT m.id, u.email FROM outbox_message m JOIN app_user u ON u.id = m.recipient_id WHERE m.application_id = $1 ORDER BY m.id`,
      [waiting!.id],
    );

    // The mail server is back; so is the app, on the same data folder: the message goes out once.
    const received: Mail[] = [];
    await listenSmtp(port, received);
    const second = await startApp(env);
    running.push(second);
    await waitFor(() => received.length >= recipients.length, 30000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received.map((m) => m.outboxId).sort()).toEqual(recipients.map((r) => r.id));
    for (const recipient of recipients) expect(received.find((m) => m.outboxId === recipient.id)!.to).toEqual([recipient.email]);
    expect(received.every((m) => m.subject.startsWith('【已退回】'))).toBe(true);

    const [after] = await query<{ state: string; sent: number; total: number; moves: number }>(
      url,
      `SELECT a.state,
              (SELECT count(*)::int FROM outbox_message m WHERE m.application_id = a.id AND m.sent_at IS NOT NULL AND m.channel = 'smtp') AS sent,
              (SELECT count(*)::int FROM outbox_message m WHERE m.application_id = a.id) AS total,
              (SELECT count(*)::int FROM audit_event e WHERE e.subject_id = a.id::text AND e.action = 'application.returned') AS moves
         FROM application a WHERE a.id = $1`,
      [waiting!.id],
    );
    expect(after).toEqual({ state: 'draft', sent: recipients.length, total: recipients.length, moves: 1 });
    const verify = await runCli(['audit-verify'], { DAHE_DATA_DIR: dataDir });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/0 broken/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
