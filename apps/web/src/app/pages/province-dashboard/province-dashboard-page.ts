import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type CallDto, type ProvinceDashboardDto } from '@dahe/shared/contracts';
import {
  CallsApiService,
  DashboardApiService,
  I18nService,
  type Translatable,
  TranslatePipe,
  dashboardCallId,
  everyMinute,
  formatCallTime,
  formatShanghai,
  headline,
  provinceCharts,
  quietContext,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { firstValueFrom } from 'rxjs';
import { CallCountdown } from '../calls/call-countdown';
import { ChartPanel } from './chart-panel';

/** How often the figures refresh themselves. */
const REFRESH_MS = 60_000;

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * `/province/dashboard` (数据看板): the province officer's live figures of one call — headline cards, then
 * every chart with its numbers beside it. Refreshes every minute and on demand; keeps showing the last
 * figures while a refresh runs or fails.
 */
@Component({
  selector: 'dahe-province-dashboard-page',
  imports: [FormsModule, CallCountdown, ChartPanel, NzAlertModule, NzButtonModule, NzIconModule, NzRadioModule, NzSelectModule, TranslatePipe],
  templateUrl: './province-dashboard-page.html',
  styleUrl: './province-dashboard-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProvinceDashboardPage {
  private readonly callsApi = inject(CallsApiService);
  private readonly api = inject(DashboardApiService);
  private readonly i18n = inject(I18nService);

  protected readonly calls = signal<CallDto[]>([]);
  protected readonly callId = signal<string | null>(null);
  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly refreshing = signal(false);
  protected readonly data = signal<ProvinceDashboardDto | null>(null);
  protected readonly groupBy = signal<'supervisor' | 'city'>('supervisor');
  protected readonly now = signal(Date.now());
  protected readonly skeletons = [1, 2, 3];

  protected readonly cards = computed(() => {
    const dto = this.data();
    return dto ? headline(dto) : null;
  });
  protected readonly charts = computed(() => {
    const dto = this.data();
    if (!dto) return [];
    return provinceCharts(dto, { t: (key, params) => this.i18n.t(key, params), lang: this.i18n.lang(), groupBy: this.groupBy() });
  });
  protected readonly generatedAt = computed(() => {
    const dto = this.data();
    return dto ? formatShanghai(dto.generatedAt, this.i18n.lang()) : '';
  });
  protected readonly deadline = computed(() => {
    const dto = this.data();
    return dto ? formatCallTime(dto.deadline, this.i18n.lang(), true) : '';
  });

  private requestNo = 0;

  constructor() {
    const refresher = setInterval(() => void this.refresh(), REFRESH_MS);
    const stopClock = everyMinute((now) => this.now.set(now));
    inject(DestroyRef).onDestroy(() => {
      clearInterval(refresher);
      stopClock();
    });
    void this.start();
  }

  protected selectCall(callId: string): void {
    if (callId === this.callId()) return;
    this.callId.set(callId);
    this.data.set(null);
    void this.refresh();
  }

  /** Fetches the figures; a later request wins over an earlier one still under way. */
  protected async refresh(): Promise<void> {
    const callId = this.callId();
    if (!callId) return;
    const requestNo = ++this.requestNo;
    this.refreshing.set(true);
    if (!this.data()) this.load.set({ kind: 'loading' });
    try {
      const dto = await firstValueFrom(this.api.province(callId, { context: quietContext() }));
      if (requestNo !== this.requestNo) return;
      this.data.set(dto);
      this.load.set({ kind: 'ready' });
    } catch (error: unknown) {
      if (requestNo !== this.requestNo) return;
      this.load.set({ kind: 'error', message: this.describe(error) });
    } finally {
      if (requestNo === this.requestNo) this.refreshing.set(false);
    }
  }

  private async start(): Promise<void> {
    try {
      const calls = await firstValueFrom(this.callsApi.list({ context: quietContext() }));
      this.calls.set(calls);
      this.callId.set(dashboardCallId(calls, Date.now()));
      if (this.callId()) await this.refresh();
      else this.load.set({ kind: 'ready' });
    } catch (error: unknown) {
      this.load.set({ kind: 'error', message: this.describe(error) });
    }
  }

  private describe(error: unknown): Translatable {
    return describeRequestError(error);
  }
}
