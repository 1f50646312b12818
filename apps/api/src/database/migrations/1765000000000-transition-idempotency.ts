import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent transitions (issue 5): `POST /api/applications/:id/transitions` with an `Idempotency-Key`
 * header. A key is claimed in the transaction that moves the application and holds that transaction's
 * answer, so a repeated request (a double click, a retry after a timeout) gets the first answer and
 * records nothing twice. The primary key serialises concurrent duplicates: the second insert waits for
 * the first transaction, then finds its row (or, if it rolled back, claims the key itself).
 */
export class TransitionIdempotency1765000000000 implements MigrationInterface {
  name = 'TransitionIdempotency1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transition_idempotency (
        -- The application's organisation (the tenant), first as in every tenant table.
        org_id          uuid NOT NULL,
        user_id         uuid NOT NULL REFERENCES app_user (id),
        application_id  uuid NOT NULL,
        key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        -- SHA-256 of the canonical request (credentials excluded): the same key with another body is refused.
        request_hash    bytea NOT NULL,
        status          integer,
        response        jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (org_id, user_id, application_id, key),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id)
      )`);
    await q.query(`CREATE INDEX transition_idempotency_expiry_idx ON transition_idempotency (expires_at)`);
    await q.query(`ALTER TABLE transition_idempotency ENABLE ROW LEVEL SECURITY`);
    // One's own keys, in the organisations one may act on.
    await q.query(`
      CREATE POLICY transition_idempotency_own ON transition_idempotency FOR ALL
        USING (dahe_org_visible(org_id) AND user_id = dahe_user_id())
        WITH CHECK (dahe_org_visible(org_id) AND user_id = dahe_user_id())`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON transition_idempotency TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transition_idempotency`);
  }
}
