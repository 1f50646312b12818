import type { EvidenceMediaType } from '@dahe/shared/contracts';

/** The type from the bytes themselves: the name and the browser's Content-Type are not trusted. */
export function sniffMediaType(data: Buffer): EvidenceMediaType | undefined {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}
