import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { REQUEST_ID_HEADER, type ReviewSettingsDto } from '@dahe/shared/contracts';
import {
  CRITERION_GUIDANCE_MAX,
  CRITERION_TITLE_MAX,
  EXPERTS_PER_APPLICATION_MAX,
  I18nService,
  MAX_SCORE_LIMIT,
  ReviewApiService,
  type ReviewSettingsForm,
  type RubricRowForm,
  type Translatable,
  TranslatePipe,
  beijingInputToIso,
  describeReviewError,
  emptyRubricRow,
  formatCallTime,
  formatShanghai,
  moveRow,
  quietContext,
  settingsFormOf,
  settingsProblems,
  toSettingsRequest,
  weightSum,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { firstValueFrom } from 'rxjs';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly settings: ReviewSettingsDto } | { readonly kind: 'error'; readonly message: Translatable };

/** A number input's value: '' and anything not a number are "blank". */
function numberOrNull(value: unknown): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * 评审设置: anonymity, experts per application, the outlier threshold, until when 补正 is allowed (Beijing
 * time) and the rubric — criteria with guidance, max score and weight, added, removed and reordered, the
 * weights' sum live beside them. Once a score is submitted the rubric is locked (shown, not editable); the
 * other settings may still change.
 */
@Component({
  selector: 'dahe-review-settings',
  imports: [FormsModule, NzAlertModule, NzButtonModule, NzCardModule, NzCheckboxModule, NzIconModule, NzInputModule, NzSpinModule, NzTagModule, NzTooltipModule, TranslatePipe],
  templateUrl: './review-settings.html',
  styleUrl: './review-settings.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewSettings {
  private readonly api = inject(ReviewApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);

  readonly callId = input.required<string>();

  protected readonly max = { title: CRITERION_TITLE_MAX, guidance: CRITERION_GUIDANCE_MAX, perApp: EXPERTS_PER_APPLICATION_MAX, score: MAX_SCORE_LIMIT };
  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly form = signal<ReviewSettingsForm>({ anonymous: false, expertsPerApplication: 3, outlierSpread: 20, correctionUntil: '', criteria: [] });
  protected readonly tried = signal(false);
  protected readonly dirty = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<Translatable | null>(null);

  protected readonly locked = computed(() => {
    const state = this.load();
    return state.kind === 'ready' && state.settings.locked;
  });
  protected readonly problems = computed(() => settingsProblems(this.form()));
  /** Messages beside the fields: once saving was tried, or for the sum as soon as there are rows. */
  protected readonly shown = computed(() => (this.tried() ? this.problems() : null));
  protected readonly sum = computed(() => weightSum(this.form().criteria));
  protected readonly sumOk = computed(() => Math.abs(this.sum() - 100) < 0.01 + 1e-9);
  protected readonly correctionPreview = computed(() => {
    const iso = beijingInputToIso(this.form().correctionUntil);
    return iso ? formatCallTime(iso, this.i18n.lang()) : null;
  });
  protected readonly publishedAt = computed(() => {
    const state = this.load();
    return state.kind === 'ready' && state.settings.resultsPublishedAt ? formatShanghai(state.settings.resultsPublishedAt, this.i18n.lang()) : null;
  });

  constructor() {
    effect(() => {
      const id = this.callId();
      untracked(() => void this.reload(id));
    });
  }

  protected set<K extends Exclude<keyof ReviewSettingsForm, 'criteria'>>(key: K, value: ReviewSettingsForm[K]): void {
    this.form.update((form) => ({ ...form, [key]: value }));
    this.changed();
  }

  protected setNumber(key: 'expertsPerApplication' | 'outlierSpread', value: unknown): void {
    this.set(key, numberOrNull(value));
  }

  protected setRow(index: number, key: keyof Omit<RubricRowForm, 'key'>, value: unknown): void {
    const next = key === 'title' || key === 'guidance' ? String(value ?? '') : numberOrNull(value);
    this.form.update((form) => ({ ...form, criteria: form.criteria.map((row, i) => (i === index ? { ...row, [key]: next } : row)) }));
    this.changed();
  }

  protected addRow(): void {
    this.form.update((form) => ({ ...form, criteria: [...form.criteria, emptyRubricRow()] }));
    this.changed();
  }

  protected removeRow(index: number): void {
    this.form.update((form) => ({ ...form, criteria: form.criteria.filter((_, i) => i !== index) }));
    this.changed();
  }

  protected move(index: number, delta: number): void {
    this.form.update((form) => ({ ...form, criteria: moveRow(form.criteria, index, delta) }));
    this.changed();
  }

  protected clearCorrection(): void {
    this.set('correctionUntil', '');
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    this.tried.set(true);
    if (this.problems().count > 0) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      const saved = await firstValueFrom(this.api.saveSettings(this.callId(), toSettingsRequest(this.form())));
      this.apply(saved);
      this.messages.success(this.i18n.t('review.settings.saved'));
    } catch (error: unknown) {
      this.error.set(error instanceof HttpErrorResponse ? describeReviewError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' });
    } finally {
      this.saving.set(false);
    }
  }

  protected async reload(callId = this.callId()): Promise<void> {
    this.load.set({ kind: 'loading' });
    this.error.set(null);
    try {
      this.apply(await firstValueFrom(this.api.settings(callId, { context: quietContext() })));
    } catch (error: unknown) {
      this.load.set({
        kind: 'error',
        message: error instanceof HttpErrorResponse ? describeReviewError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' },
      });
    }
  }

  private apply(settings: ReviewSettingsDto): void {
    const form = settingsFormOf(settings);
    // A call without a rubric yet starts with one empty row to fill.
    this.form.set(form.criteria.length === 0 && !settings.locked ? { ...form, criteria: [emptyRubricRow()] } : form);
    this.load.set({ kind: 'ready', settings });
    this.tried.set(false);
    this.dirty.set(false);
  }

  private changed(): void {
    this.dirty.set(true);
    this.error.set(null);
  }
}
