import type { OnModuleDestroy } from '@nestjs/common';
import type * as S3 from '@aws-sdk/client-s3';
import type { Sql } from '@dahe/api/core/data-access-db';
import { type FileStore, FileStoreError, type S3FileStoreOptions } from './file-store';

/** How long the start-up check waits for the bucket to answer. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * Evidence bytes in an S3-compatible bucket (MinIO, Ceph, a cloud's object storage), under
 * `<orgId>/<key>`: the tenant first, so a school's objects can be listed, copied or removed together.
 *
 * The bucket is outside the database transaction. A put happens before the commit: if the transaction
 * rolls back, the object stays without a row naming it, which is harmless (nothing reads it; it only
 * takes space). A removal is the other way round: `delete` does nothing inside the transaction and
 * `purge` removes the object once the removal committed, so a rollback never leaves a row whose bytes
 * are gone.
 */
export class S3FileStore implements FileStore, OnModuleDestroy {
  private constructor(
    private readonly sdk: typeof S3,
    private readonly client: S3.S3Client,
    private readonly options: S3FileStoreOptions,
  ) {}

  /** A store whose bucket answered a HeadBucket; a {@link FileStoreError} (one line) otherwise. */
  static async connect(options: S3FileStoreOptions): Promise<S3FileStore> {
    // Loaded here, not imported at the top: the default PostgreSQL mode never pays for the SDK.
    const sdk = await import('@aws-sdk/client-s3');
    const client = new sdk.S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      // The SDK's default CRC checksums on every request are not understood by many S3-compatible
      // stores; send and check them only where the S3 API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const store = new S3FileStore(sdk, client, options);
    try {
      await store.check();
    } catch (error) {
      client.destroy();
      throw error;
    }
    return store;
  }

  async put(_sql: Sql, orgId: string, key: string, data: Buffer): Promise<void> {
    await this.client.send(new this.sdk.PutObjectCommand({ Bucket: this.options.bucket, Key: objectKey(orgId, key), Body: data, ContentLength: data.length, ContentType: 'application/octet-stream' }));
  }

  async get(_sql: Sql, orgId: string, key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: objectKey(orgId, key) }));
      if (!object.Body) return undefined;
      const bytes = await object.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (error instanceof this.sdk.NoSuchKey || status(error) === 404) return undefined;
      throw error;
    }
  }

  /** Nothing inside the transaction: the object goes in {@link purge}, after the commit. */
  async delete(): Promise<void> {
    return;
  }

  /** Removes the object; removing one that is not there succeeds, as in S3. */
  async purge(orgId: string, key: string): Promise<void> {
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: objectKey(orgId, key) }));
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  private async check(): Promise<void> {
    const { bucket, endpoint } = this.options;
    const where = `S3 bucket "${bucket}" at ${endpoint ?? `AWS S3 (${this.options.region})`}`;
    try {
      await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    } catch (error) {
      const code = status(error);
      if (code === 403 || code === 401) throw new FileStoreError(`${where} refused access (HTTP ${code}): check DAHE_S3_ACCESS_KEY_ID and DAHE_S3_SECRET_ACCESS_KEY`);
      if (code === 404) throw new FileStoreError(`${where} does not exist: create it, or correct DAHE_S3_BUCKET`);
      if (code === 301) throw new FileStoreError(`${where} is in another region: correct DAHE_S3_REGION`);
      if (code !== undefined) throw new FileStoreError(`${where} answered HTTP ${code} (${(error as Error).name}) to HeadBucket`);
      const reason = (error as { code?: string }).code ?? (error as Error).name ?? 'error';
      throw new FileStoreError(`${where} is not reachable (${reason}: ${(error as Error).message}): check DAHE_S3_ENDPOINT`);
    }
  }
}

function objectKey(orgId: string, key: string): string {
  return `${orgId}/${key}`;
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
