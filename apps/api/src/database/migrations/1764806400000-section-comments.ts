import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Comment threads on a section, with @mentions of school members; a thread is resolved or reopened. */
export class SectionComments1764806400000 implements MigrationInterface {
  name = 'SectionComments1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE section_comment (
        org_id          uuid NOT NULL,
        id              uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        application_id  uuid NOT NULL,
        section_key     text NOT NULL,
        -- NULL for the first comment of a thread; replies point at it.
        thread_id       uuid,
        author          uuid NOT NULL REFERENCES app_user (id),
        body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        mentions        uuid[] NOT NULL DEFAULT '{}',
        resolved_at     timestamptz,
        resolved_by     uuid REFERENCES app_user (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id),
        FOREIGN KEY (org_id, thread_id) REFERENCES section_comment (org_id, id)
      )`);
    await q.query(`CREATE INDEX section_comment_section_idx ON section_comment (org_id, application_id, section_key, created_at)`);
    await q.query(`ALTER TABLE section_comment ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY section_comment_content ON section_comment FOR ALL USING (dahe_content_readable(org_id, application_id)) WITH CHECK (dahe_content_readable(org_id, application_id))`);
    await q.query(`GRANT SELECT, INSERT ON section_comment TO dahe_app`);
    await q.query(`GRANT UPDATE (resolved_at, resolved_by) ON section_comment TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE section_comment`);
  }
}
