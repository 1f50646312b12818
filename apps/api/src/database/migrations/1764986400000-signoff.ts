import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATES = ['draft', 'awaiting_signature', 'signed', 'submitted', 'formal_check_passed', 'returned', 'expert_review', 'approved', 'rejected', 'withdrawn'];

/**
 * Sign-off in sequence (issue 5): the content hash an application is frozen with, its receipt number
 * (回执编号), the signatures given over a content hash (voided, never deleted, when work is returned) and
 * the deadline extensions the province grants one school.
 */
export class Signoff1764986400000 implements MigrationInterface {
  name = 'Signoff1764986400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE application
        ADD COLUMN content_hash      bytea,
        ADD COLUMN content_hash_alg  text CHECK (content_hash_alg IN ('sm3', 'sha256')),
        ADD COLUMN receipt_no        text UNIQUE,
        ADD COLUMN submitted_at      timestamptz,
        ADD CONSTRAINT application_state_check CHECK (state IN (${STATES.map((s) => `'${s}'`).join(', ')})),
        ADD CONSTRAINT application_hash_alg_check CHECK ((content_hash IS NULL) = (content_hash_alg IS NULL))`);

    await q.query(`
      CREATE TABLE signature (
        org_id            uuid NOT NULL,
        id                uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        application_id    uuid NOT NULL,
        kind              text NOT NULL CHECK (kind IN ('legal_rep', 'supervisor')),
        signer_id         uuid NOT NULL REFERENCES app_user (id),
        signer_role       text NOT NULL,
        -- Whose opinion and seal: the school (legal_rep) or the supervising unit (supervisor).
        signer_org_id     uuid NOT NULL REFERENCES organisation (id),
        opinion           text NOT NULL CHECK (length(btrim(opinion)) BETWEEN 1 AND 2000),
        content_hash      bytea NOT NULL,
        content_hash_alg  text NOT NULL CHECK (content_hash_alg IN ('sm3', 'sha256')),
        signed_at         timestamptz NOT NULL DEFAULT now(),
        voided_at         timestamptz,
        void_reason       text,
        voided_by         uuid REFERENCES app_user (id),
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id),
        CHECK ((voided_at IS NULL) = (void_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX signature_application_idx ON signature (org_id, application_id, signed_at)`);
    // A signature is kept for good: it may be voided once, and nothing else about it changes.
    await q.query(`
      CREATE FUNCTION signature_void_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'signatures are kept; void them instead' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.voided_at IS NOT NULL
           OR (NEW.org_id, NEW.id, NEW.application_id, NEW.kind, NEW.signer_id, NEW.signer_role, NEW.signer_org_id, NEW.opinion, NEW.content_hash, NEW.content_hash_alg, NEW.signed_at)
              IS DISTINCT FROM
              (OLD.org_id, OLD.id, OLD.application_id, OLD.kind, OLD.signer_id, OLD.signer_role, OLD.signer_org_id, OLD.opinion, OLD.content_hash, OLD.content_hash_alg, OLD.signed_at) THEN
          RAISE EXCEPTION 'a signature can only be voided, once' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER signature_void_only BEFORE UPDATE OR DELETE ON signature FOR EACH ROW EXECUTE FUNCTION signature_void_only()`);

    await q.query(`
      CREATE TABLE deadline_extension (
        org_id          uuid NOT NULL REFERENCES organisation (id),
        call_id         uuid NOT NULL REFERENCES call (id),
        extended_until  timestamptz NOT NULL,
        reason          text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
        granted_by      uuid NOT NULL REFERENCES app_user (id),
        granted_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, call_id)
      )`);

    // 回执编号 run per year without gaps: the counter row is written in the approving transaction, so a
    // rolled-back approval gives its number back. Through a definer function: a supervising unit issues
    // numbers without reading or writing anything else of the province's.
    await q.query(`CREATE TABLE receipt_counter (year integer PRIMARY KEY, last integer NOT NULL)`);
    await q.query(`
      CREATE FUNCTION dahe_next_receipt_seq(yr integer) RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        INSERT INTO receipt_counter (year, last) VALUES (yr, 1)
        ON CONFLICT (year) DO UPDATE SET last = receipt_counter.last + 1
        RETURNING last
      $$`);

    await q.query(`ALTER TABLE signature ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY signature_tenant ON signature FOR ALL USING (dahe_org_visible(org_id)) WITH CHECK (dahe_org_visible(org_id))`);
    await q.query(`ALTER TABLE deadline_extension ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY deadline_extension_read ON deadline_extension FOR SELECT USING (dahe_org_visible(org_id))`);
    await q.query(`CREATE POLICY deadline_extension_insert ON deadline_extension FOR INSERT WITH CHECK (dahe_org_visible(org_id) AND dahe_active_is_province())`);
    await q.query(`CREATE POLICY deadline_extension_update ON deadline_extension FOR UPDATE USING (dahe_org_visible(org_id) AND dahe_active_is_province())`);
    await q.query(`ALTER TABLE receipt_counter ENABLE ROW LEVEL SECURITY`);

    await q.query(`GRANT SELECT, INSERT ON signature TO dahe_app`);
    await q.query(`GRANT UPDATE (voided_at, void_reason, voided_by) ON signature TO dahe_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON deadline_extension TO dahe_app`);
    await q.query(`REVOKE ALL ON FUNCTION dahe_next_receipt_seq(integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION dahe_next_receipt_seq(integer) TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION dahe_next_receipt_seq(integer)`);
    await q.query(`DROP TABLE receipt_counter, deadline_extension, signature`);
    await q.query(`DROP FUNCTION signature_void_only()`);
    await q.query(`
      ALTER TABLE application
        DROP CONSTRAINT application_hash_alg_check,
        DROP CONSTRAINT application_state_check,
        DROP COLUMN submitted_at,
        DROP COLUMN receipt_no,
        DROP COLUMN content_hash_alg,
        DROP COLUMN content_hash`);
  }
}
