import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { API_PREFIX, type OutboxMessageDto } from '@dahe/shared/contracts';
import { I18nService, type Translatable, type TranslationKey, TranslatePipe, formatShanghai, describeRequestError } from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

interface Row {
  readonly id: string;
  readonly time: string;
  readonly recipient: string;
  readonly subject: string;
  readonly status: OutboxMessageDto['status'];
  readonly statusKey: TranslationKey;
  readonly statusColor: string;
  readonly attempts: number;
  readonly retry: Translatable | undefined;
  readonly lastError: string;
  readonly link: readonly string[];
}

/**
 * `/outbox` (通知发件箱): the hand-over notices the active organisation may see — a school admin its own
 * school's, the province admin all — newest first, with whether each went out, how often it was tried and
 * the last error. In the embedded demo (no mail server) this is where the notices are read.
 */
@Component({
  selector: 'dahe-outbox-page',
  imports: [RouterLink, NzAlertModule, NzButtonModule, NzIconModule, NzSpinModule, NzTagModule, TranslatePipe],
  templateUrl: './outbox-page.html',
  styleUrl: './outbox-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutboxPage {
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(I18nService);

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  private readonly messages = signal<OutboxMessageDto[]>([]);
  protected readonly rows = computed(() => this.messages().map((message) => this.row(message)));

  constructor() {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.load.set({ kind: 'loading' });
    try {
      this.messages.set(await firstValueFrom(this.http.get<OutboxMessageDto[]>(`/${API_PREFIX}/outbox`)));
      this.load.set({ kind: 'ready' });
    } catch (error: unknown) {
      this.load.set({
        kind: 'error',
        message: describeRequestError(error),
      });
    }
  }

  private row(message: OutboxMessageDto): Row {
    const lang = this.i18n.lang();
    const status = statusOf(message);
    return {
      id: message.id,
      time: formatShanghai(message.createdAt, lang),
      recipient: message.recipientName,
      subject: message.subject,
      status: message.status,
      statusKey: status.key,
      statusColor: status.color,
      attempts: message.attempts,
      retry:
        message.status === 'failed'
          ? message.nextAttemptAt
            ? { key: 'outbox.nextAttempt', params: { time: formatShanghai(message.nextAttemptAt, lang) } }
            : { key: 'outbox.givenUp' }
          : undefined,
      lastError: message.status === 'sent' ? '' : (message.lastError ?? ''),
      link: ['/applications', message.applicationId],
    };
  }
}

function statusOf(message: OutboxMessageDto): { key: TranslationKey; color: string } {
  if (message.status === 'sent') return message.channel === 'outbox' ? { key: 'outbox.status.kept', color: 'blue' } : { key: 'outbox.status.sent', color: 'green' };
  if (message.status === 'failed') return { key: 'outbox.status.failed', color: 'red' };
  return { key: 'outbox.status.pending', color: 'orange' };
}
