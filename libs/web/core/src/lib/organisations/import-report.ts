import { ErrorCode, type ImportReport, type ImportRowReport } from '@dahe/shared/contracts';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { Lang } from '../i18n/lang';
import type { TranslationKey } from '../i18n/zh-CN';
import type { Translatable } from '../session/password-hints';
import { invitationUrl } from './invitation';

/** The API refuses sheets above 5 MB. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** Where the template sheet is served from (apps/web/public). */
export const IMPORT_TEMPLATE_URL = 'templates/organisations-template.xlsx';

/** Pure: why a chosen file cannot be sent, before uploading it; undefined when it can. */
export function importFileProblem(file: { readonly name: string; readonly size: number }): TranslationKey | undefined {
  if (!/\.xlsx$/i.test(file.name)) return 'import.file.notXlsx';
  if (file.size === 0) return 'import.file.empty';
  if (file.size > IMPORT_MAX_BYTES) return 'import.file.tooLarge';
  return undefined;
}

/** Pure: a file size for people: 12.3 KB, 1.2 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Pure: the upload's progress in whole percent (0 while the size is unknown). */
export function uploadPercent(loaded: number, total: number | undefined): number {
  if (!total || total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((loaded / total) * 100)));
}

/** What the report's header says, and whether the import may go ahead. */
export interface ImportSummaryView {
  readonly total: number;
  readonly create: number;
  readonly unchanged: number;
  readonly error: number;
  readonly tone: 'success' | 'info' | 'error';
  readonly message: Translatable;
  /** After a dry run: no row has errors and at least one school would be created. */
  readonly canImport: boolean;
}

/** Pure: an import report → its summary line and whether "import" is allowed. */
export function summariseImport(report: ImportReport): ImportSummaryView {
  const { create, unchanged, error } = report.summary;
  const total = report.rows.length;
  const base = { total, create, unchanged, error };
  if (error > 0) {
    return { ...base, tone: 'error', message: { key: 'import.summary.errors', params: { error, total } }, canImport: false };
  }
  if (report.imported) {
    return { ...base, tone: 'success', message: { key: 'import.summary.imported', params: { create, unchanged } }, canImport: false };
  }
  if (create === 0) {
    return { ...base, tone: 'info', message: { key: 'import.summary.nothingNew', params: { unchanged } }, canImport: false };
  }
  return { ...base, tone: 'success', message: { key: 'import.summary.ready', params: { create, unchanged } }, canImport: report.dryRun };
}

/**
 * Pure: the API writes row errors in both languages, "中文 / English". Shows the part of the
 * interface language; a text without the separator is shown as it is.
 */
export function localiseServerText(text: string, lang: Lang): string {
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  return (lang === 'zh-CN' ? text.slice(0, at) : text.slice(at + 3)).trim();
}

/** What a failed upload means: a report to show (nothing was imported), or a message. */
export type ImportFailureView =
  | { readonly kind: 'rejected'; readonly report: ImportReport }
  | { readonly kind: 'message'; readonly message: Translatable; readonly detail?: string };

function isImportReport(value: unknown): value is ImportReport {
  const report = value as Partial<ImportReport> | null;
  return typeof report === 'object' && report !== null && Array.isArray(report.rows) && typeof report.summary === 'object';
}

/** Pure: a failed `POST /api/organisations/import` → the page's error state. */
export function describeImportFailure(status: number, body: unknown, requestId?: string | null): ImportFailureView {
  const api = isApiErrorBody(body) ? body : undefined;
  if (api?.code === ErrorCode.importRejected) {
    const report = (body as { report?: unknown }).report;
    if (isImportReport(report)) return { kind: 'rejected', report };
  }
  if (status === 413 || api?.code === ErrorCode.payloadTooLarge) return { kind: 'message', message: { key: 'import.file.tooLarge' } };
  if (status === 400 && api) return { kind: 'message', message: { key: 'import.error.unreadable' }, detail: api.message };
  if (status === 403) return { kind: 'message', message: { key: 'import.error.forbidden' } };
  const { key, params } = describeHttpError(status, body, requestId);
  return { kind: 'message', message: { key, params } };
}

/** A created school and the link for its administrator. */
export interface ImportedLink {
  readonly row: number;
  readonly name: string;
  readonly url: string;
}

/** Pure: the invitation links of an import result, as full addresses. */
export function importedLinks(rows: readonly ImportRowReport[], origin: string): ImportedLink[] {
  return rows.flatMap((row) => {
    const url = row.adminInvitationLink ? invitationUrl(origin, row.adminInvitationLink) : undefined;
    return url ? [{ row: row.row, name: row.name, url }] : [];
  });
}

/** Pure: the links as text to paste into a message or a sheet: one "school<TAB>link" per line. */
export function importedLinksText(links: readonly ImportedLink[]): string {
  return links.map((link) => `${link.name}\t${link.url}`).join('\n');
}

/** ng-zorro tag colours of the row outcomes. */
export const IMPORT_OUTCOME_COLORS: Readonly<Record<ImportRowReport['outcome'], string>> = {
  create: 'blue',
  unchanged: 'default',
  error: 'red',
};

export const IMPORT_OUTCOME_LABELS: Readonly<Record<ImportRowReport['outcome'], TranslationKey>> = {
  create: 'import.outcome.create',
  unchanged: 'import.outcome.unchanged',
  error: 'import.outcome.error',
};
