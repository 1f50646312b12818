import pg from 'pg';
import { randomInt } from 'node:crypto';
import type { HashAlgorithm } from '@dahe/api/core/data-access-audit';
import type { PersonalDataCipher } from '@dahe/api/core/util-crypto';
import { hashPassword } from '@dahe/api/identity/feature-auth';
import { type Role, creditCodeCheckChar, passwordProblems } from '@dahe/shared/contracts';
import { DEMO_PROVINCE, DEMO_SUPERVISORS, DEMO_USERS } from './demo-organisations';
import { seedDemoCall } from './demo-call';

export interface DemoAccount {
  username: string;
  displayName: string;
  organisation: string;
  roles: Role[];
}

export interface DemoSeedResult {
  seeded: boolean;
  organisations: number;
  schools: number;
  accounts: DemoAccount[];
  /** The one password of every demo account: DAHE_DEMO_PASSWORD, or generated (printed once). */
  password?: string;
  passwordGenerated: boolean;
}

export interface DemoSeedOptions {
  cipher: PersonalDataCipher;
  password?: string;
  /** DAHE_AUDIT_HASH: the seeded trail and content hashes use the deployment's algorithm. */
  hashAlgorithm?: HashAlgorithm;
}

/** A password the policy accepts, easy to type from the console: Dahe-XXXX-0000. */
function generatePassword(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  for (;;) {
    const word = Array.from({ length: 5 }, () => letters[randomInt(letters.length)]).join('');
    const candidate = `Dahe-${word}-${randomInt(1000, 10000)}`;
    if (passwordProblems(candidate).length === 0) return candidate;
  }
}

/**
 * Seeds the demo province (organisations and one account per role) into an empty database, as the
 * owner, in one transaction. A database that already has organisations is left as it is.
 */
export async function seedDemo(ownerUrl: string, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Two processes starting on one empty database must not both seed.
    await client.query('LOCK TABLE organisation IN EXCLUSIVE MODE');
    const existing = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM organisation')).rows[0]?.n ?? 0;
    if (existing > 0) {
      await client.query('ROLLBACK');
      return { seeded: false, organisations: existing, schools: 0, accounts: [], passwordGenerated: false };
    }
    let serial = 0;
    const orgIds = new Map<string, { id: string; name: string }>();
    const insert = async (key: string, parentId: string | null, kind: string, name: string, city: string, schoolType: string | null) => {
      serial++;
      // Demo codes: a fixed prefix (12 = public institution, 41 = Henan), a serial, a valid check character.
      const first17 = `1241${String(serial).padStart(4, '0')}MB${String(serial * 7919).padStart(7, '0')}`.slice(0, 17);
      const row = await client.query<{ id: string }>(
        `INSERT INTO organisation (parent_id, kind, name, city, school_type, credit_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [parentId, kind, name, city, schoolType, first17 + creditCodeCheckChar(first17)],
      );
      const [inserted] = row.rows;
      if (!inserted) throw new Error(`seeding ${name} inserted no row`);
      orgIds.set(key, { id: inserted.id, name });
      return inserted.id;
    };
    const provinceId = await insert('province', null, 'province', DEMO_PROVINCE.name, DEMO_PROVINCE.city, null);
    let schools = 0;
    for (const supervisor of DEMO_SUPERVISORS) {
      const supervisorId = await insert(supervisor.key, provinceId, 'supervisor', supervisor.name, supervisor.city, null);
      for (const school of supervisor.schools) {
        await insert(school.key, supervisorId, 'school', school.name, school.city, school.type);
        schools++;
      }
    }

    const password = options.password ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const accounts: DemoAccount[] = [];
    const userIds = new Map<string, string>();
    for (const user of DEMO_USERS) {
      const mobile = user.mobile;
      const row = await client.query<{ id: string }>(
        `INSERT INTO app_user (username, email, display_name, password_hash, mobile_enc, mobile_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [user.username, `${user.username}@demo.dahe.local`, user.displayName, passwordHash, mobile ? options.cipher.encrypt(mobile) : null, mobile ? options.cipher.lookupHash(mobile) : null],
      );
      const userId = row.rows[0]?.id;
      if (!userId) throw new Error(`seeding ${user.username} inserted no row`);
      userIds.set(user.username, userId);
      for (const membership of user.memberships) {
        const org = orgIds.get(membership.org);
        if (!org) throw new Error(`demo user ${user.username} names unknown organisation ${membership.org}`);
        for (const role of membership.roles) {
          await client.query(`INSERT INTO membership (org_id, user_id, role) VALUES ($1, $2, $3)`, [org.id, userId, role]);
        }
        accounts.push({ username: user.username, displayName: user.displayName, organisation: org.name, roles: membership.roles });
      }
    }
    await seedDemoCall(client, orgIds, userIds, options.hashAlgorithm);
    await client.query('COMMIT');
    return { seeded: true, organisations: serial, schools, accounts, password, passwordGenerated: options.password === undefined };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
