import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES = [
  'province_admin', 'province_officer', 'expert', 'auditor', 'security_admin',
  'supervisor_admin', 'supervisor_reviewer',
  'school_admin', 'drafter', 'contact', 'legal_rep', 'viewer',
];

/**
 * People, memberships, sessions, invitations, rate limits and the audit trail, and row-level security
 * on every tenant-owned table.
 *
 * Tenant context is set per transaction by the API (`set_config(..., true)`): `dahe.org_path` is the
 * active organisation's materialised path, `dahe.user_id` the person. Unset or empty means "no tenant":
 * the policies then match nothing (an empty path must not become the pattern '%').
 */
export class IdentitySessionsRls1764460800000 implements MigrationInterface {
  name = 'IdentitySessionsRls1764460800000';

  async up(q: QueryRunner): Promise<void> {
    // Materialised path of the organisation tree: '/<province>/<supervisor>/<school>/'.
    await q.query(`ALTER TABLE organisation ADD COLUMN path text`);
    await q.query(`
      WITH RECURSIVE tree AS (
        SELECT id, '/' || id || '/' AS path FROM organisation WHERE parent_id IS NULL
        UNION ALL
        SELECT o.id, t.path || o.id || '/' FROM organisation o JOIN tree t ON o.parent_id = t.id
      )
      UPDATE organisation o SET path = tree.path FROM tree WHERE tree.id = o.id`);
    await q.query(`ALTER TABLE organisation ALTER COLUMN path SET NOT NULL`);
    await q.query(`CREATE INDEX organisation_path_idx ON organisation (path text_pattern_ops)`);
    await q.query(`
      CREATE FUNCTION organisation_set_path() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        IF NEW.parent_id IS NULL THEN
          NEW.path := '/' || NEW.id || '/';
        ELSE
          SELECT path || NEW.id || '/' INTO NEW.path FROM organisation WHERE id = NEW.parent_id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER organisation_set_path BEFORE INSERT OR UPDATE OF parent_id ON organisation FOR EACH ROW EXECUTE FUNCTION organisation_set_path()`);

    await q.query(`
      CREATE TABLE app_user (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        email                text CHECK (email = lower(email)),
        display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        password_hash        text NOT NULL,
        -- Personal data, encrypted by the app (AES-256-GCM); found through a keyed hash.
        mobile_enc           bytea,
        mobile_hash          bytea,
        totp_secret_enc      bytea,
        totp_enabled_at      timestamptz,
        recovery_code_hashes text[] NOT NULL DEFAULT '{}',
        failed_logins        integer NOT NULL DEFAULT 0,
        locked_until         timestamptz,
        password_changed_at  timestamptz NOT NULL DEFAULT now(),
        created_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_username_uq ON app_user (username)`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_uq ON app_user (email) WHERE email IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX app_user_mobile_uq ON app_user (mobile_hash) WHERE mobile_hash IS NOT NULL`);

    await q.query(`
      CREATE TABLE membership (
        org_id      uuid NOT NULL REFERENCES organisation (id),
        user_id     uuid NOT NULL REFERENCES app_user (id),
        role        text NOT NULL CHECK (role IN (${ROLES.map((r) => `'${r}'`).join(', ')})),
        status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        granted_by  uuid REFERENCES app_user (id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, user_id, role)
      )`);
    await q.query(`CREATE INDEX membership_user_idx ON membership (user_id)`);
    // 三员分立: one person holds at most one of the three province admin roles.
    await q.query(`CREATE UNIQUE INDEX membership_separated_admin_uq ON membership (user_id) WHERE role IN ('province_admin', 'security_admin', 'auditor')`);

    await q.query(`
      CREATE TABLE user_session (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash     bytea NOT NULL UNIQUE,
        user_id        uuid NOT NULL REFERENCES app_user (id),
        active_org_id  uuid NOT NULL REFERENCES organisation (id),
        created_at     timestamptz NOT NULL DEFAULT now(),
        last_seen_at   timestamptz NOT NULL DEFAULT now(),
        expires_at     timestamptz NOT NULL,
        revoked_at     timestamptz,
        revoked_reason text,
        ip             inet,
        user_agent     text
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE invitation (
        org_id       uuid NOT NULL REFERENCES organisation (id),
        id           uuid NOT NULL DEFAULT gen_random_uuid(),
        token_hash   bytea NOT NULL UNIQUE,
        email        text,
        mobile_enc   bytea,
        mobile_hash  bytea,
        display_name text,
        role         text NOT NULL CHECK (role IN (${ROLES.map((r) => `'${r}'`).join(', ')})),
        invited_by   uuid NOT NULL REFERENCES app_user (id),
        expires_at   timestamptz NOT NULL,
        accepted_at  timestamptz,
        accepted_by  uuid REFERENCES app_user (id),
        revoked_at   timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        CHECK (email IS NOT NULL OR mobile_hash IS NOT NULL)
      )`);

    // Fixed-window counters shared by every API process (login and password endpoints).
    await q.query(`CREATE TABLE rate_limit (bucket text PRIMARY KEY, window_start timestamptz NOT NULL, hits integer NOT NULL)`);

    // Append-only, hash-chained; org_id '00000000-…' is the deployment's own chain (e.g. unknown usernames).
    await q.query(`
      CREATE TABLE audit_event (
        org_id        uuid NOT NULL,
        chain         text NOT NULL,
        seq           bigint NOT NULL CHECK (seq >= 1),
        id            uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        occurred_at   timestamptz NOT NULL,
        action        text NOT NULL,
        actor_user_id uuid,
        actor_role    text,
        subject_type  text,
        subject_id    text,
        ip            inet,
        data          jsonb NOT NULL DEFAULT '{}',
        alg           text NOT NULL CHECK (alg IN ('sm3', 'sha256')),
        prev_hash     bytea NOT NULL,
        hash          bytea NOT NULL,
        PRIMARY KEY (org_id, chain, seq),
        UNIQUE (org_id, chain, prev_hash)
      )`);
    await q.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);

    // Tenant context helpers.
    await q.query(`CREATE FUNCTION dahe_org_path() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('dahe.org_path', true), '') $$`);
    await q.query(`CREATE FUNCTION dahe_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('dahe.user_id', true), '')::uuid $$`);
    // SECURITY DEFINER: reads the tree without recursing into organisation's own policy.
    await q.query(`
      CREATE FUNCTION dahe_org_visible(org uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM organisation o WHERE o.id = org AND o.path LIKE dahe_org_path() || '%')
      $$`);
    await q.query(`
      CREATE FUNCTION dahe_user_org_ids() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT DISTINCT org_id FROM membership WHERE user_id = dahe_user_id()
      $$`);
    await q.query(`
      CREATE FUNCTION dahe_active_is_province() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM organisation o WHERE o.path = dahe_org_path() AND o.kind = 'province')
      $$`);
    // Invitations are opened by people who have no tenant yet: by token hash only.
    await q.query(`
      CREATE FUNCTION dahe_invitation_by_token(hash bytea) RETURNS SETOF invitation LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT * FROM invitation WHERE token_hash = hash
      $$`);

    await q.query(`ALTER TABLE organisation ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY organisation_read ON organisation FOR SELECT USING (
        path LIKE dahe_org_path() || '%'            -- the active organisation and its subtree
        OR dahe_org_path() LIKE path || '%'         -- its ancestors (a school sees its supervisor's name)
        OR id IN (SELECT dahe_user_org_ids())       -- every organisation the person belongs to
      )`);
    await q.query(`CREATE POLICY organisation_insert ON organisation FOR INSERT WITH CHECK (path LIKE dahe_org_path() || '_%')`);
    await q.query(`CREATE POLICY organisation_update ON organisation FOR UPDATE USING (path LIKE dahe_org_path() || '%')`);

    await q.query(`ALTER TABLE membership ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY membership_read ON membership FOR SELECT USING (dahe_org_visible(org_id) OR user_id = dahe_user_id())`);
    await q.query(`CREATE POLICY membership_write ON membership FOR ALL USING (dahe_org_visible(org_id)) WITH CHECK (dahe_org_visible(org_id))`);

    await q.query(`ALTER TABLE invitation ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY invitation_tenant ON invitation FOR ALL USING (dahe_org_visible(org_id)) WITH CHECK (dahe_org_visible(org_id))`);

    await q.query(`ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY audit_event_read ON audit_event FOR SELECT USING (
        dahe_org_visible(org_id) OR (org_id = '00000000-0000-0000-0000-000000000000' AND dahe_active_is_province())
      )`);
    await q.query(`
      CREATE POLICY audit_event_append ON audit_event FOR INSERT WITH CHECK (
        dahe_org_visible(org_id) OR org_id = '00000000-0000-0000-0000-000000000000'
      )`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON app_user, user_session, invitation TO dahe_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON membership TO dahe_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit TO dahe_app`);
    // The trail: read and append, nothing else (no UPDATE, DELETE or TRUNCATE).
    await q.query(`GRANT SELECT, INSERT ON audit_event TO dahe_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Dropping a table drops its policies; organisation stays, so its policies go by name.
    await q.query(`DROP POLICY organisation_read ON organisation`);
    await q.query(`DROP POLICY organisation_insert ON organisation`);
    await q.query(`DROP POLICY organisation_update ON organisation`);
    await q.query(`ALTER TABLE organisation DISABLE ROW LEVEL SECURITY`);
    // This one returns the invitation row type, so it goes before its table.
    await q.query(`DROP FUNCTION dahe_invitation_by_token(bytea)`);
    await q.query(`DROP TABLE audit_event, rate_limit, invitation, user_session, membership, app_user`);
    await q.query(`DROP FUNCTION audit_event_refuse_change(), dahe_active_is_province(), dahe_user_org_ids(), dahe_org_visible(uuid), dahe_user_id(), dahe_org_path()`);
    await q.query(`DROP TRIGGER organisation_set_path ON organisation`);
    await q.query(`DROP FUNCTION organisation_set_path()`);
    await q.query(`DROP INDEX organisation_path_idx`);
    await q.query(`ALTER TABLE organisation DROP COLUMN path`);
  }
}
