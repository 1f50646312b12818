import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Excel exports of a call that the web follows with a progress bar (issue 6). The API processes keep no
 * state, so a job is a row: the process that accepted it writes the workbook into the file store in parts
 * (`exports/<job id>/<n>`) and counts its rows here; any process answers the progress and serves the file.
 * `heartbeat_at` moves while the writer lives: a job whose writer died shows as failed after a timeout
 * instead of running for ever.
 *
 * Province-owned (its id first in the key), read and written under the same rule as the review tables:
 * the province's members, never an expert-only one; schools and supervising units see nothing.
 */
export class ExportJobs1765400000000 implements MigrationInterface {
  name = 'ExportJobs1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE export_job (
        org_id        uuid NOT NULL REFERENCES organisation (id),
        id            uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        call_id       uuid NOT NULL REFERENCES call (id),
        requested_by  uuid NOT NULL REFERENCES app_user (id),
        filters       jsonb NOT NULL DEFAULT '{}',
        filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
        status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        total         integer NOT NULL DEFAULT 0 CHECK (total >= 0),
        rows_done     integer NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
        -- The finished file: its size and how many parts it was stored in.
        bytes         bigint CHECK (bytes >= 0),
        parts         integer CHECK (parts >= 0),
        error         text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        PRIMARY KEY (org_id, id),
        CHECK ((status = 'done') = (bytes IS NOT NULL AND parts IS NOT NULL)),
        CHECK ((status = 'running') = (finished_at IS NULL))
      )`);
    await q.query(`CREATE INDEX export_job_requester_idx ON export_job (org_id, requested_by, created_at DESC)`);
    await q.query(`ALTER TABLE export_job ENABLE ROW LEVEL SECURITY`);
    const provinceOwned = `org_id IN (SELECT dahe_visible_org_ids()) AND NOT (SELECT dahe_is_expert_only())`;
    await q.query(`CREATE POLICY export_job_tenant ON export_job FOR ALL USING (${provinceOwned}) WITH CHECK (${provinceOwned})`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON export_job TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export_job`);
  }
}
