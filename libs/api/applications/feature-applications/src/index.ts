export * from './lib/applications.module';
export { type FileStoreOptions, type S3FileStoreOptions, FileStoreError } from './lib/file-store';
export { SignoffEngine, receiptNumber, type SignoffActor, type SignoffRequest } from './lib/signoff-engine';
export { contentHash, formatContentHash, contentDocument } from './lib/content-hash';
export { buildApplicationDocument, type ApplicationDocument, type ApplicationDocumentInput, type EvidencePages } from './lib/documents/application-document';
export { renderApplicationPdf } from './lib/documents/application-pdf';
export { renderApplicationDocx } from './lib/documents/application-docx';
export { OutboxDispatcher, DEFAULT_OUTBOX_OPTIONS, type OutboxOptions, retryDelayMs } from './lib/outbox/outbox-dispatcher';
export { HandOverNotifier, handOverKind, handOverMessage } from './lib/outbox/hand-over-notifier';
