import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, type HttpResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { type IntakeQuery, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  EXPORT_POLL_MS,
  I18nService,
  ProvinceApiService,
  type Translatable,
  TranslatePipe,
  apiErrorOfBlob,
  describeHttpError,
  exportFallbackName,
  exportPercent,
  quietContext,
  saveDownloadedFile,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { firstValueFrom } from 'rxjs';

type ExportState =
  | { readonly kind: 'idle' }
  /** A job the server runs: its rows so far of the total. */
  | { readonly kind: 'job'; readonly rows: number; readonly total: number; readonly percent: number }
  /** One plain request for the whole workbook: no progress to show. */
  | { readonly kind: 'plain' }
  | { readonly kind: 'error'; readonly message: Translatable };

/**
 * 导出 Excel: the rows the intake's filters match (every page), as the API's export job builds them,
 * with its progress (rows of total) asked for every second, then the file. Where the job routes are not
 * there (an older API), the whole workbook comes in one request with a spinner instead.
 */
@Component({
  selector: 'dahe-intake-export',
  imports: [NzAlertModule, NzButtonModule, NzIconModule, NzProgressModule, NzSpinModule, TranslatePipe],
  template: `
    @let s = state();
    <div class="export">
      <button
        nz-button
        type="button"
        data-testid="intake-export"
        [title]="'intake.export.hint' | t: { total: total() }"
        [disabled]="s.kind === 'job' || s.kind === 'plain' || total() === 0"
        [nzLoading]="s.kind === 'job' || s.kind === 'plain'"
        (click)="start()"
      >
        @if (s.kind !== 'job' && s.kind !== 'plain') {
          <nz-icon nzType="file-excel" aria-hidden="true" />
        }
        {{ (s.kind === 'job' || s.kind === 'plain' ? 'intake.export.running' : 'intake.export.button') | t }}
      </button>
      <div class="progress" role="status" aria-live="polite">
        @if (s.kind === 'job') {
          <div class="job" data-testid="intake-export-progress" [attr.data-rows]="s.rows" [attr.data-total]="s.total">
            <nz-progress class="bar" nzSize="small" nzStatus="active" [nzPercent]="s.percent" />
            <span class="progress-text">{{ 'intake.export.progress' | t: { rows: s.rows, total: s.total } }}</span>
          </div>
        } @else if (s.kind === 'plain') {
          <span data-testid="intake-export-progress" class="progress-text"><nz-spin nzSimple nzSize="small" />{{ 'intake.export.fallback' | t }}</span>
        }
      </div>
    </div>
    @if (s.kind === 'error') {
      <nz-alert class="error" nzType="error" nzShowIcon nzCloseable data-testid="intake-export-error" [nzMessage]="'intake.export.error' | t" [nzDescription]="s.message.key | t: s.message.params" (nzOnClose)="state.set({ kind: 'idle' })" />
    }
  `,
  styles: `
    :host { display: block; }
    .export { display: flex; align-items: center; justify-content: flex-end; gap: 12px; flex-wrap: wrap; }
    .progress { min-width: 320px; }
    .job { display: flex; align-items: center; gap: 8px; }
    .bar { flex: 1; min-width: 140px; }
    .progress:empty { display: none; }
    .progress-text { display: inline-flex; align-items: center; gap: 8px; font-size: 12px; color: var(--dahe-text-secondary); }
    .error { margin-top: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntakeExport {
  private readonly api = inject(ProvinceApiService);
  private readonly document = inject(DOCUMENT);
  private readonly messages = inject(NzMessageService);
  private readonly i18n = inject(I18nService);

  readonly callId = input.required<string>();
  readonly callTitle = input<string>('');
  readonly query = input.required<IntakeQuery>();
  /** Rows the filters match now, as the list says. */
  readonly total = input<number>(0);

  protected readonly state = signal<ExportState>({ kind: 'idle' });
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.destroyed = true));
  }

  protected async start(): Promise<void> {
    const s = this.state();
    if (s.kind === 'job' || s.kind === 'plain') return;
    const callId = this.callId();
    const query = this.query();
    const fallback = exportFallbackName(this.callTitle());
    this.state.set({ kind: 'job', rows: 0, total: this.total(), percent: 0 });
    try {
      let job: { id: string; total: number };
      try {
        job = await firstValueFrom(this.api.startExport(callId, query, { context: quietContext() }));
      } catch (error: unknown) {
        // No job routes in this API (404 on the route, 405): one plain request instead.
        if (error instanceof HttpErrorResponse && (error.status === 404 || error.status === 405)) {
          this.state.set({ kind: 'plain' });
          this.save(await firstValueFrom(this.api.exportXlsx(callId, query, { context: quietContext() })), fallback);
          return;
        }
        throw error;
      }
      this.state.set({ kind: 'job', rows: 0, total: job.total, percent: 0 });
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, EXPORT_POLL_MS));
        if (this.destroyed) return;
        const progress = await firstValueFrom(this.api.exportProgress(job.id, { context: quietContext() }));
        this.state.set({ kind: 'job', rows: progress.rows, total: progress.total, percent: exportPercent(progress) });
        if (progress.done) break;
      }
      this.save(await firstValueFrom(this.api.exportFile(job.id, { context: quietContext() })), fallback);
    } catch (error: unknown) {
      const message =
        error instanceof HttpErrorResponse ? describeHttpError(error.status, await apiErrorOfBlob(error), error.headers?.get(REQUEST_ID_HEADER)) : ({ key: 'error.invalidResponse' } as const);
      this.state.set({ kind: 'error', message });
    }
  }

  private save(response: HttpResponse<Blob>, fallback: string): void {
    const name = saveDownloadedFile(this.document, response, fallback);
    this.state.set({ kind: 'idle' });
    this.messages.success(this.i18n.t('intake.export.done', { name }));
  }
}
