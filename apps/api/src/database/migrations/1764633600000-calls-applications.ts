import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls (遴选通知), applications (申报书) and their sections with every saved version.
 *
 * A call belongs to its province and is seen by every organisation below it. An application belongs to
 * its school: the school reads its content; the supervising unit only once it is signed, the province
 * only once it is submitted; before that they see its state, not its text (domain: "status and counts").
 */
export class CallsApplications1764633600000 implements MigrationInterface {
  name = 'CallsApplications1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call (
        org_id            uuid NOT NULL REFERENCES organisation (id),
        id                uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        title             text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
        year              integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
        template          text NOT NULL CHECK (template IN ('dahe-2024')),
        opens_at          timestamptz NOT NULL,
        deadline          timestamptz NOT NULL CHECK (deadline > opens_at),
        per_school_limit  integer NOT NULL DEFAULT 1 CHECK (per_school_limit BETWEEN 1 AND 20),
        contact           jsonb NOT NULL DEFAULT '{}',
        country_risk      jsonb NOT NULL DEFAULT '{}',
        status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
        created_by        uuid NOT NULL REFERENCES app_user (id),
        created_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id)
      )`);
    await q.query(`
      CREATE TABLE application (
        org_id      uuid NOT NULL REFERENCES organisation (id),
        id          uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        call_id     uuid NOT NULL REFERENCES call (id),
        state       text NOT NULL DEFAULT 'draft',
        created_by  uuid NOT NULL REFERENCES app_user (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id)
      )`);
    await q.query(`CREATE INDEX application_call_idx ON application (call_id, state)`);
    await q.query(`
      CREATE TABLE application_section (
        org_id          uuid NOT NULL,
        application_id  uuid NOT NULL,
        section_key     text NOT NULL,
        version         integer NOT NULL CHECK (version >= 1),
        content         jsonb NOT NULL,
        updated_by      uuid NOT NULL REFERENCES app_user (id),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, application_id, section_key),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id)
      )`);
    await q.query(`
      CREATE TABLE application_section_version (
        org_id          uuid NOT NULL,
        application_id  uuid NOT NULL,
        section_key     text NOT NULL,
        version         integer NOT NULL,
        content         jsonb NOT NULL,
        author          uuid NOT NULL REFERENCES app_user (id),
        saved_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, application_id, section_key, version),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id)
      )`);

    // The active organisation is this one, or below it, or above it.
    await q.query(`
      CREATE FUNCTION dahe_org_in_line(org uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (
          SELECT 1 FROM organisation o
           WHERE o.id = org AND (o.path LIKE dahe_org_path() || '%' OR dahe_org_path() LIKE o.path || '%')
        )
      $$`);
    // Who may read an application's text: its school always; its supervising unit from 'signed' on;
    // the province from 'submitted' on.
    await q.query(`
      CREATE FUNCTION dahe_content_readable(org uuid, app uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (
          SELECT 1 FROM application a JOIN organisation school ON school.id = a.org_id
           WHERE a.org_id = org AND a.id = app AND school.path LIKE dahe_org_path() || '%' AND (
             school.path = dahe_org_path()
             OR (a.state NOT IN ('draft', 'awaiting_signature', 'withdrawn')
                 AND EXISTS (SELECT 1 FROM organisation active WHERE active.path = dahe_org_path() AND active.kind = 'supervisor'))
             OR (a.state NOT IN ('draft', 'awaiting_signature', 'signed', 'withdrawn')
                 AND EXISTS (SELECT 1 FROM organisation active WHERE active.path = dahe_org_path() AND active.kind = 'province'))
           )
        )
      $$`);

    await q.query(`ALTER TABLE call ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY call_read ON call FOR SELECT USING (dahe_org_in_line(org_id))`);
    await q.query(`CREATE POLICY call_write ON call FOR INSERT WITH CHECK (dahe_org_visible(org_id))`);
    await q.query(`CREATE POLICY call_update ON call FOR UPDATE USING (dahe_org_visible(org_id))`);
    await q.query(`ALTER TABLE application ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY application_tenant ON application FOR ALL USING (dahe_org_visible(org_id)) WITH CHECK (dahe_org_visible(org_id))`);
    for (const table of ['application_section', 'application_section_version']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (dahe_content_readable(org_id, application_id))`);
      await q.query(`CREATE POLICY ${table}_write ON ${table} FOR INSERT WITH CHECK (dahe_content_readable(org_id, application_id))`);
    }
    await q.query(`CREATE POLICY application_section_update ON application_section FOR UPDATE USING (dahe_content_readable(org_id, application_id))`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON call, application, application_section TO dahe_app`);
    // History is append-only.
    await q.query(`GRANT SELECT, INSERT ON application_section_version TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_section_version, application_section, application, call`);
    await q.query(`DROP FUNCTION dahe_content_readable(uuid, uuid), dahe_org_in_line(uuid)`);
  }
}
