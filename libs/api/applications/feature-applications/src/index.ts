export * from './lib/applications.module';
export { type FileStoreOptions, type S3FileStoreOptions, FileStoreError } from './lib/file-store';
export { SignoffEngine, receiptNumber, type SignoffActor, type SignoffRequest } from './lib/signoff-engine';
export { contentHash, formatContentHash, contentDocument } from './lib/content-hash';
