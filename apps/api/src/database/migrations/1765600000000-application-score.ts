import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each application's mean of its experts' submitted totals (and how many), kept by a trigger when an
 * assignment is submitted (issue 6). The intake sorts a call's decided applications by mean score: without
 * this it aggregated the call's 35,000 submitted assignments on every request (~36 ms of a 93 ms page, and
 * the page missed its 200 ms p95 with four officers at once). Submitted totals never change (scores locked),
 * so the mean changes only when another expert submits. Province-owned, read like the review rows: never by
 * a school, a supervising unit or an expert-only member (an expert sees no one else's score).
 */
export class ApplicationScore1765600000000 implements MigrationInterface {
  name = 'ApplicationScore1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_score (
        org_id          uuid NOT NULL REFERENCES organisation (id),
        application_id  uuid NOT NULL REFERENCES application (id),
        call_id         uuid NOT NULL REFERENCES call (id),
        mean            numeric(7,2),
        experts         integer NOT NULL CHECK (experts >= 0),
        PRIMARY KEY (org_id, application_id)
      )`);
    await q.query(`CREATE INDEX application_score_call_idx ON application_score (call_id, mean)`);
    // SECURITY DEFINER: bookkeeping, written whoever submits (an expert sees only their own assignments).
    await q.query(`
      CREATE FUNCTION dahe_application_score() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        INSERT INTO application_score (org_id, application_id, call_id, mean, experts)
        SELECT NEW.org_id, NEW.application_id, NEW.call_id, round(avg(r.total), 2), count(r.total)::int
          FROM review_assignment r
         WHERE r.org_id = NEW.org_id AND r.application_id = NEW.application_id AND r.submitted_at IS NOT NULL AND r.total IS NOT NULL
        ON CONFLICT (org_id, application_id) DO UPDATE SET mean = EXCLUDED.mean, experts = EXCLUDED.experts;
        RETURN NULL;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION dahe_application_score() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER review_assignment_score AFTER INSERT OR UPDATE OF submitted_at ON review_assignment
        FOR EACH ROW WHEN (NEW.submitted_at IS NOT NULL) EXECUTE FUNCTION dahe_application_score()`);
    await q.query(`
      INSERT INTO application_score (org_id, application_id, call_id, mean, experts)
      SELECT r.org_id, r.application_id, min(r.call_id::text)::uuid, round(avg(r.total), 2), count(r.total)::int
        FROM review_assignment r
       WHERE r.submitted_at IS NOT NULL AND r.total IS NOT NULL
       GROUP BY r.org_id, r.application_id`);

    await q.query(`ALTER TABLE application_score ENABLE ROW LEVEL SECURITY`);
    const province = `org_id IN (SELECT dahe_visible_org_ids()) AND NOT (SELECT dahe_is_expert_only())`;
    await q.query(`CREATE POLICY application_score_read ON application_score FOR SELECT USING (${province})`);
    await q.query(`GRANT SELECT ON application_score TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER review_assignment_score ON review_assignment`);
    await q.query(`DROP FUNCTION dahe_application_score()`);
    await q.query(`DROP TABLE application_score`);
  }
}
