import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { type CallDto, type SupervisorDashboardDto } from '@dahe/shared/contracts';
import {
  CallsApiService,
  DashboardApiService,
  I18nService,
  type Translatable,
  TranslatePipe,
  dashboardCallId,
  everyMinute,
  formatCallTime,
  quietContext,
  supervisorView,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';
import { CallCountdown } from '../calls/call-countdown';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * A supervising unit's workspace: time left in the call, the signed applications waiting for its approval
 * (each opens the signing page, where it approves or returns), its schools with their applications' states,
 * and counts by state.
 */
@Component({
  selector: 'dahe-supervisor-dashboard',
  imports: [FormsModule, RouterLink, CallCountdown, NzAlertModule, NzButtonModule, NzIconModule, NzSelectModule, NzSpinModule, NzTagModule, TranslatePipe],
  templateUrl: './supervisor-dashboard.html',
  styleUrl: './supervisor-dashboard.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupervisorDashboard {
  private readonly callsApi = inject(CallsApiService);
  private readonly api = inject(DashboardApiService);
  private readonly i18n = inject(I18nService);

  protected readonly calls = signal<CallDto[]>([]);
  protected readonly callId = signal<string | null>(null);
  protected readonly load = signal<LoadState>({ kind: 'loading' });
  private readonly data = signal<SupervisorDashboardDto | null>(null);
  protected readonly now = signal(Date.now());

  protected readonly view = computed(() => {
    const dto = this.data();
    return dto ? supervisorView(dto, this.i18n.lang()) : null;
  });
  protected readonly deadline = computed(() => {
    const dto = this.data();
    return dto ? formatCallTime(dto.deadline, this.i18n.lang(), true) : '';
  });
  protected readonly callTitle = computed(() => this.calls().find((call) => call.id === this.callId())?.title ?? '');

  constructor() {
    inject(DestroyRef).onDestroy(everyMinute((now) => this.now.set(now)));
    void this.start();
  }

  protected selectCall(callId: string): void {
    if (callId === this.callId()) return;
    this.callId.set(callId);
    void this.refresh();
  }

  protected async refresh(): Promise<void> {
    const callId = this.callId();
    if (!callId) return;
    this.load.set({ kind: 'loading' });
    try {
      this.data.set(await firstValueFrom(this.api.supervisor(callId, { context: quietContext() })));
      this.load.set({ kind: 'ready' });
    } catch (error: unknown) {
      this.load.set({ kind: 'error', message: this.describe(error) });
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
