import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who drafts which section (a drafter edits what is assigned; contact and admin edit everything), and
 * who is editing a section right now (heartbeats kept in the database, so every API process sees them).
 */
export class AssignmentsPresence1764892800000 implements MigrationInterface {
  name = 'AssignmentsPresence1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE section_assignment (
        org_id          uuid NOT NULL,
        application_id  uuid NOT NULL,
        section_key     text NOT NULL,
        user_id         uuid NOT NULL REFERENCES app_user (id),
        assigned_by     uuid NOT NULL REFERENCES app_user (id),
        assigned_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, application_id, section_key, user_id),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id)
      )`);
    await q.query(`
      CREATE UNLOGGED TABLE section_presence (
        org_id          uuid NOT NULL,
        application_id  uuid NOT NULL,
        section_key     text NOT NULL,
        user_id         uuid NOT NULL,
        seen_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, application_id, section_key, user_id)
      )`);
    for (const table of ['section_assignment', 'section_presence']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_content ON ${table} FOR ALL USING (dahe_content_readable(org_id, application_id)) WITH CHECK (dahe_content_readable(org_id, application_id))`);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO dahe_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE section_presence, section_assignment`);
  }
}
