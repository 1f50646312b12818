/**
 * Pure helpers of two-factor enrolment: the QR code as an image, the secret and codes as people
 * read and keep them.
 */

/**
 * The server's QR code SVG as a `data:` URL for an `<img>`: an image cannot run script or reach the
 * page, so no sanitiser bypass is needed, and the CSP allows `img-src data:`. Anything that is not
 * an SVG document gives undefined (the page then shows the secret alone).
 */
export function svgDataUrl(svg: string): string | undefined {
  const text = svg.trim();
  if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text) || !/<\/svg>$/i.test(text)) return undefined;
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Pure: a base32 secret in groups of four, easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return (secret.replace(/\s/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** Pure: the code as typed (apps show "123 456") → six digits, or the text without spaces. */
export function normaliseTotpCode(value: string): string {
  return value.replace(/\s/g, '');
}

export function isTotpCode(value: string): boolean {
  return /^\d{6}$/.test(normaliseTotpCode(value));
}

export interface RecoveryCodesFile {
  readonly product: string;
  readonly title: string;
  readonly account: string;
  readonly issuedAt: string;
  readonly notes: readonly string[];
  readonly codes: readonly string[];
}

/** Pure: the text of the recovery codes file (and of the clipboard): a header, the numbered codes, the notes. */
export function recoveryCodesText(file: RecoveryCodesFile): string {
  const width = String(file.codes.length).length;
  return [
    file.product,
    file.title,
    file.account,
    file.issuedAt,
    '',
    ...file.codes.map((code, index) => `${String(index + 1).padStart(width, ' ')}. ${code}`),
    '',
    ...file.notes.map((note) => `* ${note}`),
    '',
  ].join('\n');
}

/** Pure: a file name for the codes that says whose they are. */
export function recoveryCodesFileName(username: string): string {
  const safe = username.toLowerCase().replace(/[^a-z0-9._-]/g, '') || 'account';
  return `dahe-recovery-codes-${safe}.txt`;
}
