import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The intake table and the province dashboard at 100,000 applications (issue 6; figures in bench/README.md).
 *
 * `application_digest.state` mirrors the application's state, kept by triggers (SECURITY DEFINER: the
 * mirror is bookkeeping, written whoever moves the application), so that the digest's read policy tests
 * the row itself instead of looking its application up once per row: listing a call's 19,000 received
 * applications with their digests spent ~1 s in that per-row lookup. The policy says what it said before:
 * a digest is read in the states its application's content is read in (dahe_content_states), by the
 * organisations that see the application, never by an expert-only member. `application_digest.call_id`
 * (the application's, which never changes) with an index on (call_id, state) lets the dashboard and the
 * intake read one call's received digests instead of scanning all 100,000.
 *
 * `review_assignment.total` is the expert's weighted total (Σ score / max_score × weight, two decimals, as
 * weightedTotal in libs/shared/workflow computes it), written by a trigger when the assignment is submitted
 * and null before: submitted scores and the rubric no longer change (review_score_locked, the rubric lock),
 * so the total is final. The intake's mean score and the dashboard's score distribution then read 37,000
 * assignments of a call instead of joining 145,000 scores to their criteria (~200 ms per request).
 */
export class ProvinceIndexes1765300000000 implements MigrationInterface {
  name = 'ProvinceIndexes1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application_digest ADD COLUMN call_id uuid, ADD COLUMN state text`);
    await q.query(`UPDATE application_digest d SET call_id = a.call_id, state = a.state FROM application a WHERE a.org_id = d.org_id AND a.id = d.application_id`);
    await q.query(`ALTER TABLE application_digest ALTER COLUMN call_id SET NOT NULL, ALTER COLUMN state SET NOT NULL`);
    await q.query(`CREATE INDEX application_digest_call_idx ON application_digest (call_id, state)`);
    // Whatever a writer sends, the digest takes its application's call and state.
    await q.query(`
      CREATE FUNCTION dahe_digest_take_state() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        SELECT a.call_id, a.state INTO NEW.call_id, NEW.state FROM application a WHERE a.org_id = NEW.org_id AND a.id = NEW.application_id;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER application_digest_take_state BEFORE INSERT OR UPDATE ON application_digest FOR EACH ROW EXECUTE FUNCTION dahe_digest_take_state()`);
    // And follows it: a move by a supervising unit that may no longer read the content still updates it.
    await q.query(`
      CREATE FUNCTION dahe_digest_follow_state() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        UPDATE application_digest SET state = NEW.state WHERE org_id = NEW.org_id AND application_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER application_digest_follow_state AFTER UPDATE OF state ON application
        FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION dahe_digest_follow_state()`);
    for (const fn of ['dahe_digest_take_state()', 'dahe_digest_follow_state()']) await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);

    await q.query(`DROP POLICY application_digest_read ON application_digest`);
    await q.query(`
      CREATE POLICY application_digest_read ON application_digest FOR SELECT USING (
        org_id IN (SELECT dahe_visible_org_ids())
        AND NOT (SELECT dahe_is_expert_only())
        AND state IN (SELECT dahe_content_states()))`);

    await q.query(`ALTER TABLE review_assignment ADD COLUMN total numeric(7,2)`);
    // Null until submitted; at submission, from the scores (null if a criterion is unscored, as weightedTotal).
    await q.query(`
      CREATE FUNCTION dahe_review_total() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        IF NEW.submitted_at IS NULL THEN
          NEW.total := NULL;
        ELSIF TG_OP = 'INSERT' OR OLD.submitted_at IS NULL THEN
          NEW.total := (
            SELECT CASE WHEN count(s.score) = (SELECT count(*) FROM review_criterion k WHERE k.call_id = NEW.call_id)
                        THEN round(sum(s.score / c.max_score * c.weight), 2) END
              FROM review_score s JOIN review_criterion c ON c.id = s.criterion_id AND c.call_id = NEW.call_id
             WHERE s.org_id = NEW.org_id AND s.application_id = NEW.application_id AND s.expert_id = NEW.expert_id);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION dahe_review_total() FROM PUBLIC`);
    // Named after review_assignment_guard: BEFORE triggers run in name order, the guard's refusals first.
    await q.query(`CREATE TRIGGER review_assignment_total BEFORE INSERT OR UPDATE ON review_assignment FOR EACH ROW EXECUTE FUNCTION dahe_review_total()`);
    // Existing submitted reviews: the guard refuses any change to them, so it steps aside for this one.
    await q.query(`ALTER TABLE review_assignment DISABLE TRIGGER review_assignment_guard`);
    await q.query(`
      UPDATE review_assignment r SET total = (
        SELECT CASE WHEN count(s.score) = (SELECT count(*) FROM review_criterion k WHERE k.call_id = r.call_id)
                    THEN round(sum(s.score / c.max_score * c.weight), 2) END
          FROM review_score s JOIN review_criterion c ON c.id = s.criterion_id AND c.call_id = r.call_id
         WHERE s.org_id = r.org_id AND s.application_id = r.application_id AND s.expert_id = r.expert_id)
       WHERE r.submitted_at IS NOT NULL`);
    await q.query(`ALTER TABLE review_assignment ENABLE TRIGGER review_assignment_guard`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER review_assignment_total ON review_assignment`);
    await q.query(`DROP FUNCTION dahe_review_total()`);
    await q.query(`ALTER TABLE review_assignment DROP COLUMN total`);
    await q.query(`DROP POLICY application_digest_read ON application_digest`);
    await q.query(`
      CREATE POLICY application_digest_read ON application_digest FOR SELECT USING (
        org_id IN (SELECT dahe_visible_org_ids())
        AND NOT (SELECT dahe_is_expert_only())
        AND EXISTS (SELECT 1 FROM application a WHERE a.org_id = application_digest.org_id AND a.id = application_digest.application_id
                      AND a.state IN (SELECT dahe_content_states())))`);
    await q.query(`DROP TRIGGER application_digest_follow_state ON application`);
    await q.query(`DROP TRIGGER application_digest_take_state ON application_digest`);
    await q.query(`DROP FUNCTION dahe_digest_follow_state(), dahe_digest_take_state()`);
    await q.query(`DROP INDEX application_digest_call_idx`);
    await q.query(`ALTER TABLE application_digest DROP COLUMN call_id, DROP COLUMN state`);
  }
}
