import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type CallDto, type ConflictDto, type ReviewTaskDto } from '@dahe/shared/contracts';
import {
  CallsApiService,
  I18nService,
  REVIEW_TASK_STATUS_COLORS,
  REVIEW_TASK_STATUS_LABELS,
  ReviewApiService,
  type Translatable,
  TranslatePipe,
  defaultCallId,
  formatScore,
  formatShanghai,
  quietContext,
  reviewTaskStatus,
  sortTasks,
  describeReviewRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';
import { ConflictDialog } from './conflict-dialog';

interface Loaded {
  readonly tasks: ReviewTaskDto[];
  readonly calls: { readonly id: string; readonly title: string }[];
  readonly conflicts: (ConflictDto & { readonly callTitle: string })[];
  readonly defaultCall: string | null;
}

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: Loaded } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * `/reviews`: the expert's assignments — anonymous number or school, project, the total so far and whether
 * it is submitted — and their declarations of conflict of interest, with the dialog to declare one.
 */
@Component({
  selector: 'dahe-reviews-page',
  imports: [RouterLink, NzAlertModule, NzButtonModule, NzIconModule, NzSpinModule, NzTagModule, TranslatePipe, ConflictDialog],
  templateUrl: './reviews-page.html',
  styleUrl: './reviews-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewsPage {
  private readonly api = inject(ReviewApiService);
  private readonly callsApi = inject(CallsApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly declaring = signal(false);
  protected readonly statusLabels = REVIEW_TASK_STATUS_LABELS;
  protected readonly statusColors = REVIEW_TASK_STATUS_COLORS;

  protected readonly tasks = computed(() => {
    const state = this.load();
    if (state.kind !== 'ready') return [];
    const lang = this.i18n.lang();
    return sortTasks(state.value.tasks).map((task) => ({
      task,
      status: reviewTaskStatus(task),
      total: formatScore(task.total),
      submitted: task.submittedAt ? formatShanghai(task.submittedAt, lang) : null,
    }));
  });
  protected readonly pending = computed(() => this.tasks().filter((entry) => entry.status !== 'submitted').length);

  protected readonly conflicts = computed(() => {
    const state = this.load();
    if (state.kind !== 'ready') return [];
    const lang = this.i18n.lang();
    return state.value.conflicts.map((conflict) => ({ ...conflict, declared: formatShanghai(conflict.declaredAt, lang) }));
  });

  constructor() {
    void this.reload();
  }

  protected declared(conflict: ConflictDto): void {
    this.declaring.set(false);
    this.messages.success(this.i18n.t('review.conflict.done', { school: conflict.schoolName }));
    void this.reload(true);
  }

  protected async reload(keep = false): Promise<void> {
    if (!keep || this.load().kind !== 'ready') this.load.set({ kind: 'loading' });
    const context = quietContext();
    try {
      const [tasks, allCalls] = await Promise.all([
        firstValueFrom(this.api.tasks({ context })),
        firstValueFrom(this.callsApi.list({ context })).catch(() => [] as CallDto[]),
      ]);
      // The calls an expert may declare in: those they have assignments in, and every call past its draft.
      const calls = new Map<string, { id: string; title: string }>();
      for (const call of allCalls.filter((c) => c.status !== 'draft')) calls.set(call.id, { id: call.id, title: call.title });
      for (const task of tasks) if (!calls.has(task.callId)) calls.set(task.callId, { id: task.callId, title: task.callTitle });
      const callList = [...calls.values()];
      const perCall = await Promise.all(
        callList.map(async (call) => (await firstValueFrom(this.api.conflicts(call.id, { context }))).map((conflict) => ({ ...conflict, callTitle: call.title }))),
      );
      const defaultCall = tasks.find((task) => !task.submittedAt)?.callId ?? defaultCallId(allCalls.filter((c) => calls.has(c.id))) ?? callList[0]?.id ?? null;
      this.load.set({ kind: 'ready', value: { tasks, calls: callList, conflicts: perCall.flat().sort((a, b) => b.declaredAt.localeCompare(a.declaredAt)), defaultCall } });
    } catch (error: unknown) {
      this.load.set({ kind: 'error', message: describeReviewRequestError(error) });
    }
  }
}
