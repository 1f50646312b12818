/** The documents of an application the API renders (issue 7). */
export type ApplicationDocument = 'pdf' | 'docx' | 'binder';

const PATHS: Readonly<Record<ApplicationDocument, string>> = {
  pdf: 'export.pdf',
  docx: 'export.docx',
  binder: 'evidence-binder.pdf',
};

export function documentUrl(applicationId: string, document: ApplicationDocument): string {
  return `/api/applications/${encodeURIComponent(applicationId)}/${PATHS[document]}`;
}

/**
 * Pure: the file name a Content-Disposition header offers, preferring the RFC 5987 `filename*`
 * (which carries the Chinese name) over the ASCII `filename`; `fallback` when there is neither.
 */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || fallback;
}

/** Pure: a whole percentage of a download, or null while the size is unknown. */
export function downloadPercent(loaded: number, total: number | undefined): number | null {
  if (!total || total <= 0) return null;
  return Math.min(100, Math.floor((loaded / total) * 100));
}
