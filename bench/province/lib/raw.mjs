// The baseline: what a dashboard or intake request costs PostgreSQL without the API. The same two
// transactions as the API, as the app role `dahe_app` (row-level security applies), on a node-postgres pool
// the size of the API's:
//   AuthGuard → SessionService.resolve in Database.withoutTenant (statements copied from
//   bench/autosave/lib/raw-load.mjs, which copies them from libs/api/identity/feature-auth session.service.ts):
//     START TRANSACTION; set_config(org_path '', user_id ''); session ⋈ app_user by token hash;
//     [UPDATE user_session SET last_seen_at once a minute]; set_config(user_id); memberships; COMMIT
//   IntakeService.page / ProvinceDashboardService.dashboard in Database.inTenant:
//     START TRANSACTION; set_config(org_path, user_id); SELECT call; the service's statements (the very
//     functions the service calls, bundled from the sources by queries.mjs); COMMIT
import pg from 'pg';

const SET_TENANT = `SELECT set_config('dahe.org_path', $1, true), set_config('dahe.user_id', $2, true)`;
const SESSION = `SELECT s.id AS session_id, s.user_id, s.active_org_id, s.expires_at, s.last_seen_at, s.revoked_at,
                u.username, u.display_name, u.email, u.totp_enabled_at
           FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.token_hash = $1`;
const TOUCH_SESSION = `UPDATE user_session SET last_seen_at = now() WHERE id = $1`;
const SET_USER = `SELECT set_config('dahe.user_id', $1, true)`;
const MEMBERSHIPS = `SELECT o.id AS org_id, o.name, o.kind, o.path, o.school_type, o.parent_id, array_agg(m.role ORDER BY m.role) AS roles
         FROM membership m JOIN organisation o ON o.id = m.org_id
        WHERE m.user_id = $1 AND m.status = 'active'
        GROUP BY o.id
        ORDER BY array_position(ARRAY['province', 'supervisor', 'school'], o.kind), o.name`;

async function transaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

/** The repositories' Sql interface over one client (what provinceFigures takes). */
function sqlOf(client) {
  return {
    rows: async (text, params) => (await client.query(text, params)).rows,
    one: async (text, params) => (await client.query(text, params)).rows[0],
    exec: async (text, params) => (await client.query(text, params)).rowCount ?? 0,
  };
}

async function guard(pool, tokenHash) {
  return transaction(pool, async (client) => {
    await client.query(SET_TENANT, ['', '']);
    const session = (await client.query(SESSION, [tokenHash])).rows[0];
    if (!session || session.revoked_at) throw new Error('session missing');
    if (session.last_seen_at.getTime() + 60_000 <= Date.now()) await client.query(TOUCH_SESSION, [session.session_id]);
    await client.query(SET_USER, [session.user_id]);
    const memberships = (await client.query(MEMBERSHIPS, [session.user_id])).rows;
    const active = memberships.find((m) => m.org_id === session.active_org_id) ?? memberships[0];
    if (!active) throw new Error('no membership');
    return { userId: session.user_id, orgPath: active.path };
  });
}

/** One request of `scenario` without the API; answers the rows (intake) or figures (dashboard). */
export async function rawRequest(pool, queries, session, scenario) {
  const identity = await guard(pool, session.tokenHash);
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

export function createRawPool(appUrl, size, log = () => undefined) {
  const pool = new pg.Pool({ connectionString: appUrl, max: size, application_name: 'dahe-bench-raw' });
  pool.on('error', (error) => log(`raw pool: idle client error: ${error.message}`));
  return pool;
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
