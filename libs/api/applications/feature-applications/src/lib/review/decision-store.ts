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
