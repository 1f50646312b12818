/** The hand-over notices (issue 5, E-mail) as `GET /api/outbox` lists them for admins: never the address, only whom it is for. */
export type OutboxKind = 'awaiting_signature' | 'returned' | 'awaiting_review' | 'submitted';

/** `sent`: handed to the mail server or, with channel `outbox` (no server configured), kept here; `pending`: not tried yet; `failed`: tried, retried later or given up. */
export type OutboxStatus = 'sent' | 'pending' | 'failed';

export interface OutboxMessageDto {
  id: string;
  applicationId: string;
  orgId: string;
  kind: OutboxKind;
  recipientId: string;
  recipientName: string;
  subject: string;
  body: string;
  createdAt: string;
  status: OutboxStatus;
  channel: 'smtp' | 'outbox' | null;
  attempts: number;
  nextAttemptAt: string | null;
  sentAt: string | null;
  lastError: string | null;
}
