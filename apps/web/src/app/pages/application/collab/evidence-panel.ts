import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { EVIDENCE_APPLICATION_LIMIT, EVIDENCE_FILE_LIMIT, type EvidenceItemDto, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import { type Code, EVIDENCE_CATEGORIES, EVIDENCE_CATEGORY_LABELS, isCode } from '@dahe/shared/form';
import {
  CollaborationApiService,
  CollaborationRoutes,
  EVIDENCE_ACCEPT,
  type EvidenceFailureView,
  I18nService,
  type Translatable,
  TranslatePipe,
  describeEvidenceChangeFailure,
  describeEvidenceUploadFailure,
  describeHttpError,
  evidenceBytes,
  evidenceFileIcon,
  evidenceFileProblem,
  evidenceTotalProblem,
  formatFileSize,
  groupEvidence,
  shortDigest,
  uploadPercent,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import type { Subscription } from 'rxjs';

let nextId = 0;

/** The limits as people say them: "20 MB", not "20.0 MB". */
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

type Load<T> = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: T } | { readonly kind: 'error'; readonly message: Translatable };

type Upload =
  | { readonly kind: 'idle' }
  | { readonly kind: 'sending'; readonly percent: number; readonly sentText: string; readonly totalText: string }
  | { readonly kind: 'failed'; readonly failure: EvidenceFailureView };

interface ItemError {
  readonly itemId: string;
  readonly failure: EvidenceFailureView;
}

interface EditDraft {
  readonly itemId: string;
  readonly title: string;
  readonly category: Code;
  readonly isAgreement: boolean;
}

/**
 * The application's 佐证材料: items by category, upload with progress, rename, mark as cooperation
 * agreement, remove. `cite` asks the editor to insert a reference to the item at the caret.
 */
@Component({
  selector: 'dahe-evidence-panel',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCheckboxModule,
    NzIconModule,
    NzInputModule,
    NzModalModule,
    NzProgressModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    NzTooltipModule,
    TranslatePipe,
  ],
  templateUrl: './evidence-panel.html',
  styleUrl: './evidence-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EvidencePanel {
  private readonly api = inject(CollaborationApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  readonly applicationId = input.required<string>();
  readonly editable = input<boolean>(false);
  /** Shown only while a text field has the focus in the editor. */
  readonly canCite = input<boolean>(false);
  readonly cite = output<EvidenceItemDto>();
  /** After an upload, rename or removal: the validation panel is stale. */
  readonly changed = output<void>();

  protected readonly uid = `dahe-evidence-${++nextId}`;
  protected readonly accept = EVIDENCE_ACCEPT;
  protected readonly fileLimit = megabytes(EVIDENCE_FILE_LIMIT);
  protected readonly state = signal<Load<EvidenceItemDto[]>>({ kind: 'loading' });

  // The upload form
  protected readonly composing = signal(false);
  protected readonly category = signal<Code | null>(null);
  protected readonly title = signal('');
  protected readonly isAgreement = signal(false);
  protected readonly files = signal<readonly File[]>([]);
  protected readonly upload = signal<Upload>({ kind: 'idle' });
  private sending: Subscription | undefined;

  // Changes to items
  protected readonly editing = signal<EditDraft | null>(null);
  protected readonly removing = signal<EvidenceItemDto | null>(null);
  protected readonly busyItem = signal<string | null>(null);
  protected readonly itemError = signal<ItemError | null>(null);

  protected readonly items = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.value : [];
  });
  protected readonly used = computed(() => evidenceBytes(this.items()));
  protected readonly usage = computed(() => ({
    used: formatFileSize(this.used()),
    limit: megabytes(EVIDENCE_APPLICATION_LIMIT),
    percent: uploadPercent(this.used(), EVIDENCE_APPLICATION_LIMIT),
  }));
  protected readonly categories = computed(() => {
    const lang = this.i18n.lang();
    return EVIDENCE_CATEGORIES.map((c) => ({ code: c.code, label: c.label[lang], guidance: c.guidance[lang] }));
  });
  protected readonly guidance = computed(() => this.categories().find((c) => c.code === this.category())?.guidance ?? '');
  protected readonly groups = computed(() => {
    const lang = this.i18n.lang();
    const id = this.applicationId();
    return groupEvidence(this.items()).map((group) => ({
      code: group.code,
      label: EVIDENCE_CATEGORY_LABELS[group.code][lang],
      items: group.items.map((item) => ({
        ...item,
        files: item.files.map((file) => ({
          ...file,
          url: CollaborationRoutes.evidenceFile(id, file.id),
          icon: evidenceFileIcon(file.mediaType),
          sizeText: formatFileSize(file.size),
          sha256Short: shortDigest(file.sha256),
          sm3Short: shortDigest(file.sm3),
        })),
      })),
    }));
  });
  protected readonly chosen = computed(() => this.files().map((file) => ({ file, size: formatFileSize(file.size), problem: evidenceFileProblem(file) })));
  protected readonly totalProblem = computed(() => evidenceTotalProblem(this.files(), this.used()));
  protected readonly sendingNow = computed(() => this.upload().kind === 'sending');
  /** What still stops the upload, said beside the button (the first missing piece). */
  protected readonly missing = computed((): Translatable | null => {
    if (!this.category()) return { key: 'collab.evidence.missing.category' };
    if (!this.title().trim()) return { key: 'collab.evidence.missing.title' };
    if (this.files().length === 0) return { key: 'collab.evidence.missing.files' };
    return null;
  });
  protected readonly canUpload = computed(
    () => !this.missing() && !this.chosen().some((c) => c.problem) && !this.totalProblem() && !this.sendingNow() && this.title().trim().length <= 200,
  );

  private loading: Subscription | undefined;

  constructor() {
    this.destroyRef.onDestroy(() => {
      this.loading?.unsubscribe();
      this.sending?.unsubscribe();
    });
    effect(() => {
      const id = this.applicationId();
      untracked(() => {
        this.state.set({ kind: 'loading' });
        this.load(id);
      });
    });
  }

  protected reload(): void {
    this.load(this.applicationId());
  }

  // ---- upload

  protected startUpload(): void {
    this.composing.set(true);
    this.upload.set({ kind: 'idle' });
  }

  protected closeUpload(): void {
    this.sending?.unsubscribe();
    this.composing.set(false);
    this.resetForm();
  }

  protected setCategory(code: string): void {
    this.category.set(isCode(code) ? code : null);
  }

  protected pick(event: Event): void {
    const picker = event.target as HTMLInputElement;
    this.add(Array.from(picker.files ?? []));
    picker.value = ''; // Choosing the same file again is a new choice.
  }

  protected dragOver(event: DragEvent): void {
    event.preventDefault();
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    if (!this.sendingNow()) this.add(Array.from(event.dataTransfer?.files ?? []));
  }

  /** Adds to what was chosen; the same file twice (same name and size) once. */
  private add(picked: readonly File[]): void {
    const known = new Set(this.files().map((f) => `${f.name}/${f.size}`));
    this.files.set([...this.files(), ...picked.filter((f) => !known.has(`${f.name}/${f.size}`))]);
    if (this.upload().kind === 'failed') this.upload.set({ kind: 'idle' });
  }

  protected unpick(file: File): void {
    this.files.set(this.files().filter((f) => f !== file));
  }

  protected send(): void {
    const category = this.category();
    if (!category || !this.canUpload()) return;
    const files = [...this.files()];
    const total = files.reduce((sum, f) => sum + f.size, 0);
    this.upload.set({ kind: 'sending', percent: 0, sentText: formatFileSize(0), totalText: formatFileSize(total) });
    this.sending = this.api
      .upload(this.applicationId(), { category, title: this.title().trim(), isAgreement: this.isAgreement(), files })
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) {
            const size = event.total ?? total;
            this.upload.set({ kind: 'sending', percent: uploadPercent(event.loaded, size), sentText: formatFileSize(event.loaded), totalText: formatFileSize(size) });
          } else if (event.type === HttpEventType.Response && event.body) {
            const item = event.body;
            this.state.set({ kind: 'ready', value: [...this.items(), item] });
            this.messages.success(this.i18n.t('collab.evidence.uploaded', { title: item.title, count: item.files.length }));
            this.composing.set(false);
            this.resetForm();
            this.changed.emit();
          }
        },
        error: (error: unknown) => {
          const failure =
            error instanceof HttpErrorResponse
              ? describeEvidenceUploadFailure(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
              : describeEvidenceUploadFailure(0, null);
          this.upload.set({ kind: 'failed', failure });
        },
      });
  }

  protected abort(): void {
    this.sending?.unsubscribe();
    this.upload.set({ kind: 'failed', failure: { message: { key: 'collab.evidence.aborted' } } });
  }

  private resetForm(): void {
    this.category.set(null);
    this.title.set('');
    this.isAgreement.set(false);
    this.files.set([]);
    this.upload.set({ kind: 'idle' });
  }

  // ---- items

  protected edit(item: EvidenceItemDto): void {
    this.itemError.set(null);
    this.editing.set({ itemId: item.id, title: item.title, category: isCode(item.category) ? item.category : 'degree', isAgreement: item.isAgreement });
  }

  protected patchDraft(change: Partial<Omit<EditDraft, 'itemId'>>): void {
    const draft = this.editing();
    if (draft) this.editing.set({ ...draft, ...change });
  }

  protected saveEdit(item: EvidenceItemDto): void {
    const draft = this.editing();
    if (!draft || draft.itemId !== item.id || this.busyItem()) return;
    const title = draft.title.trim();
    if (!title) return;
    const change = {
      ...(title !== item.title ? { title } : {}),
      ...(draft.category !== item.category ? { category: draft.category } : {}),
      ...(draft.isAgreement !== item.isAgreement ? { isAgreement: draft.isAgreement } : {}),
    };
    if (Object.keys(change).length === 0) {
      this.editing.set(null);
      return;
    }
    this.busyItem.set(item.id);
    this.api
      .updateEvidence(this.applicationId(), item.id, change)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.busyItem.set(null);
          this.editing.set(null);
          this.state.set({ kind: 'ready', value: this.items().map((i) => (i.id === updated.id ? updated : i)) });
          this.changed.emit();
        },
        error: (error: unknown) => this.failItem(item.id, error),
      });
  }

  /** Marks or unmarks an item as the cooperation agreement in one click. */
  protected toggleAgreement(item: EvidenceItemDto): void {
    if (this.busyItem()) return;
    this.busyItem.set(item.id);
    this.itemError.set(null);
    this.api
      .updateEvidence(this.applicationId(), item.id, { isAgreement: !item.isAgreement })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.busyItem.set(null);
          this.state.set({ kind: 'ready', value: this.items().map((i) => (i.id === updated.id ? updated : i)) });
          this.changed.emit();
        },
        error: (error: unknown) => this.failItem(item.id, error),
      });
  }

  protected askRemove(item: EvidenceItemDto): void {
    this.itemError.set(null);
    this.removing.set(item);
  }

  protected remove(): void {
    const item = this.removing();
    if (!item || this.busyItem()) return;
    this.busyItem.set(item.id);
    this.api
      .removeEvidence(this.applicationId(), item.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.busyItem.set(null);
          this.removing.set(null);
          this.state.set({ kind: 'ready', value: this.items().filter((i) => i.id !== item.id) });
          this.messages.success(this.i18n.t('collab.evidence.removed', { title: item.title }));
          this.changed.emit();
        },
        error: (error: unknown) => {
          this.removing.set(null);
          this.failItem(item.id, error);
        },
      });
  }

  protected errorOf(itemId: string): EvidenceFailureView | null {
    const error = this.itemError();
    return error?.itemId === itemId ? error.failure : null;
  }

  protected citeItem(item: EvidenceItemDto): void {
    this.cite.emit(item);
  }

  protected async copy(text: string, what: string): Promise<void> {
    try {
      await this.document.defaultView?.navigator.clipboard.writeText(text);
      this.messages.success(this.i18n.t('collab.evidence.copied', { what }));
    } catch {
      this.messages.warning(this.i18n.t('collab.evidence.copyFailed'));
    }
  }

  private failItem(itemId: string, error: unknown): void {
    this.busyItem.set(null);
    const failure =
      error instanceof HttpErrorResponse
        ? describeEvidenceChangeFailure(error.status, error.error, this.i18n.lang(), error.headers?.get(REQUEST_ID_HEADER))
        : describeEvidenceChangeFailure(0, null, this.i18n.lang());
    this.itemError.set({ itemId, failure });
  }

  private load(id: string): void {
    this.loading?.unsubscribe();
    this.loading = this.api.evidence(id).subscribe({
      next: (items) => this.state.set({ kind: 'ready', value: items }),
      error: (error: unknown) => {
        const { key, params } =
          error instanceof HttpErrorResponse ? describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : describeHttpError(0, null);
        this.state.set({ kind: 'error', message: { key, params } });
      },
    });
  }
}
