import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Database } from '@dahe/api/core/data-access-db';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { OutboxKind, OutboxMessageDto } from '@dahe/shared/contracts';

interface Row {
  id: string;
  application_id: string;
  org_id: string;
  kind: OutboxKind;
  recipient_id: string;
  recipient_name: string;
  subject: string;
  body: string;
  created_at: Date;
  channel: 'smtp' | 'outbox' | null;
  attempts: number;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  last_error: string | null;
}

@Injectable()
export class OutboxService {
  constructor(private readonly db: Database) {}

  /** The newest messages the active organisation sees (row-level security: its own subtree). */
  list(identity: RequestIdentity, limit = 200): Promise<OutboxMessageDto[]> {
    return this.db.inTenant({ orgPath: identity.org.path, userId: identity.userId }, async (sql) => {
      const rows = await sql.rows<Row>(
        `SELECT m.id, m.application_id, m.org_id, m.kind, m.recipient_id, u.display_name AS recipient_name, m.subject, m.body,
                m.created_at, m.channel, m.attempts, m.next_attempt_at, m.sent_at, m.last_error
           FROM outbox_message m JOIN app_user u ON u.id = m.recipient_id
          ORDER BY m.created_at DESC, m.id
          LIMIT $1`,
        [limit],
      );
      return rows.map((row) => ({
        id: row.id,
        applicationId: row.application_id,
        orgId: row.org_id,
        kind: row.kind,
        recipientId: row.recipient_id,
        recipientName: row.recipient_name,
        subject: row.subject,
        body: row.body,
        createdAt: row.created_at.toISOString(),
        status: row.sent_at ? 'sent' : row.attempts > 0 ? 'failed' : 'pending',
        channel: row.channel,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
        sentAt: row.sent_at?.toISOString() ?? null,
        lastError: row.last_error,
      }));
    });
  }
}

@ApiTags('outbox')
@Controller('outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  /** 通知发件箱: the hand-over messages, newest first (school admins: their school; the province admin: all). */
  @Authorize('read', 'OutboxMessage')
  @Get()
  list(@CurrentIdentity() identity: RequestIdentity, @Query('limit') limit?: string): Promise<OutboxMessageDto[]> {
    const n = Number(limit ?? 200);
    return this.outbox.list(identity, Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 200);
  }
}
