import { filenameFromDisposition } from '../applications/document-download';

/** What {@link saveDownloadedFile} reads of an `HttpResponse<Blob>`. */
export interface DownloadedFile {
  readonly headers: { get(name: string): string | null };
  readonly body: Blob | null;
}

/**
 * Hands a fetched file to the browser as a download, named as its Content-Disposition says (`fallbackName`
 * when it says nothing), and returns that name.
 */
export function saveDownloadedFile(document: Pick<Document, 'createElement'>, response: DownloadedFile, fallbackName: string): string {
  const name = filenameFromDisposition(response.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(response.body ?? new Blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The browser has taken the file once the click returns; the URL may go a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

/**
 * The API's JSON error body of a failed request. With responseType 'blob' it arrives as a Blob; one that
 * is not JSON gives `undefined`.
 */
export async function apiErrorOfBlob(error: { readonly error: unknown }): Promise<unknown> {
  try {
    return error.error instanceof Blob ? JSON.parse(await error.error.text()) : error.error;
  } catch {
    return undefined;
  }
}
