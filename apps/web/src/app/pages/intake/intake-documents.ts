import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse, HttpEventType, type HttpResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type IntakeQuery, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  BULK_DOCUMENTS_LIMIT,
  type BulkDocumentFormat,
  I18nService,
  ProvinceApiService,
  type Translatable,
  TranslatePipe,
  apiErrorOfBlob,
  describeHttpError,
  quietContext,
  saveDownloadedFile,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import type { Subscription } from 'rxjs';

type ZipState =
  | { readonly kind: 'idle' }
  /** Streaming: the forms in the zip and the bytes received so far. */
  | { readonly kind: 'running'; readonly documents: number; readonly megabytes: string }
  | { readonly kind: 'error'; readonly message: Translatable };

/**
 * 下载申报书: the exported forms of every application the filters match, in one zip the API streams
 * as it renders them (a few hundred milliseconds each). Shows how many forms and how much has arrived;
 * beyond the API's limit the button explains that the filter must narrow.
 */
@Component({
  selector: 'dahe-intake-documents',
  imports: [FormsModule, NzAlertModule, NzButtonModule, NzIconModule, NzSelectModule, TranslatePipe],
  template: `
    @let s = state();
    <div class="zip">
      <nz-select class="format" nzSize="default" data-testid="intake-zip-format" [ngModel]="format()" (ngModelChange)="format.set($event)" [nzDisabled]="s.kind === 'running'" [attr.aria-label]="'intake.zip.format' | t">
        <nz-option nzValue="pdf" [nzLabel]="'intake.zip.pdf' | t" />
        <nz-option nzValue="docx" [nzLabel]="'intake.zip.docx' | t" />
        <nz-option nzValue="both" [nzLabel]="'intake.zip.both' | t" />
      </nz-select>
      <button
        nz-button
        type="button"
        data-testid="intake-zip"
        [title]="tooMany() ? ('intake.zip.tooMany' | t: { limit: limit }) : ('intake.zip.hint' | t: { total: total() })"
        [disabled]="s.kind === 'running' || total() === 0 || tooMany()"
        [nzLoading]="s.kind === 'running'"
        (click)="start()"
      >
        @if (s.kind !== 'running') {
          <nz-icon nzType="file-zip" aria-hidden="true" />
        }
        {{ 'intake.zip.button' | t }}
      </button>
      <span class="progress" role="status" aria-live="polite">
        @if (s.kind === 'running') {
          <span data-testid="intake-zip-progress">{{ 'intake.zip.progress' | t: { documents: s.documents, megabytes: s.megabytes } }}</span>
        } @else if (tooMany()) {
          <span class="muted" data-testid="intake-zip-too-many">{{ 'intake.zip.tooMany' | t: { limit: limit } }}</span>
        }
      </span>
    </div>
    @if (s.kind === 'error') {
      <nz-alert class="error" nzType="error" nzShowIcon nzCloseable data-testid="intake-zip-error" [nzMessage]="'intake.zip.error' | t" [nzDescription]="s.message.key | t: s.message.params" (nzOnClose)="state.set({ kind: 'idle' })" />
    }
  `,
  styles: `
    :host { display: block; }
    .zip { display: flex; align-items: center; justify-content: flex-end; gap: 8px; flex-wrap: wrap; }
    .format { width: 150px; }
    .progress { font-size: 12px; color: var(--dahe-text-secondary); }
    .progress:empty { display: none; }
    .muted { color: var(--dahe-text-secondary); }
    .error { margin-top: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntakeDocuments {
  private readonly api = inject(ProvinceApiService);
  private readonly document = inject(DOCUMENT);
  private readonly messages = inject(NzMessageService);
  private readonly i18n = inject(I18nService);
  private running?: Subscription;

  readonly callId = input.required<string>();
  readonly query = input.required<IntakeQuery>();
  /** Rows the filters match now, as the list says. */
  readonly total = input<number>(0);

  protected readonly limit = BULK_DOCUMENTS_LIMIT;
  protected readonly format = signal<BulkDocumentFormat>('pdf');
  protected readonly state = signal<ZipState>({ kind: 'idle' });
  protected readonly tooMany = computed(() => this.total() > BULK_DOCUMENTS_LIMIT);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.running?.unsubscribe());
  }

  protected start(): void {
    if (this.state().kind === 'running') return;
    const format = this.format();
    const documents = this.total() * (format === 'both' ? 2 : 1);
    this.state.set({ kind: 'running', documents, megabytes: '0.0' });
    this.running = this.api.documentsZip(this.callId(), this.query(), format, { context: quietContext() }).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.ResponseHeader) {
          const count = Number(event.headers.get('X-Document-Count'));
          if (Number.isFinite(count) && count >= 0) this.state.set({ kind: 'running', documents: count, megabytes: '0.0' });
        }
        if (event.type === HttpEventType.DownloadProgress) {
          const s = this.state();
          this.state.set({ kind: 'running', documents: s.kind === 'running' ? s.documents : documents, megabytes: (event.loaded / 1048576).toFixed(1) });
        }
        if (event.type === HttpEventType.Response) this.save(event);
      },
      error: (error: unknown) => void this.fail(error),
    });
  }

  private save(response: HttpResponse<Blob>): void {
    const name = saveDownloadedFile(this.document, response, 'applications.zip');
    this.state.set({ kind: 'idle' });
    this.messages.success(this.i18n.t('intake.zip.done', { name }));
  }

  private async fail(error: unknown): Promise<void> {
    let message: Translatable = { key: 'error.invalidResponse' };
    if (error instanceof HttpErrorResponse) message = describeHttpError(error.status, await apiErrorOfBlob(error), error.headers?.get(REQUEST_ID_HEADER));
    this.state.set({ kind: 'error', message });
  }
}
