import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lookups that cross the tenant boundary on purpose, each answering as little as it can.
 *
 * Someone holding an invitation link has no tenant yet. This function tells them, by the token's hash
 * only, which organisation the invitation is for (its name to show, its path to enter as they accept).
 */
export class CrossTenantLookups1764547200000 implements MigrationInterface {
  name = 'CrossTenantLookups1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION dahe_invitation_target(hash bytea) RETURNS TABLE (org_name text, org_path text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT o.name, o.path FROM invitation i JOIN organisation o ON o.id = i.org_id WHERE i.token_hash = hash
      $$`);
    // Credit codes are unique across provinces: an import may ask whether one is taken, not by whom.
    await q.query(`
      CREATE FUNCTION dahe_credit_code_taken(code text) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT EXISTS (SELECT 1 FROM organisation WHERE credit_code = code)
      $$`);
    // Appending to a chain needs its head even where the writer may not read the chain (a failed
    // sign-in on the deployment's own chain): the sequence number and hash only, no content.
    await q.query(`
      CREATE FUNCTION dahe_audit_head(org uuid, chain_name text) RETURNS TABLE (seq bigint, hash bytea)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT seq, hash FROM audit_event WHERE org_id = org AND chain = chain_name ORDER BY seq DESC LIMIT 1
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION dahe_audit_head(uuid, text)`);
    await q.query(`DROP FUNCTION dahe_credit_code_taken(text)`);
    await q.query(`DROP FUNCTION dahe_invitation_target(bytea)`);
  }
}
