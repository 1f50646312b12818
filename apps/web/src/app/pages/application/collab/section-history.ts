import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { REQUEST_ID_HEADER, type SaveSectionResponse, type SectionVersionDto } from '@dahe/shared/contracts';
import {
  CollaborationApiService,
  I18nService,
  type Translatable,
  TranslatePipe,
  type VersionPair,
  collapseUnchanged,
  comparisonAfterLoad,
  comparisonFor,
  describeHttpError,
  describeRestoreFailure,
  diffSectionFields,
  formatShanghai,
  orderedPair,
  sectionFields,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import type { Subscription } from 'rxjs';

let nextId = 0;

type Load<T> = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: T } | { readonly kind: 'error'; readonly message: Translatable };

interface Failure {
  readonly message: Translatable;
  readonly detail?: string;
}

/**
 * The saved versions of one section: author and time of each, a diff between any two, and restore
 * (as a new version). Emits `restored` with the new version so the editor reloads the section.
 */
@Component({
  selector: 'dahe-section-history',
  imports: [FormsModule, NzAlertModule, NzButtonModule, NzIconModule, NzModalModule, NzSelectModule, NzSpinModule, NzTagModule, TranslatePipe],
  templateUrl: './section-history.html',
  styleUrl: './section-history.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SectionHistory {
  private readonly api = inject(CollaborationApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly destroyRef = inject(DestroyRef);

  readonly applicationId = input.required<string>();
  readonly sectionKey = input.required<string>();
  /** The version the editor holds; the list reloads when it changes. */
  readonly currentVersion = input<number>(0);
  readonly editable = input<boolean>(false);
  readonly restored = output<SaveSectionResponse>();

  protected readonly uid = `dahe-history-${++nextId}`;
  protected readonly state = signal<Load<SectionVersionDto[]>>({ kind: 'loading' });
  protected readonly pair = signal<VersionPair | null>(null);
  protected readonly full = signal(false);
  protected readonly showUnchanged = signal(false);
  protected readonly confirming = signal<SectionVersionDto | null>(null);
  protected readonly restoring = signal(false);
  protected readonly restoreError = signal<Failure | null>(null);
  /** Evidence titles by item id, so citations read as titles in a diff. */
  private readonly evidenceTitles = signal<ReadonlyMap<string, string>>(new Map());

  protected readonly versions = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? [...state.value].sort((a, b) => b.version - a.version) : [];
  });
  protected readonly latest = computed(() => this.versions()[0]?.version ?? 0);
  protected readonly rows = computed(() => {
    const lang = this.i18n.lang();
    const pair = this.pair();
    return this.versions().map((v) => ({
      ...v,
      time: formatShanghai(v.savedAt, lang),
      isLatest: v.version === this.latest(),
      inPair: pair !== null && (pair.from === v.version || pair.to === v.version),
    }));
  });
  protected readonly options = computed(() => this.rows().map((row) => ({ version: row.version, label: this.i18n.t('collab.history.option', { version: row.version, author: row.authorName, time: row.time }) })));

  protected readonly diff = computed(() => {
    const pair = this.pair();
    if (!pair) return null;
    const from = this.versions().find((v) => v.version === pair.from);
    const to = this.versions().find((v) => v.version === pair.to);
    if (!from || !to) return null;
    const lang = this.i18n.lang();
    const titles = this.evidenceTitles();
    const title = (id: string) => titles.get(id);
    const diff = diffSectionFields(sectionFields(this.sectionKey(), from.content, lang, title), sectionFields(this.sectionKey(), to.content, lang, title));
    const full = this.full();
    return {
      from,
      to,
      ...diff,
      shown: diff.fields
        .filter((field) => field.change !== 'unchanged' || this.showUnchanged())
        .map((field) => ({ ...field, display: full ? field.segments : collapseUnchanged(field.segments) })),
    };
  });

  private loading: Subscription | undefined;
  private loadedFor = '';
  /** Whether the person picked the pair; if not, it follows the newest version as saves come in. */
  private chosen = false;

  constructor() {
    this.destroyRef.onDestroy(() => this.loading?.unsubscribe());
    effect(() => {
      const id = this.applicationId();
      const key = this.sectionKey();
      this.currentVersion();
      untracked(() => this.load(id, key));
    });
    effect(() => {
      const id = this.applicationId();
      untracked(() => this.loadEvidenceTitles(id));
    });
  }

  protected reload(): void {
    this.load(this.applicationId(), this.sectionKey());
  }

  protected pick(version: number): void {
    this.chosen = true;
    this.pair.set(comparisonFor(this.versions().map((v) => v.version), version));
  }

  protected setFrom(version: number): void {
    this.chosen = true;
    const to = this.pair()?.to ?? this.latest();
    this.pair.set(orderedPair(version, to));
  }

  protected setTo(version: number): void {
    this.chosen = true;
    const from = this.pair()?.from ?? version;
    this.pair.set(orderedPair(from, version));
  }

  protected askRestore(version: SectionVersionDto): void {
    this.restoreError.set(null);
    this.confirming.set(version);
  }

  protected cancelRestore(): void {
    if (!this.restoring()) this.confirming.set(null);
  }

  protected restore(): void {
    const version = this.confirming();
    if (!version || this.restoring()) return;
    this.restoring.set(true);
    this.restoreError.set(null);
    this.api.restore(this.applicationId(), this.sectionKey(), version.version, this.latest()).subscribe({
      next: (answer) => {
        this.restoring.set(false);
        this.confirming.set(null);
        this.messages.success(this.i18n.t('collab.history.restored', { old: version.version, version: answer.version }));
        this.chosen = true;
        this.pair.set({ from: version.version, to: answer.version });
        this.restored.emit(answer);
        this.reload();
      },
      error: (error: unknown) => {
        this.restoring.set(false);
        const failure = error instanceof HttpErrorResponse ? describeRestoreFailure(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : describeRestoreFailure(0, null);
        this.restoreError.set(failure);
        if (failure.stale) this.reload();
      },
    });
  }

  private load(id: string, key: string): void {
    this.loading?.unsubscribe();
    const target = `${id}/${key}`;
    if (target !== this.loadedFor) {
      // Another section: nothing of the last one's list or choice applies.
      this.state.set({ kind: 'loading' });
      this.pair.set(null);
      this.chosen = false;
      this.confirming.set(null);
      this.restoreError.set(null);
      this.loadedFor = target;
    }
    this.loading = this.api.history(id, key).subscribe({
      next: (versions) => {
        this.state.set({ kind: 'ready', value: versions });
        this.pair.set(comparisonAfterLoad(versions.map((v) => v.version), this.chosen ? this.pair() : null));
      },
      error: (error: unknown) => {
        const { key: message, params } =
          error instanceof HttpErrorResponse ? describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : describeHttpError(0, null);
        this.state.set({ kind: 'error', message: { key: message, params } });
      },
    });
  }

  private loadEvidenceTitles(id: string): void {
    // Only for reading citations; a failure leaves them shown by id.
    this.api.evidence(id).pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (items) => this.evidenceTitles.set(new Map(items.map((item) => [item.id, item.title]))),
      error: () => this.evidenceTitles.set(new Map()),
    });
  }
}
