import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type ImportReport, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  I18nService,
  IMPORT_OUTCOME_COLORS,
  IMPORT_OUTCOME_LABELS,
  IMPORT_TEMPLATE_URL,
  type ImportFailureView,
  OrganisationsApiService,
  SessionService,
  type TranslationKey,
  TranslatePipe,
  describeImportFailure,
  formatFileSize,
  importFileProblem,
  importedLinks,
  importedLinksText,
  localiseServerText,
  quietContext,
  summariseImport,
  uploadPercent,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzStepsModule } from 'ng-zorro-antd/steps';
import { NzTagModule } from 'ng-zorro-antd/tag';
import type { Subscription } from 'rxjs';
import { CopyButton } from '../../shared/copy-button';

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'uploading'; readonly dryRun: boolean; readonly percent: number; readonly sent: boolean }
  | { readonly kind: 'report'; readonly report: ImportReport }
  | { readonly kind: 'failed'; readonly failure: Extract<ImportFailureView, { kind: 'message' }> };

/**
 * Import schools from a sheet: choose the .xlsx → dry run (uploaded with progress) → the report, row
 * by row → import, allowed only when no row has errors → the links for each new school's admin.
 */
@Component({
  selector: 'dahe-import-page',
  imports: [RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzIconModule, NzProgressModule, NzStepsModule, NzTagModule, TranslatePipe, CopyButton],
  templateUrl: './import-page.html',
  styleUrl: './import-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportPage {
  private readonly api = inject(OrganisationsApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly document = inject(DOCUMENT);

  protected readonly templateUrl = IMPORT_TEMPLATE_URL;
  protected readonly outcomeColors = IMPORT_OUTCOME_COLORS;
  protected readonly outcomeLabels = IMPORT_OUTCOME_LABELS;

  protected readonly allowed = computed(() => this.session.can('import', 'Organisation'));
  protected readonly file = signal<File | null>(null);
  protected readonly fileProblem = signal<TranslationKey | null>(null);
  protected readonly phase = signal<Phase>({ kind: 'idle' });
  protected readonly dragging = signal(false);
  private upload: Subscription | undefined;

  protected readonly fileLabel = computed(() => {
    const file = this.file();
    return file ? { name: file.name, size: formatFileSize(file.size) } : null;
  });
  protected readonly report = computed(() => {
    const phase = this.phase();
    return phase.kind === 'report' ? phase.report : null;
  });
  protected readonly summary = computed(() => {
    const report = this.report();
    return report ? summariseImport(report) : null;
  });
  protected readonly rows = computed(() => {
    const report = this.report();
    const lang = this.i18n.lang();
    return (report?.rows ?? []).map((row) => ({ ...row, messages: row.errors.map((error) => localiseServerText(error, lang)) }));
  });
  protected readonly imported = computed(() => this.report()?.imported === true);
  protected readonly links = computed(() => {
    const report = this.report();
    return report?.imported ? importedLinks(report.rows, this.document.location.origin) : [];
  });
  protected readonly linksText = computed(() => importedLinksText(this.links()));
  protected readonly step = computed(() => (this.imported() ? 2 : this.report() ? 1 : 0));
  protected readonly busy = computed(() => this.phase().kind === 'uploading');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.upload?.unsubscribe());
  }

  protected pick(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.choose(input.files?.[0] ?? null);
    input.value = ''; // Choosing the same file again (after editing it) is a new choice.
  }

  protected dragOver(event: DragEvent, over: boolean): void {
    event.preventDefault();
    this.dragging.set(over);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    if (!this.busy()) this.choose(event.dataTransfer?.files?.[0] ?? null);
  }

  protected dryRun(): void {
    this.send(true);
  }

  protected runImport(): void {
    if (this.summary()?.canImport) this.send(false);
  }

  protected reset(): void {
    this.upload?.unsubscribe();
    this.file.set(null);
    this.fileProblem.set(null);
    this.phase.set({ kind: 'idle' });
  }

  private choose(file: File | null): void {
    this.upload?.unsubscribe();
    this.phase.set({ kind: 'idle' });
    this.file.set(file);
    this.fileProblem.set(file ? (importFileProblem(file) ?? null) : null);
  }

  private send(dryRun: boolean): void {
    const file = this.file();
    if (!file || this.fileProblem() || this.busy()) return;
    this.phase.set({ kind: 'uploading', dryRun, percent: 0, sent: false });
    this.upload = this.api.import(file, dryRun, { context: quietContext() }).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          const percent = uploadPercent(event.loaded, event.total ?? file.size);
          this.phase.set({ kind: 'uploading', dryRun, percent, sent: percent >= 100 });
        } else if (event.type === HttpEventType.Response && event.body) {
          this.phase.set({ kind: 'report', report: event.body });
        }
      },
      error: (error: unknown) => {
        const failure =
          error instanceof HttpErrorResponse
            ? describeImportFailure(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
            : describeImportFailure(0, null);
        this.phase.set(failure.kind === 'rejected' ? { kind: 'report', report: failure.report } : { kind: 'failed', failure });
      },
    });
  }
}
