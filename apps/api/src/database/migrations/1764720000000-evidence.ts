import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence (佐证材料): items with a category and title, each with one or more files (PDF, JPEG, PNG)
 * whose SHA-256 and SM3 digests are kept (the content hash binds them). File bytes sit behind a
 * storage interface; this table is the PostgreSQL store, so the embedded mode needs nothing else.
 */
export class Evidence1764720000000 implements MigrationInterface {
  name = 'Evidence1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_item (
        org_id          uuid NOT NULL,
        id              uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        application_id  uuid NOT NULL,
        category        text NOT NULL CHECK (category IN ('degree', 'skills_training', 'tech_service', 'research', 'equipment_export', 'cultural_exchange')),
        title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        is_agreement    boolean NOT NULL DEFAULT false,
        created_by      uuid NOT NULL REFERENCES app_user (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id)
      )`);
    await q.query(`
      CREATE TABLE evidence_file (
        org_id          uuid NOT NULL,
        id              uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        item_id         uuid NOT NULL,
        application_id  uuid NOT NULL,
        filename        text NOT NULL,
        media_type      text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size            bigint NOT NULL CHECK (size > 0 AND size <= 20971520),
        sha256          bytea NOT NULL,
        sm3             bytea NOT NULL,
        storage_key     text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, item_id) REFERENCES evidence_item (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX evidence_file_application_idx ON evidence_file (org_id, application_id)`);
    await q.query(`
      CREATE TABLE file_blob (
        org_id  uuid NOT NULL,
        key     text NOT NULL,
        data    bytea NOT NULL,
        PRIMARY KEY (org_id, key)
      )`);
    for (const table of ['evidence_item', 'evidence_file']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_content ON ${table} FOR ALL USING (dahe_content_readable(org_id, application_id)) WITH CHECK (dahe_content_readable(org_id, application_id))`);
    }
    await q.query(`ALTER TABLE file_blob ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY file_blob_tenant ON file_blob FOR ALL USING (dahe_org_visible(org_id)) WITH CHECK (dahe_org_visible(org_id))`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON evidence_item, evidence_file, file_blob TO dahe_app`);
    await q.query(`GRANT UPDATE ON evidence_item TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE file_blob, evidence_file, evidence_item`);
  }
}
