import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrate, revertAll } from '../src/database/data-source';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';

/** What the app role may and may not do: row-level security (next migrations) relies on all of it. */
describe('the app role dahe_app', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const asApp = <T>(sql: string) => withClient(db.appUrl, (client) => client.query<T & object>(sql));
  const refusal = (sql: string) => asApp(sql).then(
    () => 'allowed',
    (error: { code?: string }) => error.code,
  );

  it('is who the API connects as, neither superuser nor able to bypass row-level security', async () => {
    const { rows } = await asApp<{ user: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
      `SELECT current_user AS user, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({ user: 'dahe_app', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
  });

  it('owns no table', async () => {
    const { rows } = await asApp<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tableowner = current_user`);
    expect(rows[0]!.n).toBe(0);
  });

  it('cannot ALTER, DROP or TRUNCATE a table, nor create one (42501 insufficient_privilege)', async () => {
    expect(await refusal(`ALTER TABLE organisation ADD COLUMN hacked int`)).toBe('42501');
    expect(await refusal(`ALTER TABLE organisation DISABLE ROW LEVEL SECURITY`)).toBe('42501');
    expect(await refusal(`DROP TABLE organisation`)).toBe('42501');
    expect(await refusal(`TRUNCATE organisation`)).toBe('42501');
    expect(await refusal(`CREATE TABLE sneaky (id int)`)).toBe('42501');
    expect(await refusal(`SELECT * FROM typeorm_migrations`)).toBe('42501');
  });

  it('writes only inside a tenant: no tenant, no row; never DELETE an organisation', async () => {
    const province = await withClient(db.ownerUrl, async (client) =>
      (await client.query<{ id: string; path: string }>(`INSERT INTO organisation (kind, name) VALUES ('province', '测试省教育厅') RETURNING id, path`)).rows[0]!,
    );
    // Without the tenant setting, row-level security refuses the insert.
    expect(await refusal(`INSERT INTO organisation (kind, name, parent_id) VALUES ('supervisor', '无主局', '${province.id}')`)).toBe('42501');
    const inserted = await withClient(db.appUrl, async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('dahe.org_path', $1, true)`, [province.path]);
      await client.query(`INSERT INTO organisation (kind, name, parent_id) VALUES ('supervisor', '测试市教育局', $1)`, [province.id]);
      const rows = (await client.query<{ name: string }>(`SELECT name FROM organisation ORDER BY name`)).rows;
      await client.query('COMMIT');
      return rows.map((r) => r.name);
    });
    expect(inserted).toEqual(['测试市教育局', '测试省教育厅']);
    expect(await refusal(`DELETE FROM organisation`)).toBe('42501');
  });

  it('cannot change or remove audit events (append-only)', async () => {
    expect(await refusal(`UPDATE audit_event SET action = 'x'`)).toBe('42501');
    expect(await refusal(`DELETE FROM audit_event`)).toBe('42501');
    expect(await refusal(`TRUNCATE audit_event`)).toBe('42501');
  });
});

describe('migrations', () => {
  it('revert through their down() and apply again to the same schema', async () => {
    const db = await createTestDatabase();
    try {
      const columns = (url: string) =>
        withClient(url, async (client) =>
          (await client.query<{ c: string }>(`SELECT table_name || '.' || column_name || ':' || data_type AS c FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.c),
        );
      const before = await columns(db.ownerUrl);
      expect(before).toContain('organisation.kind:text');
      expect(await revertAll(db.ownerUrl)).toBeGreaterThan(0);
      expect((await columns(db.ownerUrl)).filter((c) => !c.startsWith('typeorm_migrations.'))).toEqual([]);
      expect((await migrate(db.ownerUrl)).length).toBeGreaterThan(0);
      expect(await columns(db.ownerUrl)).toEqual(before);
    } finally {
      await db.drop();
    }
  });
});
