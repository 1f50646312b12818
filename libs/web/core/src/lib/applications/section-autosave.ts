import { type SectionState, type StaleSectionBody, canonicalJson } from '@dahe/shared/contracts';

/** How long typing must pause before a section saves itself. */
export const AUTOSAVE_DELAY_MS = 1500;

/** What one save request came back with. */
export type SaveOutcome =
  | { readonly kind: 'saved'; readonly version: number }
  /** 409 / 412: someone saved first; `current` is what is stored now. */
  | { readonly kind: 'stale'; readonly current: SectionState }
  /** 401: the session is over; the text stays here (and in the kept draft). */
  | { readonly kind: 'expired' }
  /** 403: not (or no longer) allowed to write this section. */
  | { readonly kind: 'forbidden' }
  /** Anything else: offline, 5xx, a refused shape. */
  | { readonly kind: 'failed'; readonly status: number };

export type AutosaveStatus = 'clean' | 'dirty' | 'saving' | 'conflict' | 'expired' | 'forbidden' | 'error';

/** A save that lost the race, for the merge view: what I had, what is stored now, what both started from. */
export interface AutosaveConflict {
  readonly mine: unknown;
  readonly theirs: SectionState;
  /** The content my edit was based on (the last version I saw saved). */
  readonly base: unknown;
}

export interface AutosaveState {
  readonly status: AutosaveStatus;
  /** The version the local content is based on; every save names it. */
  readonly baseVersion: number;
  /** The content as stored at `baseVersion` (what "unsaved changes" compares against). */
  readonly savedContent: unknown;
  /** The content in the editor. */
  readonly content: unknown;
  /** When `baseVersion` was saved (ISO), if known. */
  readonly savedAt?: string;
  readonly conflict?: AutosaveConflict;
  /** HTTP status of the last failure (`error`). */
  readonly failedStatus?: number;
}

/** Timer seam, so tests drive time themselves. */
export interface AutosaveScheduler {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realScheduler: AutosaveScheduler = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AutosaveOptions {
  readonly initial: SectionState;
  /** Sends `content` as based on `version`. Must not throw: every failure is an outcome. */
  readonly save: (content: unknown, version: number) => Promise<SaveOutcome>;
  readonly delayMs?: number;
  readonly now?: () => Date;
  readonly scheduler?: AutosaveScheduler;
  /** Called after every state change. */
  readonly onChange?: (state: AutosaveState) => void;
  /** Called after a successful save, with the content now stored. */
  readonly onSaved?: (version: number, content: unknown) => void;
}

/** Two contents are the same when their canonical JSON is (key order does not matter). */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/**
 * Autosave of one section: an edit marks it dirty and (re)starts a timer; when typing pauses the
 * content is sent with the version it was based on. One request at a time: edits made while a save
 * is in flight are sent after it. A stale save (someone else saved first) stops everything in
 * `conflict` until the person decides (keep mine, take theirs, or a merged text): nothing is
 * overwritten silently, in either direction. A 401 keeps the content and stops (`expired`).
 */
export class SectionAutosave {
  private current: AutosaveState;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private readonly delayMs: number;
  private readonly scheduler: AutosaveScheduler;
  private readonly now: () => Date;
  private disposed = false;

  constructor(private readonly options: AutosaveOptions) {
    this.delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.scheduler = options.scheduler ?? realScheduler;
    this.now = options.now ?? (() => new Date());
    this.current = fromServer(options.initial);
  }

  get state(): AutosaveState {
    return this.current;
  }

  /** Local changes not yet stored (dirty, saving with later edits, or stuck in conflict / expiry / error). */
  get hasUnsavedChanges(): boolean {
    return !sameContent(this.current.content, this.current.savedContent) || this.current.status === 'conflict';
  }

  /** The person changed the content. Ignored while a conflict waits for a decision. */
  edit(content: unknown): void {
    if (this.disposed || this.current.status === 'conflict') return;
    const dirty = !sameContent(content, this.current.savedContent);
    // Once the session is over (or the section closed to us), retrying would only fail again.
    const blocked = this.current.status === 'expired' || this.current.status === 'forbidden';
    const status: AutosaveStatus = this.inFlight ? 'saving' : blocked ? this.current.status : dirty ? 'dirty' : 'clean';
    this.set({ ...this.current, content, status, failedStatus: undefined });
    this.cancelTimer();
    // While a save is in flight, the save that follows it is scheduled when it returns.
    if (dirty && !blocked && !this.inFlight) this.timer = this.scheduler.set(() => void this.flush(), this.delayMs);
  }

  /** Saves now if there is anything to save; resolves when the section is settled. */
  async flush(): Promise<void> {
    this.cancelTimer();
    if (this.inFlight) {
      await this.inFlight;
      // The save that was in flight schedules the next one itself if edits came in meanwhile.
      return;
    }
    if (this.disposed || this.current.status === 'conflict') return;
    if (sameContent(this.current.content, this.current.savedContent)) {
      if (this.current.status !== 'clean') this.set({ ...this.current, status: 'clean' });
      return;
    }
    this.inFlight = this.send(this.current.content, this.current.baseVersion).finally(() => (this.inFlight = null));
    await this.inFlight;
    if (!this.disposed && this.current.status === 'dirty' && !this.timer) this.timer = this.scheduler.set(() => void this.flush(), this.delayMs);
  }

  /** Conflict resolved by keeping my content: saved over the version now stored. */
  keepMine(): Promise<void> {
    return this.resolveWith(this.current.conflict?.mine);
  }

  /** Conflict resolved by a merged content: saved over the version now stored. */
  resolveWith(content: unknown): Promise<void> {
    const conflict = this.current.conflict;
    if (!conflict) return Promise.resolve();
    this.set({
      status: 'dirty',
      baseVersion: conflict.theirs.version,
      savedContent: conflict.theirs.content,
      savedAt: conflict.theirs.updatedAt,
      content,
    });
    return this.flush();
  }

  /** Conflict resolved by taking the stored content: my edit is dropped. */
  takeTheirs(): void {
    const conflict = this.current.conflict;
    if (!conflict) return;
    this.set(fromServer(conflict.theirs));
  }

  /** The section was changed elsewhere on purpose (a restore): start again from what is stored. */
  reset(section: SectionState): void {
    this.cancelTimer();
    this.set(fromServer(section));
  }

  /** Retry after an error (a button), or after signing in again. */
  retry(): Promise<void> {
    if (this.current.status === 'error' || this.current.status === 'expired') this.set({ ...this.current, status: 'dirty', failedStatus: undefined });
    return this.flush();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
  }

  private async send(content: unknown, version: number): Promise<void> {
    this.set({ ...this.current, status: 'saving' });
    const outcome = await this.options.save(content, version);
    if (this.disposed && outcome.kind !== 'saved') return;
    const editedSince = !sameContent(this.current.content, content);
    switch (outcome.kind) {
      case 'saved':
        this.set({
          ...this.current,
          status: editedSince ? 'dirty' : 'clean',
          baseVersion: outcome.version,
          savedContent: content,
          savedAt: this.now().toISOString(),
          failedStatus: undefined,
        });
        this.options.onSaved?.(outcome.version, content);
        return;
      case 'stale':
        // Everything typed until now is "mine", including what came in while the save was in flight.
        this.set({ ...this.current, status: 'conflict', conflict: { mine: this.current.content, theirs: outcome.current, base: this.current.savedContent } });
        return;
      case 'expired':
        this.set({ ...this.current, status: 'expired' });
        return;
      case 'forbidden':
        this.set({ ...this.current, status: 'forbidden' });
        return;
      case 'failed':
        this.set({ ...this.current, status: 'error', failedStatus: outcome.status });
        return;
    }
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.scheduler.clear(this.timer);
    this.timer = null;
  }

  private set(state: AutosaveState): void {
    this.current = state;
    this.options.onChange?.(state);
  }
}

function fromServer(section: SectionState): AutosaveState {
  return { status: 'clean', baseVersion: section.version, savedContent: section.content, content: section.content, savedAt: section.updatedAt };
}

function isStaleBody(body: unknown): body is StaleSectionBody {
  return typeof body === 'object' && body !== null && typeof (body as Partial<StaleSectionBody>).current === 'object' && (body as StaleSectionBody).current !== null;
}

/** A failed save's HTTP status (0: no answer) and body, as the autosave understands it. */
export function saveOutcomeOf(status: number, body: unknown): SaveOutcome {
  // Only a 409/412 carrying the current section is a stale save; a 409 for "not a draft any more" is a failure.
  if ((status === 409 || status === 412) && isStaleBody(body)) return { kind: 'stale', current: body.current };
  if (status === 401) return { kind: 'expired' };
  if (status === 403) return { kind: 'forbidden' };
  return { kind: 'failed', status };
}
