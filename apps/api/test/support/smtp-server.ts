import { type AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  outboxId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * A real SMTP server in this process (smtp-server, from nodemailer's authors): it requires the login the
 * dispatcher's URL carries, parses every message it accepts, and can be closed and opened again on the same
 * port to play a mail server that is down for a while.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  port = 0;
  private server?: SMTPServer;

  constructor(
    readonly user = 'dahe',
    readonly password = 'smtp-secret',
    /** Milliseconds each message waits before it is accepted (makes batches overlap in time). */
    private readonly delayMs = 0,
  ) {}

  get url(): string {
    return `smtp://${this.user}:${this.password}@127.0.0.1:${this.port}`;
  }

  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then(async (mail) => {
            if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
            this.received.push({
              outboxId: String(mail.headers.get('x-dahe-outbox-id') ?? ''),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
