import pg from 'pg';
import { AuditService } from '@dahe/api/core/data-access-audit';
import type { Sql } from '@dahe/api/core/data-access-db';

export interface ChainReport {
  orgId: string;
  chain: string;
  events: number;
  ok: boolean;
  brokenAt?: { seq: number; id: string; reason: string };
}

/** A node-postgres client seen through the repositories' Sql interface. */
function sqlOf(client: pg.Client): Sql {
  return {
    rows: async <T extends object>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    one: async <T extends object>(text: string, params?: unknown[]) => (await client.query(text, params)).rows[0] as T | undefined,
    exec: async (text: string, params?: unknown[]) => (await client.query(text, params)).rowCount ?? 0,
  };
}

/**
 * Recomputes every audit chain of a database, as the owner (row-level security would hide chains from
 * the app role), in one repeatable-read snapshot so appends during the run cannot confuse it.
 */
export async function verifyAllChains(ownerUrl: string): Promise<ChainReport[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const sql = sqlOf(client);
    const audit = new AuditService();
    const chains = await sql.rows<{ org_id: string; chain: string }>(`SELECT DISTINCT org_id, chain FROM audit_event ORDER BY org_id, chain`);
    const reports: ChainReport[] = [];
    for (const { org_id: orgId, chain } of chains) {
      const result = await audit.verify(sql, orgId, chain);
      reports.push({ orgId, chain, ...result });
    }
    await client.query('COMMIT');
    return reports;
  } finally {
    await client.end();
  }
}
