import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The app role and the organisation tree.
 *
 * The API connects as `dahe_app`: it owns nothing, so it can neither ALTER, DROP nor TRUNCATE a table,
 * and it has no BYPASSRLS, so row-level security (added with the tenant-owned tables) binds it.
 * Roles are cluster-wide, so CREATE ROLE tolerates a role another database already created.
 */
export class InitRolesAndOrganisations1764374400000 implements MigrationInterface {
  name = 'InitRolesAndOrganisations1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        CREATE ROLE dahe_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END
      $$`);
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA public TO dahe_app`);
    await q.query(`
      CREATE TABLE organisation (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        parent_id     uuid REFERENCES organisation (id),
        kind          text NOT NULL CHECK (kind IN ('province', 'supervisor', 'school')),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        school_type   text CHECK (school_type IN ('higher_vocational', 'secondary_vocational')),
        city          text,
        credit_code   text UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        created_at    timestamptz NOT NULL DEFAULT now(),
        -- The tree is province → supervisor → school; only a province has no parent, only a school a type.
        CHECK ((kind = 'province') = (parent_id IS NULL)),
        CHECK ((kind = 'school') = (school_type IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX organisation_parent_idx ON organisation (parent_id)`);
    await q.query(`CREATE UNIQUE INDEX organisation_sibling_name_uq ON organisation (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON organisation TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organisation`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM dahe_app`);
    await q.query(`GRANT CREATE ON SCHEMA public TO PUBLIC`);
    // The role stays: it is cluster-wide and other databases of the cluster may still grant to it.
  }
}
