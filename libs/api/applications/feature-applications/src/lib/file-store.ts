import type { Sql } from '@dahe/api/core/data-access-db';

/**
 * Where evidence bytes live. The PostgreSQL store keeps them in `file_blob`, inside the caller's
 * transaction and under row-level security, so the embedded mode needs nothing else; the S3 store
 * (s3-file-store.ts) keeps them in a bucket under `<orgId>/<key>`.
 *
 * Transactions: `put`, `get` and `delete` run inside the caller's transaction. A store outside the
 * database cannot take part in it, so its irreversible removal is `purge`, which the caller runs only
 * after the transaction committed: a rollback then never leaves a row pointing at nothing.
 */
export interface FileStore {
  /** Before the commit. An object written here and orphaned by a rollback is harmless: no row names it. */
  put(sql: Sql, orgId: string, key: string, data: Buffer): Promise<void>;
  /** The bytes, or undefined when there are none under the key. */
  get(sql: Sql, orgId: string, key: string): Promise<Buffer | undefined>;
  /** The part of a removal that a rollback undoes (PostgreSQL: the row in `file_blob`). */
  delete(sql: Sql, orgId: string, key: string): Promise<void>;
  /** The irreversible part of a removal; call only after the transaction that removed the file committed. */
  purge(orgId: string, key: string): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');
/** {@link FileStoreOptions} for ApplicationsModule.forRoot; absent → PostgreSQL. */
export const FILE_STORE_OPTIONS = Symbol('FILE_STORE_OPTIONS');

export interface S3FileStoreOptions {
  /** e.g. http://minio:9000; absent → AWS S3 of {@link region}. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Both or neither; neither → the SDK's default chain (AWS_* variables, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`: what MinIO and most on-premise stores expect. */
  forcePathStyle: boolean;
}

export type FileStoreOptions = { kind: 'postgres' } | ({ kind: 's3' } & S3FileStoreOptions);

/** The store is configured but cannot be used; the message is one line for the operator. */
export class FileStoreError extends Error {
  override name = 'FileStoreError';
}

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

  /** Nothing left to do: the row went with the transaction. */
  async purge(): Promise<void> {
    return;
  }
}
