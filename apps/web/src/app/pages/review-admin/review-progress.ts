import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { REQUEST_ID_HEADER, type ReviewProgressDto } from '@dahe/shared/contracts';
import {
  I18nService,
  ReviewApiService,
  type Translatable,
  TranslatePipe,
  applicationStateView,
  describeReviewError,
  formatScore,
  formatShanghai,
  outlierExplanation,
  percentOf,
  quietContext,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { firstValueFrom } from 'rxjs';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly progress: ReviewProgressDto; readonly outlierSpread: number } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * 评审进度: how many of the assigned score sheets are submitted, how many applications are fully scored,
 * and per application each expert's total (or that it is still open), the mean, spread and standard
 * deviation of the submitted totals; an application whose experts disagree by at least the call's
 * threshold is flagged in red with the reason.
 */
@Component({
  selector: 'dahe-review-progress',
  imports: [NzAlertModule, NzButtonModule, NzCardModule, NzIconModule, NzProgressModule, NzSpinModule, NzTagModule, NzTooltipModule, TranslatePipe],
  templateUrl: './review-progress.html',
  styleUrl: './review-progress.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewProgress {
  private readonly api = inject(ReviewApiService);
  private readonly i18n = inject(I18nService);

  readonly callId = input.required<string>();

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly score = formatScore;

  protected readonly summary = computed(() => {
    const state = this.load();
    if (state.kind !== 'ready') return null;
    const p = state.progress;
    return {
      ...p,
      submittedPercent: percentOf(p.submitted, p.assignments),
      scoredPercent: percentOf(p.fullyScored, p.applications),
      outliers: p.rows.filter((row) => row.outlier).length,
      threshold: formatScore(state.outlierSpread),
    };
  });

  protected readonly rows = computed(() => {
    const state = this.load();
    if (state.kind !== 'ready') return [];
    const lang = this.i18n.lang();
    return state.progress.rows.map((row) => ({
      row,
      state: applicationStateView(row.state),
      experts: row.experts.map((expert) => ({ ...expert, total: formatScore(expert.total), submitted: expert.submittedAt ? formatShanghai(expert.submittedAt, lang) : null })),
      why: outlierExplanation(row, state.outlierSpread),
    }));
  });

  constructor() {
    effect(() => {
      const id = this.callId();
      untracked(() => void this.reload(id));
    });
  }

  protected async reload(callId = this.callId()): Promise<void> {
    if (this.load().kind !== 'ready') this.load.set({ kind: 'loading' });
    const context = quietContext();
    try {
      const [progress, settings] = await Promise.all([firstValueFrom(this.api.progress(callId, { context })), firstValueFrom(this.api.settings(callId, { context }))]);
      this.load.set({ kind: 'ready', progress, outlierSpread: settings.outlierSpread });
    } catch (error: unknown) {
      this.load.set({
        kind: 'error',
        message: error instanceof HttpErrorResponse ? describeReviewError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' },
      });
    }
  }
}
