// The drafters: users, memberships and applications created by the owner over SQL, then signed in
// through the API like any client.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { DEMO_PASSWORD } from './app.mjs';

export const SECTION_KEY = 'approach_tasks';

/**
 * `count` drafters, each `drafter` and `contact` (a contact writes every section without an
 * assignment) in one of the seeded schools, round robin, each with an application of their own in
 * the open call. The per-school limit is the API's rule, so the owner may insert past it.
 */
export async function createDrafters(ownerUrl, count) {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'dahe-bench-setup' });
  await client.connect();
  try {
    await client.query('BEGIN');
    const call = (await client.query(`SELECT id FROM call WHERE status = 'open' ORDER BY created_at LIMIT 1`)).rows[0];
    if (!call) throw new Error('the demo seed has no open call');
    const schools = (await client.query(`SELECT id, path, name FROM organisation WHERE kind = 'school' ORDER BY path`)).rows;
    if (schools.length === 0) throw new Error('the demo seed has no schools');
    const template = (await client.query(`SELECT password_hash FROM app_user WHERE username = 's1.drafter'`)).rows[0];
    if (!template) throw new Error('the demo user s1.drafter is missing (its password hash is copied)');

    const drafters = [];
    for (let i = 0; i < count; i++) {
      const username = `bench.d${String(i + 1).padStart(2, '0')}`;
      const school = schools[i % schools.length];
      const user = (
        await client.query(`INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [username, `压测起草人${i + 1}`, template.password_hash])
      ).rows[0];
      await client.query(`INSERT INTO membership (org_id, user_id, role) VALUES ($1, $2, 'drafter'), ($1, $2, 'contact')`, [school.id, user.id]);
      const application = (await client.query(`INSERT INTO application (org_id, call_id, created_by) VALUES ($1, $2, $3) RETURNING id`, [school.id, call.id, user.id])).rows[0];
      drafters.push({ no: i, username, userId: user.id, orgId: school.id, orgPath: school.path, school: school.name, applicationId: application.id, version: 0, saves: 0 });
    }
    await client.query('COMMIT');
    return { drafters, schools: schools.length, callId: call.id };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Signs every drafter in (POST /api/auth/login → accessToken). The API allows 30 sign-ins per IP in
 * 15 minutes and all of ours come from 127.0.0.1, so the owner empties that one counter every 20.
 */
export async function signIn(baseUrl, ownerUrl, drafters) {
  const owner = new pg.Client({ connectionString: ownerUrl, application_name: 'dahe-bench-setup' });
  await owner.connect();
  try {
    for (const [i, drafter] of drafters.entries()) {
      if (i % 20 === 0) await owner.query(`DELETE FROM rate_limit WHERE bucket LIKE 'login:ip:%'`);
      const response = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: drafter.username, password: DEMO_PASSWORD }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status !== 200 || typeof body.accessToken !== 'string') {
        throw new Error(`signing in ${drafter.username} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
      }
      drafter.token = body.accessToken;
      // What the API looks the session up by (libs/api/core/util-crypto tokenHash): the raw side does the same.
      drafter.tokenHash = createHash('sha256').update(body.accessToken).digest();
    }
    await owner.query(`DELETE FROM rate_limit WHERE bucket LIKE 'login:ip:%'`);
  } finally {
    await owner.end();
  }
}

/** Each drafter's stored version of the section (the truth after a run stopped mid-request). */
export async function storedVersions(ownerUrl, drafters) {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'dahe-bench-setup' });
  await client.connect();
  try {
    const rows = (
      await client.query(`SELECT application_id, version FROM application_section WHERE section_key = $1 AND application_id = ANY($2::uuid[])`, [
        SECTION_KEY,
        drafters.map((d) => d.applicationId),
      ])
    ).rows;
    const byApplication = new Map(rows.map((row) => [row.application_id, row.version]));
    return drafters.map((d) => byApplication.get(d.applicationId) ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Waits until the stored versions stop moving and no backend of `applicationName` is inside a
 * statement or transaction (a stopped autocannon leaves requests in flight that still commit), then
 * sets every drafter's version to the stored one. Answers the total of stored versions.
 */
export async function settle(ownerUrl, drafters, applicationName) {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'dahe-bench-setup' });
  await client.connect();
  let versions;
  try {
    const busy = async () => (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle'`, [applicationName])).rows[0].n;
    let before = -1;
    for (let i = 0; i < 100; i++) {
      versions = await storedVersions(ownerUrl, drafters);
      const total = versions.reduce((sum, v) => sum + v, 0);
      if (total === before && (await busy()) === 0) break;
      before = total;
      // A request may sit in the API between its two transactions: look again a little later.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    await client.end();
  }
  drafters.forEach((d, i) => (d.version = versions[i]));
  return versions.reduce((sum, v) => sum + v, 0);
}
