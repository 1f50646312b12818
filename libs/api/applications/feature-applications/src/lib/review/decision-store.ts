import { type AuditActor, type AuditService, ORG_CHAIN } from '@dahe/api/core/data-access-audit';
import type { Sql } from '@dahe/api/core/data-access-db';
import type { Decision } from '@dahe/shared/workflow';

export interface DecisionRecord {
  /** The province that runs the call: the row is its own (schools never read it). */
  provinceId: string;
  applicationId: string;
  callId: string;
  decision: Decision;
  note: string;
  decidedBy: string;
  /** Published now (the application moved), or only recorded. */
  published: boolean;
}

/**
 * Records or overwrites an application's decision (立项). Publishing the same decision again keeps who
 * decided it and when; a changed decision or note is the publisher's.
 */
export async function upsertDecision(sql: Sql, record: DecisionRecord): Promise<void> {
  await sql.exec(
    `INSERT INTO application_decision (org_id, application_id, call_id, decision, note, decided_by, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END)
     ON CONFLICT (org_id, application_id) DO UPDATE SET
       decided_by = CASE WHEN application_decision.decision = EXCLUDED.decision AND application_decision.note = EXCLUDED.note THEN application_decision.decided_by ELSE EXCLUDED.decided_by END,
       decided_at = CASE WHEN application_decision.decision = EXCLUDED.decision AND application_decision.note = EXCLUDED.note THEN application_decision.decided_at ELSE now() END,
       decision = EXCLUDED.decision,
       note = EXCLUDED.note,
       published_at = EXCLUDED.published_at`,
    [record.provinceId, record.applicationId, record.callId, record.decision, record.note, record.decidedBy, record.published],
  );
}

/**
 * Records decisions not yet published (the bulk endpoint and a `decide` before publication), with one
 * event on the province's own trail: the school's trail learns of a decision only when it is published.
 */
export async function recordDecisions(
  sql: Sql,
  audit: AuditService,
  what: { provinceId: string; callId: string; actor: AuditActor & { userId: string }; items: readonly { applicationId: string; decision: Decision; note: string }[] },
): Promise<void> {
  for (const item of what.items) {
    await upsertDecision(sql, { provinceId: what.provinceId, applicationId: item.applicationId, callId: what.callId, decision: item.decision, note: item.note, decidedBy: what.actor.userId, published: false });
  }
  await audit.append(sql, {
    orgId: what.provinceId,
    chain: ORG_CHAIN,
    actor: what.actor,
    subject: { type: 'call', id: what.callId },
    event: { action: 'review.decisions_recorded', data: { callId: what.callId, decisions: what.items.map((i) => ({ applicationId: i.applicationId, decision: i.decision })) } },
  });
}
