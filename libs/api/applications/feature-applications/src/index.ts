export * from './lib/applications.module';
export { type FileStoreOptions, type S3FileStoreOptions, FileStoreError } from './lib/file-store';
export { SignoffEngine, receiptNumber, type SignoffActor, type SignoffRequest } from './lib/signoff-engine';
export { contentHash, formatContentHash, contentDocument } from './lib/content-hash';
export { buildApplicationDocument, type ApplicationDocument, type ApplicationDocumentInput, type EvidencePages } from './lib/documents/application-document';
export { renderApplicationPdf } from './lib/documents/application-pdf';
export { renderApplicationDocx } from './lib/documents/application-docx';
