import { HttpClient, HttpContext, HttpErrorResponse, HttpEventType, type HttpResponse } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import {
  type ApplicationDocument,
  I18nService,
  NOTIFY_HTTP_ERRORS,
  type TranslationKey,
  TranslatePipe,
  apiErrorOfBlob,
  describeHttpError,
  documentUrl,
  downloadPercent,
  saveDownloadedFile,
} from '@dahe/web/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import type { Subscription } from 'rxjs';

const LABELS: Readonly<Record<ApplicationDocument, TranslationKey>> = {
  pdf: 'editor.export.pdf',
  docx: 'editor.export.docx',
  binder: 'editor.export.binder',
};
const FALLBACK_NAMES: Readonly<Record<ApplicationDocument, string>> = { pdf: 'application.pdf', docx: 'application.docx', binder: 'evidence-binder.pdf' };

/**
 * 导出: the 申报书 as .pdf or .docx and the evidence binder. Fetched through HttpClient rather than a
 * plain link so the page can say it is being prepared, show the download's progress (a binder of
 * 200 MB of evidence takes a while) and explain a refusal in place.
 */
@Component({
  selector: 'dahe-export-menu',
  imports: [NzButtonModule, NzIconModule, NzProgressModule, TranslatePipe],
  template: `
    <span class="label" id="export-label"><nz-icon nzType="download" aria-hidden="true" />{{ 'editor.export.button' | t }}</span>
    <span class="buttons" role="group" aria-labelledby="export-label">
      @for (doc of documents; track doc) {
        <button nz-button type="button" nzSize="small" [attr.data-testid]="'export-' + doc" [disabled]="!!busy()" [nzLoading]="busy() === doc" (click)="download(doc)">
          {{ labels[doc] | t }}
        </button>
      }
    </span>
    @if (draft()) {
      <span class="note">{{ 'editor.export.draftNote' | t }}</span>
    }
    @if (busy(); as doc) {
      <div class="progress" role="status" aria-live="polite" data-testid="export-progress">
        @if (percent() === null) {
          <span>{{ 'editor.export.preparing' | t: { name: (labels[doc] | t) } }}</span>
        } @else {
          <span>{{ 'editor.export.progress' | t: { name: (labels[doc] | t), percent: percent() ?? 0 } }}</span>
          <nz-progress nzSize="small" [nzPercent]="percent() ?? 0" [nzShowInfo]="false" />
        }
      </div>
    }
  `,
  styles: `
    :host { display: inline-flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .progress { min-width: 220px; font-size: 12px; color: rgba(0, 0, 0, 0.65); }
    .buttons { display: inline-flex; gap: 8px; flex-wrap: wrap; }
    .label { display: inline-flex; align-items: center; gap: 4px; font-size: 13px; color: rgba(0, 0, 0, 0.65); }
    .note { font-size: 12px; color: rgba(0, 0, 0, 0.45); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExportMenu {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);
  private readonly messages = inject(NzMessageService);
  private readonly i18n = inject(I18nService);
  private running?: Subscription;

  readonly applicationId = input.required<string>();
  /** Drafts print with a 草稿 watermark; said in the menu so nobody is surprised. */
  readonly draft = input<boolean>(false);

  protected readonly documents: readonly ApplicationDocument[] = ['pdf', 'docx', 'binder'];
  protected readonly labels = LABELS;
  protected readonly busy = signal<ApplicationDocument | null>(null);
  protected readonly percent = signal<number | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.running?.unsubscribe());
  }

  protected download(doc: ApplicationDocument): void {
    if (this.busy()) return;
    this.busy.set(doc);
    this.percent.set(null);
    this.running = this.http
      .get(documentUrl(this.applicationId(), doc), { observe: 'events', reportProgress: true, responseType: 'blob', context: new HttpContext().set(NOTIFY_HTTP_ERRORS, false) })
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.DownloadProgress) this.percent.set(downloadPercent(event.loaded, event.total));
          if (event.type === HttpEventType.Response) this.save(doc, event);
        },
        error: (error: unknown) => void this.fail(error),
        complete: () => this.busy.set(null),
      });
  }

  private save(doc: ApplicationDocument, response: HttpResponse<Blob>): void {
    const name = saveDownloadedFile(this.document, response, FALLBACK_NAMES[doc]);
    this.messages.success(this.i18n.t('editor.export.done', { name }));
  }

  private async fail(error: unknown): Promise<void> {
    this.busy.set(null);
    let status = 0;
    let body: unknown;
    if (error instanceof HttpErrorResponse) {
      status = error.status;
      body = await apiErrorOfBlob(error);
    }
    const described = describeHttpError(status, body);
    const apiMessage = typeof (body as { message?: unknown } | undefined)?.message === 'string' ? ` (${(body as { message: string }).message})` : '';
    this.messages.error(this.i18n.t('editor.export.failed', { reason: this.i18n.t(described.key, described.params) + apiMessage }));
  }
}
