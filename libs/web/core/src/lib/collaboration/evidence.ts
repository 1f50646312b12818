import { EVIDENCE_APPLICATION_LIMIT, EVIDENCE_FILE_LIMIT, EVIDENCE_MEDIA_TYPES, ErrorCode, type EvidenceItemDto } from '@dahe/shared/contracts';
import { type Code, EVIDENCE_CATEGORIES, isSectionKey, sectionHeading } from '@dahe/shared/form';
import { describeHttpError, isApiErrorBody } from '../http/http-error-message';
import type { Lang } from '../i18n/lang';
import { formatFileSize } from '../organisations/import-report';
import type { Translatable } from '../session/password-hints';

/** What the file picker offers: the three types the API accepts. */
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

const EXTENSIONS: Readonly<Record<string, (typeof EVIDENCE_MEDIA_TYPES)[number]>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export interface ChosenFile {
  readonly name: string;
  readonly size: number;
  /** The browser's guess from the name; may be empty. */
  readonly type: string;
}

/**
 * Pure: why one chosen file will not be accepted, before sending it; undefined when it looks fine.
 * A first check only, from the name, the browser's type and the size: the server reads the bytes and
 * decides (a text file named .pdf passes here and is refused there).
 */
export function evidenceFileProblem(file: ChosenFile): Translatable | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const byName = EXTENSIONS[extension];
  const typeOk = file.type === '' || (EVIDENCE_MEDIA_TYPES as readonly string[]).includes(file.type);
  if (!byName || !typeOk) return { key: 'collab.evidence.file.badType', params: { name: file.name } };
  if (file.size === 0) return { key: 'collab.evidence.file.empty', params: { name: file.name } };
  if (file.size > EVIDENCE_FILE_LIMIT) return { key: 'collab.evidence.file.tooLarge', params: { name: file.name, size: formatFileSize(file.size) } };
  return undefined;
}

/** Pure: bytes the application's evidence files take now. */
export function evidenceBytes(items: readonly EvidenceItemDto[]): number {
  return items.reduce((sum, item) => sum + item.files.reduce((s, file) => s + file.size, 0), 0);
}

/** Pure: whether adding the chosen files would pass the 200 MB of one application; undefined when it would not. */
export function evidenceTotalProblem(files: readonly ChosenFile[], usedBytes: number): Translatable | undefined {
  const adding = files.reduce((sum, file) => sum + file.size, 0);
  if (usedBytes + adding <= EVIDENCE_APPLICATION_LIMIT) return undefined;
  return {
    key: 'collab.evidence.total.tooLarge',
    params: { adding: formatFileSize(adding), left: formatFileSize(Math.max(0, EVIDENCE_APPLICATION_LIMIT - usedBytes)) },
  };
}

/** A failed request, said for people: the message, and the server's own words when it gave some. */
export interface EvidenceFailureView {
  readonly message: Translatable;
  readonly detail?: string;
}

function serverWords(body: unknown): string | undefined {
  if (!isApiErrorBody(body)) return undefined;
  const details = body.details?.length ? body.details.join('; ') : '';
  return details && body.message === 'Validation failed' ? details : body.message || undefined;
}

/**
 * Pure: a refused upload → what to tell the person. The server's checks decide (type from the bytes,
 * 20 MB a file, 200 MB an application); each refusal gets its own sentence, with the server's text
 * beside it.
 */
export function describeEvidenceUploadFailure(status: number, body: unknown, requestId?: string | null): EvidenceFailureView {
  const api = isApiErrorBody(body) ? body : undefined;
  const detail = serverWords(body);
  const message = api?.message ?? '';
  if (status === 413 || api?.code === ErrorCode.payloadTooLarge) {
    return /200 MB|in all/i.test(message)
      ? { message: { key: 'collab.evidence.error.totalTooLarge' }, detail }
      : { message: { key: 'collab.evidence.error.fileTooLarge' }, detail };
  }
  if (status === 415 || /is not a PDF, JPEG or PNG/i.test(message)) {
    const name = quotedName(message);
    return { message: name ? { key: 'collab.evidence.error.notEvidence', params: { name } } : { key: 'collab.evidence.error.badType' }, detail };
  }
  if ((status === 400 || status === 422) && api) return { message: { key: 'collab.evidence.error.invalid' }, detail };
  if (status === 409) return { message: { key: 'collab.evidence.error.notDraft' }, detail };
  if (status === 403) return { message: { key: 'collab.evidence.error.forbidden' }, detail };
  const { key, params } = describeHttpError(status, body, requestId);
  return { message: { key, params } };
}

/** The file name the server quotes as “name”. */
function quotedName(message: string): string | undefined {
  return /“([^”]+)”/.exec(message)?.[1];
}

/**
 * Pure: a refused removal or change of an item → what to tell the person. A cited item cannot go:
 * the API answers 409 with the keys of the sections citing it, named here by their headings.
 */
export function describeEvidenceChangeFailure(status: number, body: unknown, lang: Lang, requestId?: string | null): EvidenceFailureView {
  const api = isApiErrorBody(body) ? body : undefined;
  if (status === 409 && api && /cited/i.test(api.message)) {
    const sections = (api.details ?? []).map((key) => (isSectionKey(key) ? sectionHeading(key, lang) : key));
    return { message: { key: 'collab.evidence.error.cited', params: { sections: sections.join(lang === 'zh-CN' ? '、' : ', ') } } };
  }
  if (status === 409) return { message: { key: 'collab.evidence.error.notDraft' }, detail: serverWords(body) };
  if ((status === 400 || status === 422) && api) return { message: { key: 'collab.evidence.error.invalid' }, detail: serverWords(body) };
  if (status === 403) return { message: { key: 'collab.evidence.error.forbidden' }, detail: serverWords(body) };
  if (status === 404) return { message: { key: 'collab.evidence.error.gone' } };
  const { key, params } = describeHttpError(status, body, requestId);
  return { message: { key, params } };
}

export interface EvidenceGroup {
  readonly code: Code;
  readonly items: readonly EvidenceItemDto[];
}

/** Pure: items by category, in the notice's order of categories; every category is listed, even empty. */
export function groupEvidence(items: readonly EvidenceItemDto[]): EvidenceGroup[] {
  return EVIDENCE_CATEGORIES.map((category) => ({ code: category.code, items: items.filter((item) => item.category === category.code) }));
}

/** Pure: a digest shortened for the eye (`5a838678…6f34ff`); the full one is what gets copied. */
export function shortDigest(hex: string, head = 8, tail = 6): string {
  return hex.length <= head + tail + 1 ? hex : `${hex.slice(0, head)}…${hex.slice(-tail)}`;
}

/** The icon of a file's type. */
export function evidenceFileIcon(mediaType: string): 'file-pdf' | 'file-image' {
  return mediaType === 'application/pdf' ? 'file-pdf' : 'file-image';
}
