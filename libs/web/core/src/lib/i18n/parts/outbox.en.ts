import type { outboxZhCN } from './outbox.zh-CN';

/** English strings of the notification outbox page: exactly the keys of the zh-CN part. */
export const outboxEn: Readonly<Record<keyof typeof outboxZhCN, string>> = {
  'nav.outbox': 'Notifications',
  'outbox.pageTitle': 'Notification outbox',
  'outbox.heading': 'Notification outbox',
  'outbox.intro': 'Every hand-over (awaiting signature, returned, awaiting review, received) notifies the next person. Without a mail server, notices are only kept here.',
  'outbox.loadError': 'The notices could not be loaded',
  'outbox.empty': 'No notices yet.',
  'outbox.reload': 'Reload',
  'outbox.col.time': 'Time (Beijing)',
  'outbox.col.recipient': 'Recipient',
  'outbox.col.subject': 'Subject',
  'outbox.col.status': 'Status',
  'outbox.col.attempts': 'Attempts',
  'outbox.col.error': 'Last error',
  'outbox.status.sent': 'Sent',
  'outbox.status.kept': 'Kept in the outbox',
  'outbox.status.pending': 'Pending',
  'outbox.status.failed': 'Failed',
  'outbox.nextAttempt': 'Next attempt: {time}',
  'outbox.givenUp': 'No more attempts',
  'outbox.open': 'Open the application',
};
