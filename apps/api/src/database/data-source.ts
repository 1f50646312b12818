import { DataSource, type DataSourceOptions } from 'typeorm';
import { InitRolesAndOrganisations1764374400000 } from './migrations/1764374400000-init-roles-and-organisations';
import { IdentitySessionsRls1764460800000 } from './migrations/1764460800000-identity-sessions-rls';
import { CrossTenantLookups1764547200000 } from './migrations/1764547200000-cross-tenant-lookups';
import { CallsApplications1764633600000 } from './migrations/1764633600000-calls-applications';
import { Evidence1764720000000 } from './migrations/1764720000000-evidence';
import { SectionComments1764806400000 } from './migrations/1764806400000-section-comments';
import { AssignmentsPresence1764892800000 } from './migrations/1764892800000-assignments-presence';
import { Signoff1764986400000 } from './migrations/1764986400000-signoff';
import { TransitionIdempotency1765000000000 } from './migrations/1765000000000-transition-idempotency';
import { Outbox1765100000000 } from './migrations/1765100000000-outbox';
import { ProvinceReview1765200000000 } from './migrations/1765200000000-province-review';
import { ProvinceIndexes1765300000000 } from './migrations/1765300000000-province-indexes';
import { ExportJobs1765400000000 } from './migrations/1765400000000-export-jobs';
import { DashboardSnapshot1765500000000 } from './migrations/1765500000000-dashboard-snapshot';
import { ApplicationScore1765600000000 } from './migrations/1765600000000-application-score';
import { ProvinceSeesAll1765700000000 } from './migrations/1765700000000-province-sees-all';

/** Listed, not globbed: the API ships as one bundle, and the order is the history. */
export const migrations = [InitRolesAndOrganisations1764374400000, IdentitySessionsRls1764460800000, CrossTenantLookups1764547200000, CallsApplications1764633600000, Evidence1764720000000, SectionComments1764806400000, AssignmentsPresence1764892800000, Signoff1764986400000, TransitionIdempotency1765000000000, Outbox1765100000000, ProvinceReview1765200000000, ProvinceIndexes1765300000000, ExportJobs1765400000000, DashboardSnapshot1765500000000, ApplicationScore1765600000000, ProvinceSeesAll1765700000000];

export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    // Schema changes only by migration, run explicitly by the owner.
    synchronize: false,
    migrationsRun: false,
    entities: [],
    extra: { max: 10, application_name: 'dahe-api' },
    ...overrides,
  } as DataSourceOptions;
}

/** Runs pending migrations as the owner; returns the names applied. */
export async function migrate(ownerUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(ownerUrl, { extra: { max: 1, application_name: 'dahe-migrate' } }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts every migration, newest first (db:reset). */
export async function revertAll(ownerUrl: string): Promise<number> {
  const dataSource = new DataSource(dataSourceOptions(ownerUrl, { extra: { max: 1 } }));
  await dataSource.initialize();
  let reverted = 0;
  try {
    const tableExists = await dataSource.query(`SELECT to_regclass('typeorm_migrations') IS NOT NULL AS present`);
    if (!tableExists[0].present) return 0;
    const remaining = async () => ((await dataSource.query('SELECT count(*)::int AS n FROM typeorm_migrations')) as { n: number }[])[0]?.n ?? 0;
    while ((await remaining()) > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted++;
    }
  } finally {
    await dataSource.destroy();
  }
  return reverted;
}
