import type { Sql } from '@dahe/api/core/data-access-db';

/**
 * Where evidence bytes live. The PostgreSQL store keeps them in `file_blob`, inside the caller's
 * transaction and under row-level security, so the embedded mode needs nothing else; an S3-compatible
 * store would implement the same three calls.
 */
export interface FileStore {
  put(sql: Sql, orgId: string, key: string, data: Buffer): Promise<void>;
  get(sql: Sql, orgId: string, key: string): Promise<Buffer | undefined>;
  delete(sql: Sql, orgId: string, key: string): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');

export class PostgresFileStore implements FileStore {
  async put(sql: Sql, orgId: string, key: string, data: Buffer): Promise<void> {
    await sql.exec(`INSERT INTO file_blob (org_id, key, data) VALUES ($1, $2, $3)`, [orgId, key, data]);
  }

  async get(sql: Sql, orgId: string, key: string): Promise<Buffer | undefined> {
    return (await sql.one<{ data: Buffer }>(`SELECT data FROM file_blob WHERE org_id = $1 AND key = $2`, [orgId, key]))?.data;
  }

  async delete(sql: Sql, orgId: string, key: string): Promise<void> {
    await sql.exec(`DELETE FROM file_blob WHERE org_id = $1 AND key = $2`, [orgId, key]);
  }
}
