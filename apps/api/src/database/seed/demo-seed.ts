import pg from 'pg';
import { creditCodeCheckChar } from '@dahe/shared/contracts';
import { DEMO_PROVINCE, DEMO_SUPERVISORS } from './demo-organisations';

export interface DemoSeedResult {
  seeded: boolean;
  organisations: number;
  supervisors: string[];
  schools: number;
}

/**
 * Seeds the demo province into an empty database, as the owner, in one transaction.
 * A database that already has organisations is left as it is.
 */
export async function seedDemo(ownerUrl: string): Promise<DemoSeedResult> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Two processes starting on one empty database must not both seed.
    await client.query('LOCK TABLE organisation IN EXCLUSIVE MODE');
    const existing = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM organisation')).rows[0]?.n ?? 0;
    if (existing > 0) {
      await client.query('ROLLBACK');
      return { seeded: false, organisations: existing, supervisors: [], schools: 0 };
    }
    let serial = 0;
    const insert = async (parentId: string | null, kind: string, name: string, city: string, schoolType: string | null) => {
      serial++;
      // Demo codes: a fixed prefix (12 = public institution, 41 = Henan), a serial, a valid check character.
      const first17 = `1241${String(serial).padStart(4, '0')}MB${String(serial * 7919).padStart(7, '0')}`.slice(0, 17);
      const code = first17 + creditCodeCheckChar(first17);
      const row = await client.query<{ id: string }>(
        `INSERT INTO organisation (parent_id, kind, name, city, school_type, credit_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [parentId, kind, name, city, schoolType, code],
      );
      const [inserted] = row.rows;
      if (!inserted) throw new Error(`seeding ${name} inserted no row`);
      return inserted.id;
    };
    const provinceId = await insert(null, 'province', DEMO_PROVINCE.name, DEMO_PROVINCE.city, null);
    let schools = 0;
    for (const supervisor of DEMO_SUPERVISORS) {
      const supervisorId = await insert(provinceId, 'supervisor', supervisor.name, supervisor.city, null);
      for (const school of supervisor.schools) {
        await insert(supervisorId, 'school', school.name, school.city, school.type);
        schools++;
      }
    }
    await client.query('COMMIT');
    return { seeded: true, organisations: serial, supervisors: DEMO_SUPERVISORS.map((s) => s.name), schools };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
