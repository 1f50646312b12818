import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

/** Plain SQL inside one transaction: what repositories use, and what their SQL snapshots show. */
export interface Sql {
  rows<T extends object>(text: string, params?: unknown[]): Promise<T[]>;
  one<T extends object>(text: string, params?: unknown[]): Promise<T | undefined>;
  /** Rows affected by an INSERT/UPDATE/DELETE. */
  exec(text: string, params?: unknown[]): Promise<number>;
}

/** Whose transaction it is: the active organisation's tree path and the acting person. */
export interface TenantContext {
  orgPath: string;
  userId: string;
}

/**
 * Every query of the API runs through here, so row-level security always has its context: the
 * settings are transaction-local (`set_config(…, true)`), so a pooled connection never carries one
 * request's tenant into the next.
 */
@Injectable()
export class Database {
  constructor(private readonly dataSource: DataSource) {}

  /** A transaction scoped to one tenant; an empty organisation path is refused, never widened. */
  inTenant<T>(context: TenantContext, work: (sql: Sql) => Promise<T>): Promise<T> {
    if (!/^\/([0-9a-f-]{36}\/)+$/.test(context.orgPath)) throw new Error('tenant context without an organisation path');
    if (!context.userId) throw new Error('tenant context without a user');
    return this.run(context.orgPath, context.userId, work);
  }

  /**
   * A transaction with no tenant: sign-in and session checks, before an organisation is known.
   * Row-level security then shows only the person's own memberships (when `userId` is given) and no
   * tenant's rows otherwise.
   */
  withoutTenant<T>(userId: string | undefined, work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.run('', userId ?? '', work);
  }

  private async run<T>(orgPath: string, userId: string, work: (sql: Sql) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT set_config('dahe.org_path', $1, true), set_config('dahe.user_id', $2, true)`, [orgPath, userId]);
      const result = await work(sqlOf(runner));
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}

function sqlOf(runner: QueryRunner): Sql {
  const structured = (text: string, params?: unknown[]) => runner.query(text, params, true) as Promise<{ records: unknown[]; affected?: number }>;
  return {
    rows: async <T extends object>(text: string, params?: unknown[]) => (await structured(text, params)).records as T[],
    one: async <T extends object>(text: string, params?: unknown[]) => (await structured(text, params)).records[0] as T | undefined,
    exec: async (text: string, params?: unknown[]) => (await structured(text, params)).affected ?? 0,
  };
}
