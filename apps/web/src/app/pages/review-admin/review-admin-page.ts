import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { type CallDto } from '@dahe/shared/contracts';
import { CALL_PHASE_LABELS, CallsApiService, I18nService, type Translatable, TranslatePipe, callPhase, defaultCallId, formatCallTime, quietContext, describeRequestError } from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { firstValueFrom } from 'rxjs';
import { ReviewAssignment } from './review-assignment';
import { ReviewProgress } from './review-progress';
import { ReviewSettings } from './review-settings';

export type ReviewTab = 'settings' | 'assignment' | 'progress';
const TABS: readonly ReviewTab[] = ['settings', 'assignment', 'progress'];

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * `/province/review`: the province officer runs a call's expert review — 评审设置 (anonymity, experts per
 * application, outlier spread, 补正 deadline, the rubric), 专家分配 (balanced or by hand, conflicts of
 * interest respected) and 评审进度 (each application's totals, mean, spread, outliers). The call and the tab
 * are in the URL (`?call=…&tab=…`); each tab loads fresh when opened.
 */
@Component({
  selector: 'dahe-review-admin-page',
  imports: [FormsModule, NzAlertModule, NzRadioModule, NzSelectModule, NzSpinModule, TranslatePipe, ReviewAssignment, ReviewProgress, ReviewSettings],
  templateUrl: './review-admin-page.html',
  styleUrl: './review-admin-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewAdminPage {
  private readonly calls = inject(CallsApiService);
  private readonly i18n = inject(I18nService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly callList = signal<CallDto[]>([]);
  protected readonly callId = signal<string | null>(null);
  protected readonly tab = signal<ReviewTab>('settings');

  protected readonly options = computed(() => {
    const lang = this.i18n.lang();
    const now = Date.now();
    return this.callList().map((call) => ({
      id: call.id,
      label: `${call.title} · ${this.i18n.t(CALL_PHASE_LABELS[callPhase(call, now)])} · ${this.i18n.t('review.admin.deadline', { time: formatCallTime(call.deadline, lang, true) })}`,
    }));
  });

  constructor() {
    const query = this.route.snapshot.queryParamMap;
    const tab = query.get('tab') as ReviewTab | null;
    if (tab && TABS.includes(tab)) this.tab.set(tab);
    void this.loadCalls(query.get('call'));
  }

  protected selectCall(id: string): void {
    this.callId.set(id);
    this.remember();
  }

  protected selectTab(tab: ReviewTab): void {
    this.tab.set(tab);
    this.remember();
  }

  private remember(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { call: this.callId(), tab: this.tab() }, replaceUrl: true });
  }

  private async loadCalls(wanted: string | null): Promise<void> {
    this.load.set({ kind: 'loading' });
    try {
      const calls = (await firstValueFrom(this.calls.list({ context: quietContext() }))).filter((call) => call.status !== 'draft');
      this.callList.set(calls);
      this.callId.set(defaultCallId(calls, wanted));
      this.load.set({ kind: 'ready' });
      if (this.callId()) this.remember();
    } catch (error: unknown) {
      this.load.set({
        kind: 'error',
        message: describeRequestError(error),
      });
    }
  }
}
