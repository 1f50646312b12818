import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ROLES_OF_KIND, type OrganisationKind, type Role } from '@dahe/shared/contracts';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * Row-level security, as a property: for any organisation tree and any rows in the tenant-owned tables,
 * the app role sees exactly the active organisation's subtree (plus, for organisations, its ancestors),
 * nothing at all without a tenant, and cannot write into another school.
 *
 * Every run inserts a fresh tree with fresh ids (as the owner) and never cleans up, so rows of earlier
 * runs are always present too: seeing any of them is a leak the exact comparisons catch.
 */

const SYSTEM_ORG_ID = '00000000-0000-0000-0000-000000000000';
const RUNS = 25;

// ---- the generated model: abstract indices, turned into rows with fresh ids per run ----

/** Any text PostgreSQL accepts (no NUL), counted in code points as its length() does. */
const text = (minLength: number, maxLength: number) => fc.string({ unit: 'binary', minLength, maxLength }).filter((s) => !s.includes('\u0000'));

const schoolArb = fc.record({
  name: text(1, 40),
  schoolType: fc.constantFrom('higher_vocational', 'secondary_vocational'),
  hasCreditCode: fc.boolean(),
});
const supervisorArb = fc.record({ name: text(1, 40), schools: fc.array(schoolArb, { minLength: 1, maxLength: 4 }) });
const provinceArb = fc.record({ name: text(1, 40), supervisors: fc.array(supervisorArb, { minLength: 1, maxLength: 4 }) });
const treeArb = fc
  .array(provinceArb, { minLength: 1, maxLength: 2 })
  // (e) needs two different schools.
  .filter((provinces) => provinces.flatMap((p) => p.supervisors.flatMap((s) => s.schools)).length >= 2);

const userArb = fc.record({
  username: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{2,40}$/),
  displayName: text(1, 60),
  passwordHash: text(0, 100),
});

const scenarioArb = fc.record({
  tree: treeArb,
  users: fc.array(userArb, { minLength: 1, maxLength: 6 }),
  memberships: fc.array(fc.record({ org: fc.nat(), user: fc.nat(), role: fc.nat(), grantedBy: fc.option(fc.nat()) }), { maxLength: 30 }),
  invitations: fc.array(
    fc.record({ org: fc.nat(), role: fc.nat(), invitedBy: fc.nat(), email: fc.emailAddress(), expiresInMinutes: fc.integer({ min: -10_000, max: 10_000 }) }),
    { maxLength: 20 },
  ),
  auditEvents: fc.array(
    fc.record({
      org: fc.nat(),
      action: fc.constantFrom('auth.login', 'auth.login_failed', 'org.updated', 'member.invited'),
      occurredAt: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
    }),
    { maxLength: 40 },
  ),
  deploymentEvent: fc.boolean(),
  schoolA: fc.nat(),
  schoolB: fc.nat(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Org {
  id: string;
  path: string;
  kind: OrganisationKind;
  parent?: Org;
}

/** What one run wrote, keyed the way the comparisons read rows back. */
interface World {
  orgs: Org[];
  outsider: string;
  memberships: { org_id: string; user_id: string; role: Role }[];
  invitations: { org_id: string; id: string }[];
  auditEvents: { org_id: string; chain: string; seq: string }[];
  schoolA: Org;
  schoolB: Org;
  userIds: string[];
}

let counter = 0;
/** Unique per insert in this file, also while fast-check shrinks and replays a scenario. */
const unique = () => (++counter).toString(36);
/** A valid, unique unified social credit code (18 characters of the allowed alphabet). */
const creditCode = () => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let n = ++counter;
  let code = '';
  for (let i = 0; i < 18; i++) {
    code = alphabet[n % alphabet.length] + code;
    n = Math.floor(n / alphabet.length);
  }
  return code;
};

const memberKey = (r: { org_id: string; user_id: string; role: string }) => `${r.org_id}|${r.user_id}|${r.role}`;
const invitationKey = (r: { org_id: string; id: string }) => `${r.org_id}|${r.id}`;
const auditKey = (r: { org_id: string; chain: string; seq: string }) => `${r.org_id}|${r.chain}|${r.seq}`;
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe('row-level security on the tenant-owned tables (property)', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let app: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new pg.Client({ connectionString: db.ownerUrl });
    app = new pg.Client({ connectionString: db.appUrl });
    await owner.connect();
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await owner?.end();
    await db?.drop();
  });

  /** Writes one scenario as the table owner (RLS does not bind it), in one transaction. */
  async function insertWorld(s: Scenario): Promise<World> {
    const orgs: Org[] = [];
    const memberships: World['memberships'] = [];
    const invitations: World['invitations'] = [];
    const auditEvents: World['auditEvents'] = [];
    await owner.query('BEGIN');
    try {
      const insertOrg = async (kind: OrganisationKind, name: string, parent?: Org, school?: (typeof s.tree)[0]['supervisors'][0]['schools'][0]) => {
        const { rows } = await owner.query<{ id: string; path: string }>(
          `INSERT INTO organisation (kind, name, parent_id, school_type, credit_code) VALUES ($1, $2, $3, $4, $5) RETURNING id, path`,
          // Sibling names are unique: the suffix keeps random names apart across runs and replays.
          [kind, `${name} ${unique()}`, parent?.id ?? null, school?.schoolType ?? null, school?.hasCreditCode ? creditCode() : null],
        );
        const org: Org = { id: rows[0]!.id, path: rows[0]!.path, kind, parent };
        orgs.push(org);
        return org;
      };
      for (const p of s.tree) {
        const province = await insertOrg('province', p.name);
        for (const sv of p.supervisors) {
          const supervisor = await insertOrg('supervisor', sv.name, province);
          for (const sc of sv.schools) await insertOrg('school', sc.name, supervisor, sc);
        }
      }

      const userIds: string[] = [];
      for (const u of [...s.users, { username: 'outsider', displayName: 'Outsider', passwordHash: 'x' }]) {
        const { rows } = await owner.query<{ id: string }>(`INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [
          `${u.username}-${unique()}`,
          u.displayName,
          u.passwordHash,
        ]);
        userIds.push(rows[0]!.id);
      }
      const outsider = userIds.pop()!;

      const schools = orgs.filter((o) => o.kind === 'school');
      const schoolA = schools[s.schoolA % schools.length]!;
      const schoolB = schools.filter((o) => o !== schoolA)[s.schoolB % (schools.length - 1)]!;

      // A and B always have a member: (e) must have rows of B to try to change, and one of A to try to move.
      const wanted = [
        { org: orgs.indexOf(schoolA), user: 0, role: 0, grantedBy: null },
        { org: orgs.indexOf(schoolB), user: 0, role: 0, grantedBy: null },
        ...s.memberships,
      ];
      const separatedAdmins = new Set<string>();
      const seen = new Set<string>();
      for (const m of wanted) {
        const org = orgs[m.org % orgs.length]!;
        const roles = ROLES_OF_KIND[org.kind];
        const row = { org_id: org.id, user_id: userIds[m.user % userIds.length]!, role: roles[m.role % roles.length]! };
        // Primary key, and 三员分立 (one of province_admin / security_admin / auditor per person).
        if (seen.has(memberKey(row))) continue;
        if (['province_admin', 'security_admin', 'auditor'].includes(row.role)) {
          if (separatedAdmins.has(row.user_id)) continue;
          separatedAdmins.add(row.user_id);
        }
        seen.add(memberKey(row));
        const grantedBy = m.grantedBy === null ? null : userIds[m.grantedBy % userIds.length]!;
        await owner.query(`INSERT INTO membership (org_id, user_id, role, granted_by) VALUES ($1, $2, $3, $4)`, [row.org_id, row.user_id, row.role, grantedBy]);
        memberships.push(row);
      }

      for (const i of s.invitations) {
        const org = orgs[i.org % orgs.length]!;
        const roles = ROLES_OF_KIND[org.kind];
        const { rows } = await owner.query<{ org_id: string; id: string }>(
          `INSERT INTO invitation (org_id, token_hash, email, role, invited_by, expires_at)
           VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6)) RETURNING org_id, id`,
          [org.id, randomBytes(32), i.email, roles[i.role % roles.length], userIds[i.invitedBy % userIds.length], i.expiresInMinutes],
        );
        invitations.push(rows[0]!);
      }

      // Each organisation's 'org' chain: seq 1.., each prev_hash the previous hash (unique per chain).
      const chainHead = new Map<string, { seq: number; hash: Buffer }>();
      const appendEvent = async (orgId: string, seq: number, prevHash: Buffer, action: string, occurredAt: Date) => {
        const hash = randomBytes(32);
        await owner.query(
          `INSERT INTO audit_event (org_id, chain, seq, occurred_at, action, alg, prev_hash, hash) VALUES ($1, 'org', $2, $3, $4, 'sm3', $5, $6)`,
          [orgId, seq, occurredAt, action, prevHash, hash],
        );
        return hash;
      };
      for (const e of s.auditEvents) {
        const org = orgs[e.org % orgs.length]!;
        const head = chainHead.get(org.id) ?? { seq: 0, hash: Buffer.alloc(32) };
        chainHead.set(org.id, { seq: head.seq + 1, hash: await appendEvent(org.id, head.seq + 1, head.hash, e.action, e.occurredAt) });
        auditEvents.push({ org_id: org.id, chain: 'org', seq: String(head.seq + 1) });
      }
      // The deployment's own chain (e.g. unknown usernames): a province sees it, no one below does.
      if (s.deploymentEvent) {
        const { rows } = await owner.query<{ seq: string; hash: Buffer | null }>(
          `SELECT coalesce(max(seq), 0)::text AS seq, (SELECT hash FROM audit_event WHERE org_id = $1 AND chain = 'org' ORDER BY seq DESC LIMIT 1) AS hash
           FROM audit_event WHERE org_id = $1 AND chain = 'org'`,
          [SYSTEM_ORG_ID],
        );
        await appendEvent(SYSTEM_ORG_ID, Number(rows[0]!.seq) + 1, rows[0]!.hash ?? Buffer.alloc(32), 'auth.login_failed', new Date());
      }
      await owner.query('COMMIT');
      return { orgs, outsider, memberships, invitations, auditEvents, schoolA, schoolB, userIds };
    } catch (error) {
      await owner.query('ROLLBACK');
      throw error;
    }
  }

  interface Visible {
    organisation: string[];
    membership: string[];
    invitation: string[];
    audit_event: string[];
  }

  /** Everything the four tables show to a connection, each as sorted keys. */
  async function readAll(client: pg.Client): Promise<Visible> {
    const q = async <T extends object>(sql: string) => (await client.query<T>(sql)).rows;
    return {
      organisation: sorted((await q<{ id: string }>(`SELECT id FROM organisation`)).map((r) => r.id)),
      membership: sorted((await q<{ org_id: string; user_id: string; role: string }>(`SELECT org_id, user_id, role FROM membership`)).map(memberKey)),
      invitation: sorted((await q<{ org_id: string; id: string }>(`SELECT org_id, id FROM invitation`)).map(invitationKey)),
      audit_event: sorted((await q<{ org_id: string; chain: string; seq: string }>(`SELECT org_id, chain, seq::text AS seq FROM audit_event`)).map(auditKey)),
    };
  }

  /** One transaction as the app role with the tenant settings the API would make (null: none at all). */
  async function asTenant<T>(settings: { orgPath: string; userId: string } | null, work: (client: pg.Client) => Promise<T>, commit = false): Promise<T> {
    await app.query('BEGIN');
    try {
      if (settings) {
        await app.query(`SELECT set_config('dahe.org_path', $1, true), set_config('dahe.user_id', $2, true)`, [settings.orgPath, settings.userId]);
      }
      const result = await work(app);
      await app.query(commit ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      await app.query('ROLLBACK');
      throw error;
    }
  }

  /** The SQLSTATE a statement fails with as the given tenant, or 'ok:<rowCount>'. */
  async function outcome(settings: { orgPath: string; userId: string }, sql: string, params: unknown[]): Promise<string> {
    return asTenant(settings, (c) => c.query(sql, params), true).then(
      (r) => `ok:${r.rowCount}`,
      (error: { code?: string }) => error.code ?? String(error),
    );
  }

  /** What the owner computes directly: every row of these organisations, and the deployment chain when asked. */
  async function ownerRowsOf(orgIds: string[], withDeploymentChain: boolean): Promise<Omit<Visible, 'organisation'>> {
    const q = async <T extends object>(sql: string, params: unknown[]) => (await owner.query<T>(sql, params)).rows;
    return {
      membership: sorted((await q<{ org_id: string; user_id: string; role: string }>(`SELECT org_id, user_id, role FROM membership WHERE org_id = ANY($1)`, [orgIds])).map(memberKey)),
      invitation: sorted((await q<{ org_id: string; id: string }>(`SELECT org_id, id FROM invitation WHERE org_id = ANY($1)`, [orgIds])).map(invitationKey)),
      audit_event: sorted(
        (
          await q<{ org_id: string; chain: string; seq: string }>(`SELECT org_id, chain, seq::text AS seq FROM audit_event WHERE org_id = ANY($1) OR ($2 AND org_id = $3)`, [
            orgIds,
            withDeploymentChain,
            SYSTEM_ORG_ID,
          ])
        ).map(auditKey),
      ),
    };
  }

  const subtreeOf = (world: World, top: Org) => world.orgs.filter((o) => o === top || o.parent === top || o.parent?.parent === top);
  const ancestorsOf = (org: Org): Org[] => (org.parent ? [org.parent, ...ancestorsOf(org.parent)] : []);

  it(`shows each tenant exactly its subtree, nothing without a tenant, and refuses writes across schools (${RUNS} random trees)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const world = await insertWorld(scenario);

        // The owner sees what was written (the model below is right about the database).
        const runOrgIds = world.orgs.map((o) => o.id);
        expect(await ownerRowsOf(runOrgIds, false)).toEqual({
          membership: sorted(world.memberships.map(memberKey)),
          invitation: sorted(world.invitations.map(invitationKey)),
          audit_event: sorted(world.auditEvents.map(auditKey)),
        });
        const nothing: Visible = { organisation: [], membership: [], invitation: [], audit_event: [] };

        // (a) No tenant at all: a fresh connection that never set anything sees no row of any table.
        const fresh = new pg.Client({ connectionString: db.appUrl });
        await fresh.connect();
        try {
          expect(await readAll(fresh)).toEqual(nothing);
        } finally {
          await fresh.end();
        }
        // … nor with the settings explicitly empty, nor on a pooled connection after a tenant's transaction ended.
        expect(await asTenant({ orgPath: '', userId: '' }, readAll)).toEqual(nothing);
        // An empty path with a person set: only that person's own memberships and organisations, never '%' (everything).
        const member = world.userIds[0]!;
        const own = world.memberships.filter((m) => m.user_id === member);
        expect(await asTenant({ orgPath: '', userId: member }, readAll)).toEqual({
          organisation: sorted(new Set(own.map((m) => m.org_id))),
          membership: sorted(own.map(memberKey)),
          invitation: [],
          audit_event: [],
        });
        await asTenant({ orgPath: world.schoolA.path, userId: world.outsider }, readAll);
        expect(await asTenant(null, readAll)).toEqual(nothing);

        // (b), (c), (d): every organisation of the tree as the active one, by a person with no membership.
        for (const active of world.orgs) {
          const subtree = subtreeOf(world, active);
          const visible = await asTenant({ orgPath: active.path, userId: world.outsider }, readAll);
          const context = `${active.kind} ${active.path}`;
          // Organisations: exactly the subtree and the ancestors.
          expect({ context, organisation: visible.organisation }).toEqual({ context, organisation: sorted([...subtree, ...ancestorsOf(active)].map((o) => o.id)) });
          // Tenant rows: exactly those of the subtree, as the owner computes them (a province also sees the deployment chain).
          const { organisation: _, ...rows } = visible;
          expect({ context, ...rows }).toEqual({ context, ...(await ownerRowsOf(subtree.map((o) => o.id), active.kind === 'province')) });
          if (active.kind === 'school') {
            // (b) a school: every row is its own.
            for (const key of [...rows.membership, ...rows.invitation, ...rows.audit_event]) expect(key.split('|')[0]).toBe(active.id);
          } else {
            // (c), (d): never a row of an organisation outside the subtree (e.g. the other province).
            const inside = new Set(subtree.map((o) => o.id));
            const outside = world.orgs.filter((o) => !inside.has(o.id)).map((o) => o.id);
            for (const key of [...rows.membership, ...rows.invitation, ...rows.audit_event]) expect(outside).not.toContain(key.split('|')[0]);
          }
        }

        // (e) As school A: no write reaches school B.
        const { schoolA: a, schoolB: b } = world;
        const asA = { orgPath: a.path, userId: world.outsider };
        const user = world.userIds[0]!;
        const before = await ownerRowsOf([b.id], false);
        expect(await outcome(asA, `INSERT INTO membership (org_id, user_id, role) VALUES ($1, $2, 'drafter')`, [b.id, world.outsider])).toBe('42501');
        expect(
          await outcome(asA, `INSERT INTO invitation (org_id, token_hash, email, role, invited_by, expires_at) VALUES ($1, $2, 'x@example.test', 'viewer', $3, now() + interval '1 day')`, [
            b.id,
            randomBytes(32),
            user,
          ]),
        ).toBe('42501');
        expect(
          await outcome(asA, `INSERT INTO audit_event (org_id, chain, seq, occurred_at, action, alg, prev_hash, hash) VALUES ($1, 'org', 1000000, now(), 'forged', 'sm3', $2, $3)`, [
            b.id,
            randomBytes(32),
            randomBytes(32),
          ]),
        ).toBe('42501');
        expect(await outcome(asA, `UPDATE membership SET status = 'suspended' WHERE org_id = $1`, [b.id])).toBe('ok:0');
        expect(await outcome(asA, `DELETE FROM membership WHERE org_id = $1`, [b.id])).toBe('ok:0');
        expect(await outcome(asA, `UPDATE invitation SET revoked_at = now() WHERE org_id = $1`, [b.id])).toBe('ok:0');
        // Nor can A move one of its own rows into B.
        // (To the outsider, who has no membership: no key conflict can answer before row-level security does.)
        expect(await outcome(asA, `UPDATE membership SET org_id = $2, user_id = $3 WHERE org_id = $1 AND user_id = $4`, [a.id, b.id, world.outsider, user])).toBe('42501');
        expect(await ownerRowsOf([b.id], false)).toEqual(before);
        const { rows: suspended } = await owner.query(`SELECT 1 FROM membership WHERE org_id = $1 AND status <> 'active'`, [b.id]);
        expect(suspended).toEqual([]);
        // The same statements do reach A's own rows (the refusals above are about B, not about writing at all).
        expect(await outcome(asA, `INSERT INTO membership (org_id, user_id, role) VALUES ($1, $2, 'drafter')`, [a.id, world.outsider])).toBe('ok:1');
        expect(await outcome(asA, `DELETE FROM membership WHERE org_id = $1 AND user_id = $2`, [a.id, world.outsider])).toBe('ok:1');
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
