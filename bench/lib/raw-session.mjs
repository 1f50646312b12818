// What every API request costs PostgreSQL before its own work, for the benchmarks' raw baselines: the
// AuthGuard's session check (SessionService.resolve in libs/api/identity/feature-auth/src/lib/session.service.ts,
// in Database.withoutTenant: keep in step with it), and the transactions as Database.run opens them.
//   START TRANSACTION; set_config(org_path '', user_id ''); session ⋈ app_user by token hash;
//   [UPDATE user_session SET last_seen_at once a minute]; set_config(user_id); memberships; COMMIT
import pg from 'pg';

export const SET_TENANT = `SELECT set_config('dahe.org_path', $1, true), set_config('dahe.user_id', $2, true)`;
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

/** One transaction on a pooled client, as Database.run does it (TypeORM: START TRANSACTION … COMMIT). */
export async function transaction(pool, work) {
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

/**
 * The guard: who holds this token, in which organisation. `refused(reason)` makes the error thrown for a
 * missing session or membership (the caller's own class, to tell refusals from failures).
 */
export function resolveSession(pool, tokenHash, refused = (reason) => new Error(reason)) {
  return transaction(pool, async (client) => {
    await client.query(SET_TENANT, ['', '']);
    const session = (await client.query(SESSION, [tokenHash])).rows[0];
    if (!session || session.revoked_at) throw refused('session missing');
    if (session.last_seen_at.getTime() + 60_000 <= Date.now()) await client.query(TOUCH_SESSION, [session.session_id]);
    await client.query(SET_USER, [session.user_id]);
    const memberships = (await client.query(MEMBERSHIPS, [session.user_id])).rows;
    const active = memberships.find((m) => m.org_id === session.active_org_id);
    if (!active) throw refused('no membership');
    return { userId: session.user_id, orgPath: active.path, roles: active.roles };
  });
}

/** A node-postgres pool of the API's size, as the app role; an idle client's error is reported, not thrown into the void. */
export function createRawPool(appUrl, size, log = () => undefined) {
  const pool = new pg.Pool({ connectionString: appUrl, max: size, application_name: 'dahe-bench-raw' });
  pool.on('error', (error) => log(`raw pool: idle client error: ${error.message}`));
  return pool;
}
