/**
 * `Content-Disposition` for a download (RFC 6266): the real name, Chinese included, as an RFC 5987
 * `filename*` (UTF-8, percent-encoded; `'`, `(`, `)` and `*` too, which encodeURIComponent leaves but
 * attr-char does not allow), and, when given, a plain-ASCII `filename` for clients that read no `filename*`.
 */
export function attachmentDisposition(filename: string, asciiFallback?: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; ${asciiFallback === undefined ? '' : `filename="${asciiFallback}"; `}filename*=UTF-8''${encoded}`;
}
