import { type FileStore, type FileStoreOptions, PostgresFileStore } from './file-store';
import { S3FileStore } from './s3-file-store';

/** The configured store; the S3 one (and its SDK, loaded only then) after checking that the bucket answers. */
export async function createFileStore(options: FileStoreOptions = { kind: 'postgres' }): Promise<FileStore> {
  if (options.kind === 'postgres') return new PostgresFileStore();
  return S3FileStore.connect(options);
}
