import type { Sql } from '@dahe/api/core/data-access-db';
import type { ApplicationState, WorkflowAction } from '@dahe/shared/workflow';

export type HandOverKind = 'awaiting_signature' | 'returned' | 'awaiting_review' | 'submitted';

/** One move, as the sign-off engine made it: what the notifier needs to tell whose turn it is now. */
export interface HandOver {
  orgId: string;
  applicationId: string;
  callId: string;
  /** The school's supervising unit (its parent in the tree). */
  schoolParentId: string | null;
  action: WorkflowAction;
  from: ApplicationState;
  to: ApplicationState;
  receiptNo: string | null;
  contentHash: string;
  comment: string;
}

interface Recipients {
  org: 'school' | 'supervisor';
  roles: string[];
  /** Asked when nobody holds {@link roles}: a school without a named contact still hears of its application. */
  fallbackRoles?: string[];
}

/** Whom each hand-over tells, or nothing when the move hands nothing over to anyone. */
export function handOverKind(move: Pick<HandOver, 'action' | 'from' | 'to'>): HandOverKind | undefined {
  if (move.to === 'awaiting_signature') return 'awaiting_signature';
  if (move.to === 'signed') return 'awaiting_review';
  if (move.to === 'submitted') return 'submitted';
  if ((move.to === 'draft' || move.to === 'returned') && move.from !== move.to && (move.action === 'return' || move.action === 'return_for_correction')) return 'returned';
  return undefined;
}

const RECIPIENTS: Record<HandOverKind, Recipients> = {
  awaiting_signature: { org: 'school', roles: ['legal_rep'] },
  returned: { org: 'school', roles: ['contact'], fallbackRoles: ['school_admin'] },
  awaiting_review: { org: 'supervisor', roles: ['supervisor_reviewer'] },
  submitted: { org: 'school', roles: ['contact'], fallbackRoles: ['school_admin'] },
};

/** The subject and body of one hand-over's messages (Chinese: the platform's users read Chinese mail). */
export function handOverMessage(kind: HandOverKind, move: HandOver, names: { school: string; call: string }, link: string): { subject: string; body: string } {
  const what = `${names.school}的申报书（${names.call}）`;
  const footer = `\n\n查看申报书：${link}\n\n此邮件由大河工坊 · 职教出海项目申报平台自动发送，请勿直接回复。`;
  switch (kind) {
    case 'awaiting_signature':
      return {
        subject: `【待您签署】${what}`,
        body: `您好：\n\n${what}已由项目联系人提交签署，正等待您以法定代表人身份阅读全文、填写单位意见并签署内容真实性责任声明。\n\n内容哈希：${move.contentHash}${footer}`,
      };
    case 'returned':
      return {
        subject: `【已退回】${what}`,
        body: `您好：\n\n${what}已被退回修改，此前的签名均已作废。\n\n退回意见：${move.comment || '（无）'}${footer}`,
      };
    case 'awaiting_review':
      return {
        subject: `【待您审核】${what}`,
        body: `您好：\n\n${what}已由法定代表人签署，正等待主管单位审核：请阅读后填写单位意见并审核通过，或附意见退回。\n\n内容哈希：${move.contentHash}${footer}`,
      };
    case 'submitted':
      return {
        subject: `【已受理】${what}已报送省教育厅，回执编号 ${move.receiptNo ?? ''}`,
        body: `您好：\n\n${what}已经主管单位审核通过并报送省教育厅，省教育厅已受理。\n\n回执编号：${move.receiptNo ?? ''}\n内容哈希：${move.contentHash}${footer}`,
      };
  }
}

/**
 * Writes a hand-over's messages into the outbox, in the transition's own transaction: they exist if and
 * only if the move commits. Sending is the dispatcher's business, after the commit.
 */
export class HandOverNotifier {
  /** @param publicUrl where people open the web app (DAHE_PUBLIC_URL), without a trailing slash */
  constructor(private readonly publicUrl: string) {}

  /** Answers how many messages were written. */
  async enqueue(sql: Sql, move: HandOver): Promise<number> {
    const kind = handOverKind(move);
    if (!kind) return 0;
    const recipients = RECIPIENTS[kind];
    const recipientOrg = recipients.org === 'school' ? move.orgId : move.schoolParentId;
    if (!recipientOrg) return 0;
    const names = await sql.one<{ school: string; call: string }>(
      `SELECT s.name AS school, c.title AS call FROM organisation s, call c WHERE s.id = $1 AND c.id = $2`,
      [move.orgId, move.callId],
    );
    if (!names) throw new Error('the application’s school or call is not visible to the mover');
    const { subject, body } = handOverMessage(kind, move, names, `${this.publicUrl}/applications/${move.applicationId}`);
    const insert = (roles: string[]) =>
      sql.exec(
        `INSERT INTO outbox_message (org_id, application_id, kind, recipient_id, subject, body)
         SELECT $1, $2, $3, r.user_id, $4, $5 FROM dahe_outbox_recipients($1, $6, $7::text[]) AS r (user_id) ORDER BY r.user_id`,
        [move.orgId, move.applicationId, kind, subject, body, recipientOrg, roles],
      );
    const written = await insert(recipients.roles);
    return written > 0 || !recipients.fallbackRoles ? written : insert(recipients.fallbackRoles);
  }
}
