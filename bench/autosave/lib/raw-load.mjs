// The baseline: what one autosave costs the database, without the API. The same statements in the
// same order and the same two transactions, as the app role `dahe_app` (row-level security applies),
// through node-postgres with a pool the size of the API's.
//
// The API, per PUT /api/applications/:id/sections/:key (read from the sources, keep in step):
//   AuthGuard → SessionService.resolve in Database.withoutTenant (bench/lib/raw-session.mjs)
//   ApplicationsService.saveSection (libs/api/applications/feature-applications/src/lib/applications.service.ts),
//   in Database.inTenant:
//     START TRANSACTION; set_config(org_path, user_id); SELECT application; (a contact needs no
//     section_assignment check); UPDATE application_section … WHERE version = $4 (INSERT at version 0);
//     INSERT application_section_version; SELECT the other sections (the digest and filled count, issue 6;
//     the digest row itself is written only for cover and basic_info, not for this bench's section);
//     UPDATE application SET updated_at, filled_sections; COMMIT
import { SET_TENANT, createRawPool, resolveSession, transaction } from '../../lib/raw-session.mjs';
import { SECTION_KEY } from './prepare.mjs';
import { draftText } from './text.mjs';

const LOAD_APPLICATION = `SELECT * FROM application WHERE id = $1 FOR NO KEY UPDATE`;
const INSERT_SECTION = `INSERT INTO application_section (org_id, application_id, section_key, version, content, updated_by) VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT DO NOTHING`;
const UPDATE_SECTION = `UPDATE application_section SET version = version + 1, content = $5, updated_by = $6, updated_at = now()
                WHERE org_id = $1 AND application_id = $2 AND section_key = $3 AND version = $4`;
const CURRENT_SECTION = `SELECT * FROM application_section WHERE org_id = $1 AND application_id = $2 AND section_key = $3`;
const INSERT_VERSION = `INSERT INTO application_section_version (org_id, application_id, section_key, version, content, author) VALUES ($1, $2, $3, $4, $5, $6)`;
const OTHER_SECTIONS = `SELECT section_key, content FROM application_section WHERE org_id = $1 AND application_id = $2 AND section_key <> $3`;
const TOUCH_APPLICATION = `UPDATE application SET updated_at = now(), filled_sections = $3 WHERE org_id = $1 AND id = $2`;

class SaveRefused extends Error {}

/** One autosave by `drafter`, based on its last saved version; answers the new version. */
async function save(pool, drafter) {
  // The guard: who is this token?
  const identity = await resolveSession(pool, drafter.tokenHash, (reason) => new SaveRefused(reason));
  // mayWriteSection: a contact (every bench drafter is one) needs no section_assignment query.
  if (!identity.roles.includes('contact') && !identity.roles.includes('school_admin')) throw new SaveRefused('not a contact: the baseline would skip a query');

  // The save.
  const content = { text: draftText(drafter.no, drafter.saves) };
  return transaction(pool, async (client) => {
    await client.query(SET_TENANT, [identity.orgPath, identity.userId]);
    const application = (await client.query(LOAD_APPLICATION, [drafter.applicationId])).rows[0];
    if (!application) throw new SaveRefused('application not found');
    if (application.state !== 'draft' && application.state !== 'returned') throw new SaveRefused(`application is ${application.state}`);
    const json = JSON.stringify(content);
    const basedOn = drafter.version;
    const written =
      basedOn === 0
        ? await client.query(INSERT_SECTION, [application.org_id, drafter.applicationId, SECTION_KEY, json, identity.userId])
        : await client.query(UPDATE_SECTION, [application.org_id, drafter.applicationId, SECTION_KEY, basedOn, json, identity.userId]);
    if (written.rowCount === 0) {
      const current = (await client.query(CURRENT_SECTION, [application.org_id, drafter.applicationId, SECTION_KEY])).rows[0];
      const error = new SaveRefused('stale version');
      error.current = current?.version ?? 0;
      throw error;
    }
    await client.query(INSERT_VERSION, [application.org_id, drafter.applicationId, SECTION_KEY, basedOn + 1, json, identity.userId]);
    const others = (await client.query(OTHER_SECTIONS, [application.org_id, drafter.applicationId, SECTION_KEY])).rows;
    // The API counts complete sections with libs/shared/form; a count of the same size costs the same here.
    await client.query(TOUCH_APPLICATION, [application.org_id, drafter.applicationId, Math.min(10, others.length + 1)]);
    return basedOn + 1;
  });
}

export { createRawPool };

/**
 * `seconds` of the same autosave loops, one per drafter, all at once on one pool. Saves that complete
 * after the end are not counted (autocannon drops those in flight too).
 */
export async function runRaw({ pool, drafters, seconds, record = true, onStart }) {
  const latencies = [];
  const failures = {};
  let saves = 0;
  const startedAt = performance.now();
  const deadline = startedAt + seconds * 1000;
  let stopped = false;
  onStart?.(() => (stopped = true));
  await Promise.all(
    drafters.map(async (drafter) => {
      while (!stopped && performance.now() < deadline) {
        const began = performance.now();
        try {
          drafter.version = await save(pool, drafter);
          drafter.saves++;
          const ended = performance.now();
          if (ended <= deadline) {
            saves++;
            if (record) latencies.push(ended - began);
          }
        } catch (error) {
          drafter.saves++;
          const reason = error instanceof SaveRefused ? error.message : `${error.code ?? 'error'}: ${error.message}`;
          failures[reason] = (failures[reason] ?? 0) + 1;
          if (Number.isInteger(error.current)) drafter.version = error.current;
          if (!(error instanceof SaveRefused)) await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }),
  );
  const elapsedMs = Math.min(performance.now(), deadline) - startedAt;
  return { seconds: elapsedMs / 1000, saves, failed: Object.values(failures).reduce((sum, n) => sum + n, 0), failures, latencies };
}
