import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification outbox (issue 5, E-mail): every hand-over writes its messages here in the transition's
 * own transaction, so a message exists exactly when the move committed; a dispatcher sends them afterwards
 * and retries. Recipients are people, not addresses: the address (personal data) is read from app_user at
 * send time, so the outbox keeps no copy of it.
 *
 * Tenants see the messages of their own subtree (a school its own, the province all) and may only add them
 * in the application's organisation; only the dispatcher, through the definer functions below, claims and
 * marks them.
 */
export class Outbox1765100000000 implements MigrationInterface {
  name = 'Outbox1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_message (
        -- The application's organisation (the school), whoever receives the message.
        org_id           uuid NOT NULL REFERENCES organisation (id),
        id               uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        application_id   uuid NOT NULL,
        kind             text NOT NULL CHECK (kind IN ('awaiting_signature', 'returned', 'awaiting_review', 'submitted')),
        recipient_id     uuid NOT NULL REFERENCES app_user (id),
        subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        created_at       timestamptz NOT NULL DEFAULT now(),
        attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        -- NULL once there is nothing more to do: sent, or given up after the last attempt.
        next_attempt_at  timestamptz DEFAULT now(),
        sent_at          timestamptz,
        -- 'smtp': handed to the mail server; 'outbox': no server configured, kept here for admins to read.
        channel          text CHECK (channel IN ('smtp', 'outbox')),
        last_error       text,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, application_id) REFERENCES application (org_id, id),
        CHECK ((sent_at IS NULL) = (channel IS NULL)),
        CHECK (sent_at IS NULL OR next_attempt_at IS NULL)
      )`);
    await q.query(`CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at) WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_message_created_idx ON outbox_message (org_id, created_at DESC)`);

    await q.query(`ALTER TABLE outbox_message ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY outbox_message_read ON outbox_message FOR SELECT USING (dahe_org_visible(org_id))`);
    await q.query(`CREATE POLICY outbox_message_insert ON outbox_message FOR INSERT WITH CHECK (dahe_org_visible(org_id) AND sent_at IS NULL AND attempts = 0)`);
    await q.query(`GRANT SELECT, INSERT ON outbox_message TO dahe_app`);

    // Who receives a hand-over: active members with one of the roles, in the application's school or its
    // supervising unit, asked by someone who sees the application's school. A school member cannot read
    // the supervising unit's memberships; this answers only the ids the hand-over needs.
    await q.query(`
      CREATE FUNCTION dahe_outbox_recipients(app_org uuid, recipient_org uuid, roles text[]) RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT DISTINCT m.user_id
          FROM membership m JOIN organisation s ON s.id = app_org
         WHERE dahe_org_visible(app_org)
           AND (recipient_org = app_org OR recipient_org = s.parent_id)
           AND m.org_id = recipient_org AND m.role = ANY (roles) AND m.status = 'active'
      $$`);
    // The dispatcher works for every tenant: it claims due messages (locked until its transaction ends, and
    // skipped by every other dispatcher meanwhile) with the address as it is now, and records the outcome.
    await q.query(`
      CREATE FUNCTION dahe_outbox_claim(batch integer)
      RETURNS TABLE (org_id uuid, id uuid, recipient_id uuid, email text, display_name text, subject text, body text, attempts integer)
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        SELECT m.org_id, m.id, m.recipient_id, u.email, u.display_name, m.subject, m.body, m.attempts
          FROM outbox_message m JOIN app_user u ON u.id = m.recipient_id
         WHERE m.sent_at IS NULL AND m.next_attempt_at <= now()
         ORDER BY m.next_attempt_at, m.created_at
         LIMIT batch
           FOR UPDATE OF m SKIP LOCKED
      $$`);
    await q.query(`
      CREATE FUNCTION dahe_outbox_sent(msg_org uuid, msg_id uuid, via text) RETURNS boolean
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        UPDATE outbox_message SET sent_at = now(), channel = via, attempts = attempts + 1, next_attempt_at = NULL
         WHERE org_id = msg_org AND id = msg_id AND sent_at IS NULL
        RETURNING true
      $$`);
    await q.query(`
      CREATE FUNCTION dahe_outbox_failed(msg_org uuid, msg_id uuid, error text, retry_at timestamptz) RETURNS boolean
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
        UPDATE outbox_message SET attempts = attempts + 1, last_error = left(error, 1000), next_attempt_at = retry_at
         WHERE org_id = msg_org AND id = msg_id AND sent_at IS NULL
        RETURNING true
      $$`);
    for (const fn of ['dahe_outbox_recipients(uuid, uuid, text[])', 'dahe_outbox_claim(integer)', 'dahe_outbox_sent(uuid, uuid, text)', 'dahe_outbox_failed(uuid, uuid, text, timestamptz)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO dahe_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION dahe_outbox_failed(uuid, uuid, text, timestamptz), dahe_outbox_sent(uuid, uuid, text), dahe_outbox_claim(integer), dahe_outbox_recipients(uuid, uuid, text[])`);
    await q.query(`DROP TABLE outbox_message`);
  }
}
