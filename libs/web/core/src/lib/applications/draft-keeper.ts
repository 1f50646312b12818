/**
 * Unsaved section text kept in the browser (localStorage), so that it survives what a save cannot:
 * the session expiring mid-sentence (the app then goes to /login), a crash, a closed tab. Kept per
 * application, section and user, so that a shared computer never offers one person's draft to another.
 */
export interface KeptDraft {
  readonly content: unknown;
  /** The version the draft was based on: restoring it saves against this, so a newer save is a conflict, not an overwrite. */
  readonly baseVersion: number;
  /** ISO time the draft was last kept. */
  readonly keptAt: string;
}

/** The part of `Storage` used here (a fake in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'dahe.draft';

export function draftKey(applicationId: string, sectionKey: string, userId: string): string {
  return `${PREFIX}:${applicationId}:${sectionKey}:${userId}`;
}

function isKeptDraft(value: unknown): value is KeptDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Partial<KeptDraft>;
  return 'content' in draft && typeof draft.baseVersion === 'number' && Number.isInteger(draft.baseVersion) && draft.baseVersion >= 0 && typeof draft.keptAt === 'string';
}

export class DraftKeeper {
  constructor(
    private readonly storage: DraftStorage | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  keep(applicationId: string, sectionKey: string, userId: string, content: unknown, baseVersion: number): void {
    const draft: KeptDraft = { content, baseVersion, keptAt: this.now().toISOString() };
    try {
      this.storage?.setItem(draftKey(applicationId, sectionKey, userId), JSON.stringify(draft));
    } catch {
      // Storage full or blocked: the draft lives only as long as the page.
    }
  }

  /** The kept draft, if there is a well-formed one. */
  read(applicationId: string, sectionKey: string, userId: string): KeptDraft | null {
    try {
      const raw = this.storage?.getItem(draftKey(applicationId, sectionKey, userId));
      if (!raw) return null;
      const parsed: unknown = JSON.parse(raw);
      return isKeptDraft(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  forget(applicationId: string, sectionKey: string, userId: string): void {
    try {
      this.storage?.removeItem(draftKey(applicationId, sectionKey, userId));
    } catch {
      // Nothing to do: a blocked storage has nothing kept either.
    }
  }
}
