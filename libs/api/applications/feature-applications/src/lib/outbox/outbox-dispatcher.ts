import type { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Database } from '@dahe/api/core/data-access-db';
import { HandOverNotifier } from './hand-over-notifier';

/** How hand-over messages are written and sent (DAHE_PUBLIC_URL, DAHE_SMTP_*, DAHE_OUTBOX_*). */
export interface OutboxOptions {
  /** Where people open the web app; links in messages point here. No trailing slash. */
  publicUrl: string;
  /** smtp:// or smtps:// URL of the mail server; absent → messages stay in the outbox for admins to read. */
  smtpUrl?: string;
  /** The From header, e.g. `大河工坊 <noreply@example.cn>`; required with {@link smtpUrl}. */
  smtpFrom?: string;
  /** Run the dispatcher in this process (timer, start-up and after each transition). */
  dispatch: boolean;
  /** How often due messages are looked for, besides right after a transition. */
  intervalMs: number;
  /** The first retry waits this long; every further one twice as long as the last (at most an hour). */
  retryBaseMs: number;
  /** After this many failed attempts the message is given up (shown as failed). */
  maxAttempts: number;
}

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { publicUrl: 'http://localhost:3000', dispatch: false, intervalMs: 5000, retryBaseMs: 30_000, maxAttempts: 10 };

interface ClaimedMessage {
  org_id: string;
  id: string;
  recipient_id: string;
  email: string | null;
  display_name: string;
  subject: string;
  body: string;
  attempts: number;
}

const BATCH = 20;
const MAX_BACKOFF_MS = 3600_000;

/** The wait before attempt `attempts + 1`, after `attempts` failed ones. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/**
 * Sends what the outbox holds, after the transitions that wrote it committed. Each batch is claimed with
 * `FOR UPDATE SKIP LOCKED` and stays locked while it is sent and marked, in one transaction: several API
 * processes never send one message twice, and a process that dies mid-batch leaves its messages due for
 * the next one (at least once: a crash after the server accepted one and before the commit re-sends it).
 * A failure is recorded with a later next attempt; nothing here ever touches the application.
 */
export class OutboxDispatcher {
  readonly notifier: HandOverNotifier;
  private readonly transport?: Transporter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    readonly options: OutboxOptions,
    private readonly logger?: Pick<Logger, 'log' | 'warn' | 'error'>,
  ) {
    this.notifier = new HandOverNotifier(options.publicUrl);
    this.transport = options.smtpUrl ? nodemailer.createTransport(smtpTransportOptions(options.smtpUrl), { from: options.smtpFrom }) : undefined;
  }

  /** Starts the timer and looks for due messages now (those a crashed run left, too). */
  start(): void {
    if (!this.options.dispatch || this.timer || this.stopped) return;
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Waits for the batch in hand; nothing new starts. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.transport?.close();
  }

  /** After a commit: look for due messages soon, without waiting for it. Runs never overlap in one process. */
  kick(): void {
    if (!this.options.dispatch || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.stopped);
      } catch (error) {
        this.logger?.error(`outbox dispatch failed: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
  }

  /** Sends batches until nothing is due; answers how many messages were handled (sent or failed). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.runOnce();
      total += handled;
      if (handled < BATCH || this.stopped) return total;
    }
  }

  /** Claims one batch of due messages, sends them and records each outcome, in one transaction. */
  async runOnce(): Promise<number> {
    return this.db.withoutTenant(undefined, async (sql) => {
      const messages = await sql.rows<ClaimedMessage>(`SELECT * FROM dahe_outbox_claim($1)`, [BATCH]);
      for (const message of messages) {
        try {
          const via = await this.send(message);
          await sql.one(`SELECT dahe_outbox_sent($1, $2, $3)`, [message.org_id, message.id, via]);
        } catch (error) {
          const attempts = message.attempts + 1;
          const giveUp = attempts >= this.options.maxAttempts || error instanceof PermanentFailure;
          const retryAt = giveUp ? null : new Date(Date.now() + retryDelayMs(attempts, this.options.retryBaseMs));
          await sql.one(`SELECT dahe_outbox_failed($1, $2, $3, $4)`, [message.org_id, message.id, (error as Error).message || String(error), retryAt]);
          this.logger?.warn(`outbox message ${message.id} not sent (attempt ${attempts}${giveUp ? ', given up' : ''}): ${(error as Error).message}`);
        }
      }
      return messages.length;
    });
  }

  private async send(message: ClaimedMessage): Promise<'smtp' | 'outbox'> {
    if (!this.transport) return 'outbox';
    if (!message.email) throw new PermanentFailure(`${message.display_name} has no e-mail address`);
    await this.transport.sendMail({
      to: { name: message.display_name, address: message.email },
      subject: message.subject,
      text: message.body,
      messageId: `<${message.id}@dahe>`,
      headers: { 'X-Dahe-Outbox-Id': message.id },
    });
    return 'smtp';
  }
}

/** smtp://user:pass@host:port (smtps:// for TLS from the start), with timeouts that never hold a batch for long. */
export function smtpTransportOptions(url: string): SMTPTransport.Options {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** A failure no retry will mend (no address): the message is given up at once. */
class PermanentFailure extends Error {}
