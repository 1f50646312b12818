import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { type ReviewSheetDto } from '@dahe/shared/contracts';
import {
  I18nService,
  REVIEW_TASK_STATUS_COLORS,
  REVIEW_TASK_STATUS_LABELS,
  ReviewApiService,
  SCORE_COMMENT_MAX,
  type ScoreDraft,
  type Translatable,
  TranslatePipe,
  formatScore,
  formatShanghai,
  liveTotal,
  quietContext,
  reviewTaskStatus,
  scoreDraftsOf,
  sectionStatesOf,
  sheetProblems,
  sortedCriteria,
  toSaveScoresRequest,
  describeReviewRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule, NzModalService } from 'ng-zorro-antd/modal';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';
import { ReviewContent } from './review-content';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly sheet: ReviewSheetDto } | { readonly kind: 'error'; readonly message: Translatable };

/** A number input's value: '' and anything not a number are "blank". */
function numberOrNull(value: unknown): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * `/reviews/:applicationId`: the application read-only beside the score sheet — per criterion its guidance,
 * a score 0…max and a comment — with the weighted total live as the expert types. 「保存」 keeps a draft;
 * 「提交评分」 (after a confirmation) locks the scores: the sheet then reads back with the time submitted.
 */
@Component({
  selector: 'dahe-review-sheet-page',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzIconModule, NzInputModule, NzModalModule, NzSpinModule, NzTagModule, TranslatePipe, ReviewContent],
  templateUrl: './review-sheet-page.html',
  styleUrl: './review-sheet-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewSheetPage {
  private readonly api = inject(ReviewApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly modal = inject(NzModalService);

  private readonly route = inject(ActivatedRoute);

  /** The route's `:applicationId`. */
  private readonly applicationId = signal(this.route.snapshot.paramMap.get('applicationId') ?? '');

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly drafts = signal<ScoreDraft[]>([]);
  protected readonly dirty = signal(false);
  protected readonly tried = signal<'save' | 'submit' | null>(null);
  protected readonly busy = signal<'save' | 'submit' | null>(null);
  protected readonly error = signal<Translatable | null>(null);
  protected readonly commentMax = SCORE_COMMENT_MAX;
  protected readonly statusLabels = REVIEW_TASK_STATUS_LABELS;
  protected readonly statusColors = REVIEW_TASK_STATUS_COLORS;

  protected readonly sheet = computed(() => {
    const state = this.load();
    return state.kind === 'ready' ? state.sheet : null;
  });
  protected readonly criteria = computed(() => sortedCriteria(this.sheet()?.criteria ?? []));
  protected readonly locked = computed(() => !!this.sheet()?.submittedAt);
  protected readonly sections = computed(() => sectionStatesOf(this.sheet()?.sections ?? {}));
  protected readonly status = computed(() => {
    const sheet = this.sheet();
    return sheet ? reviewTaskStatus(sheet) : 'pending';
  });
  protected readonly submittedAt = computed(() => {
    const at = this.sheet()?.submittedAt;
    return at ? formatShanghai(at, this.i18n.lang()) : null;
  });
  protected readonly total = computed(() => {
    const live = liveTotal(this.criteria(), this.drafts());
    return { ...live, totalText: formatScore(live.total), partialText: formatScore(live.partial) };
  });
  /** A score out of range is said at once; a blank one only once submitting was tried. */
  protected readonly problems = computed(() => sheetProblems(this.criteria(), this.drafts(), this.tried() === 'submit'));
  protected readonly rows = computed(() => {
    const drafts = this.drafts();
    return this.criteria().map((criterion, index) => ({
      criterion,
      index,
      draft: drafts.find((d) => d.criterionId === criterion.id) ?? { criterionId: criterion.id, score: null, comment: '' },
    }));
  });

  constructor() {
    void this.reload();
  }

  protected setScore(criterionId: string, value: unknown): void {
    this.update(criterionId, { score: numberOrNull(value) });
  }

  protected setComment(criterionId: string, value: unknown): void {
    this.update(criterionId, { comment: String(value ?? '') });
  }

  private update(criterionId: string, change: Partial<ScoreDraft>): void {
    this.drafts.update((drafts) => drafts.map((draft) => (draft.criterionId === criterionId ? { ...draft, ...change } : draft)));
    this.dirty.set(true);
    this.error.set(null);
  }

  protected async save(): Promise<void> {
    if (this.busy() || this.locked()) return;
    this.tried.set('save');
    if (Object.keys(sheetProblems(this.criteria(), this.drafts(), false)).length > 0) return;
    this.busy.set('save');
    this.error.set(null);
    try {
      await firstValueFrom(this.api.saveScores(this.applicationId(), toSaveScoresRequest(this.drafts())));
      this.dirty.set(false);
      this.tried.set(null);
      this.messages.success(this.i18n.t('review.sheet.saved'));
      await this.reload(true);
    } catch (error: unknown) {
      this.error.set(describeReviewRequestError(error));
    } finally {
      this.busy.set(null);
    }
  }

  protected confirmSubmit(): void {
    if (this.busy() || this.locked()) return;
    this.tried.set('submit');
    if (Object.keys(sheetProblems(this.criteria(), this.drafts(), true)).length > 0) return;
    const total = this.total();
    this.modal.confirm({
      nzTitle: this.i18n.t('review.sheet.submitTitle'),
      nzContent: this.i18n.t('review.sheet.submitConfirm', { total: total.totalText }),
      nzOkText: this.i18n.t('review.sheet.submit'),
      nzCancelText: this.i18n.t('common.cancel'),
      nzOnOk: () => this.submit(),
    });
  }

  private async submit(): Promise<void> {
    this.busy.set('submit');
    this.error.set(null);
    try {
      // The drafts as they stand are what is submitted: save them first, then lock.
      await firstValueFrom(this.api.saveScores(this.applicationId(), toSaveScoresRequest(this.drafts())));
      this.dirty.set(false);
      await firstValueFrom(this.api.submit(this.applicationId()));
      this.tried.set(null);
      this.messages.success(this.i18n.t('review.sheet.submitted'));
      await this.reload(true);
    } catch (error: unknown) {
      this.error.set(describeReviewRequestError(error));
      await this.reload(true);
    } finally {
      this.busy.set(null);
    }
  }

  protected async reload(keep = false): Promise<void> {
    if (!keep || this.load().kind !== 'ready') this.load.set({ kind: 'loading' });
    try {
      const sheet = await firstValueFrom(this.api.sheet(this.applicationId(), { context: quietContext() }));
      this.load.set({ kind: 'ready', sheet });
      if (!this.dirty()) this.drafts.set(scoreDraftsOf(sheet.criteria, sheet.scores));
    } catch (error: unknown) {
      if (keep && this.load().kind === 'ready') this.error.set(describeReviewRequestError(error));
      else this.load.set({ kind: 'error', message: describeReviewRequestError(error) });
    }
  }
}
