import { createHash } from 'node:crypto';
import { canonicalJson } from '@dahe/shared/contracts';
import { SECTION_KEYS } from '@dahe/shared/form';

export type ContentHashAlgorithm = 'sm3' | 'sha256';

export interface HashedEvidenceFile {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  /** Hex digests of the file's bytes, both kept at upload. */
  sha256: string;
  sm3: string;
}

export interface HashedEvidenceItem {
  id: string;
  category: string;
  title: string;
  isAgreement: boolean;
  files: HashedEvidenceFile[];
}

export interface ContentHashInput {
  /** The form template and its version, e.g. `dahe-2024`. */
  template: string;
  /** Saved section contents by key; a section never saved is `null`. */
  sections: Readonly<Record<string, unknown>>;
  evidence: readonly HashedEvidenceItem[];
}

/**
 * What a signature binds: every section of the template (unsaved ones as null, unknown keys ignored),
 * the template version and every evidence item with its files' digests, in a fixed order. The order of
 * rows in the database, of keys in jsonb and of uploads never changes the result.
 */
export function contentDocument(input: ContentHashInput): unknown {
  const sections = Object.fromEntries(SECTION_KEYS.map((key) => [key, input.sections[key] ?? null]));
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const evidence = [...input.evidence].sort(byId).map((item) => ({
    id: item.id,
    category: item.category,
    title: item.title,
    isAgreement: item.isAgreement,
    files: [...item.files].sort(byId).map((file) => ({
      id: file.id,
      filename: file.filename,
      mediaType: file.mediaType,
      size: file.size,
      sha256: file.sha256.toLowerCase(),
      sm3: file.sm3.toLowerCase(),
    })),
  }));
  return { format: 'dahe-content/1', template: input.template, sections, evidence };
}

/** H(canonical JSON (RFC 8785) of {@link contentDocument}); H is SM3 (GB/T 32905) or SHA-256. */
export function contentHash(input: ContentHashInput, algorithm: ContentHashAlgorithm): Buffer {
  return createHash(algorithm).update(canonicalJson(contentDocument(input)), 'utf8').digest();
}

/** How a hash travels and is shown: `<alg>:<hex>`, so the algorithm is never separated from it. */
export function formatContentHash(algorithm: ContentHashAlgorithm, hash: Buffer): string {
  return `${algorithm}:${hash.toString('hex')}`;
}
