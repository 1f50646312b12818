// The baseline: what a dashboard or intake request costs PostgreSQL without the API. The same two
// transactions as the API, as the app role `dahe_app` (row-level security applies), on a node-postgres pool
// the size of the API's:
//   AuthGuard → SessionService.resolve in Database.withoutTenant (bench/lib/raw-session.mjs)
//   IntakeService.page / ProvinceDashboardService.dashboard in Database.inTenant:
//     START TRANSACTION; set_config(org_path, user_id); SELECT call; the service's statements (the very
//     functions the service calls, bundled from the sources by queries.mjs); COMMIT
import { SET_TENANT, createRawPool, resolveSession, transaction } from '../../lib/raw-session.mjs';

export { createRawPool };

/** The repositories' Sql interface over one client (what provinceFigures takes). */
function sqlOf(client) {
  return {
    rows: async (text, params) => (await client.query(text, params)).rows,
    one: async (text, params) => (await client.query(text, params)).rows[0],
    exec: async (text, params) => (await client.query(text, params)).rowCount ?? 0,
  };
}

/** One request of `scenario` without the API; answers the rows (intake) or figures (dashboard). */
export async function rawRequest(pool, queries, session, scenario) {
  const identity = await resolveSession(pool, session.tokenHash);
  return transaction(pool, async (client) => {
    await client.query(SET_TENANT, [identity.orgPath, identity.userId]);
    if (scenario.kind === 'dashboard') {
      const call = (await client.query(`SELECT id, org_id, deadline FROM call WHERE id = $1`, [scenario.callId])).rows[0];
      return queries.provinceFigures(sqlOf(client), call.id, call.org_id);
    }
    const call = (await client.query(`SELECT id, org_id FROM call WHERE id = $1`, [scenario.callId])).rows[0];
    const { text, params } = queries.intakeQuery(call.id, call.org_id, scenario.query, scenario.query.page ?? 1, scenario.query.pageSize ?? 50);
    return (await client.query(text, params)).rows;
  });
}

/** `connections` loops of the same request for `seconds`; requests finishing after the end are not counted. */
export async function runRaw({ pool, queries, session, scenario, connections, seconds, record = true }) {
  const latencies = [];
  let failed = 0;
  let lastError;
  const startedAt = performance.now();
  const deadline = startedAt + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const began = performance.now();
        try {
          await rawRequest(pool, queries, session, scenario);
          const ended = performance.now();
          if (ended <= deadline && record) latencies.push(ended - began);
        } catch (error) {
          failed++;
          lastError = error.message;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }),
  );
  return { seconds: (Math.min(performance.now(), deadline) - startedAt) / 1000, latencies, failed, lastError };
}
