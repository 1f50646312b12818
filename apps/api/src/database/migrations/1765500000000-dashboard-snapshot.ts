import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The province dashboard's figures of a call, computed at most every few seconds and shared by every
 * officer and every API process (issue 6): the API keeps no state of its own, so the snapshot lives here,
 * not in a process's memory. It belongs to the province (its id first in the key) and is read like the
 * review rows: never by a school, a supervising unit or an expert-only member.
 */
export class DashboardSnapshot1765500000000 implements MigrationInterface {
  name = 'DashboardSnapshot1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dashboard_snapshot (
        org_id        uuid NOT NULL REFERENCES organisation (id),
        call_id       uuid NOT NULL REFERENCES call (id),
        figures       jsonb NOT NULL,
        generated_at  timestamptz NOT NULL,
        PRIMARY KEY (org_id, call_id)
      )`);
    await q.query(`ALTER TABLE dashboard_snapshot ENABLE ROW LEVEL SECURITY`);
    const province = `org_id IN (SELECT dahe_visible_org_ids()) AND NOT (SELECT dahe_is_expert_only())`;
    await q.query(`CREATE POLICY dashboard_snapshot_tenant ON dashboard_snapshot FOR ALL USING (${province}) WITH CHECK (${province})`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON dashboard_snapshot TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dashboard_snapshot`);
  }
}
