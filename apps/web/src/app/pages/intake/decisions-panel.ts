import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { REQUEST_ID_HEADER, type ReviewProgressDto, type ReviewProgressRowDto, type ReviewSettingsDto } from '@dahe/shared/contracts';
import {
  DECISION_COLORS,
  DECISION_LABELS,
  DECISION_NOTE_MAX,
  DECISION_STATUS_COLORS,
  DECISION_STATUS_LABELS,
  type DecisionValue,
  I18nService,
  ProvinceApiService,
  type Translatable,
  type TranslationKey,
  TranslatePipe,
  applicationStateView,
  byMeanDescending,
  decidableIds,
  decisionNoteProblem,
  decisionStatus,
  decisionsRequest,
  describeDecisionError,
  formatScore,
  formatShanghai,
  pendingByDecision,
  pendingDecisions,
  quietContext,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { firstValueFrom } from 'rxjs';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

/** The dialog recording one decision for one or more applications. */
interface DecideDialog {
  readonly decision: DecisionValue;
  readonly ids: readonly string[];
  readonly projects: readonly string[];
}

/**
 * 立项决定: the call's applications in expert review with their experts' totals, mean, spread and the
 * outlier flag; decisions recorded one by one or in bulk with a note (the schools see nothing yet:
 * 待发布), then published together after a confirmation that says how many results become visible.
 */
@Component({
  selector: 'dahe-decisions-panel',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzEmptyModule, NzIconModule, NzInputModule, NzModalModule, NzSpinModule, NzTableModule, NzTagModule, NzTooltipModule, TranslatePipe],
  templateUrl: './decisions-panel.html',
  styleUrl: './decisions-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DecisionsPanel {
  private readonly api = inject(ProvinceApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);

  readonly callId = input.required<string>();

  protected readonly decisionLabels = DECISION_LABELS;
  protected readonly decisionColors = DECISION_COLORS;
  protected readonly statusLabels = DECISION_STATUS_LABELS;
  protected readonly statusColors = DECISION_STATUS_COLORS;
  protected readonly noteMax = DECISION_NOTE_MAX;

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly progress = signal<ReviewProgressDto | null>(null);
  protected readonly settings = signal<ReviewSettingsDto | null>(null);
  protected readonly selected = signal<ReadonlySet<string>>(new Set());

  protected readonly dialog = signal<DecideDialog | null>(null);
  protected readonly note = signal('');
  protected readonly noteProblem = signal<TranslationKey | null>(null);
  protected readonly dialogError = signal<Translatable | null>(null);
  protected readonly busy = signal(false);

  protected readonly publishOpen = signal(false);
  protected readonly publishError = signal<Translatable | null>(null);

  protected readonly rows = computed(() => {
    const lang = this.i18n.lang();
    return byMeanDescending(this.progress()?.rows ?? []).map((row) => this.view(row, lang));
  });
  private readonly decidable = computed(() => decidableIds(this.progress()?.rows ?? []));
  protected readonly pending = computed(() => pendingDecisions(this.progress()?.rows ?? []));
  protected readonly pendingSplit = computed(() => pendingByDecision(this.progress()?.rows ?? []));
  protected readonly publishedAt = computed(() => {
    const at = this.settings()?.resultsPublishedAt;
    return at ? formatShanghai(at, this.i18n.lang()) : null;
  });
  protected readonly allChecked = computed(() => this.decidable().length > 0 && this.decidable().every((id) => this.selected().has(id)));
  protected readonly someChecked = computed(() => !this.allChecked() && this.decidable().some((id) => this.selected().has(id)));
  protected readonly selectedCount = computed(() => this.decidable().filter((id) => this.selected().has(id)).length);

  constructor() {
    effect(() => {
      const callId = this.callId();
      untracked(() => {
        this.selected.set(new Set());
        void this.reload(callId);
      });
    });
  }

  protected toggleAll(checked: boolean): void {
    this.selected.set(checked ? new Set(this.decidable()) : new Set());
  }

  protected toggle(id: string, checked: boolean): void {
    const next = new Set(this.selected());
    if (checked) next.add(id);
    else next.delete(id);
    this.selected.set(next);
  }

  protected openBulk(decision: DecisionValue): void {
    const ids = this.decidable().filter((id) => this.selected().has(id));
    if (ids.length > 0) this.openDialog(decision, ids);
  }

  protected openOne(decision: DecisionValue, id: string): void {
    this.openDialog(decision, [id], this.progress()?.rows.find((row) => row.applicationId === id)?.decision?.note ?? '');
  }

  protected closeDialog(): void {
    if (!this.busy()) this.dialog.set(null);
  }

  protected async confirmDecision(): Promise<void> {
    const dialog = this.dialog();
    if (!dialog || this.busy()) return;
    const problem = decisionNoteProblem(dialog.decision, this.note());
    this.noteProblem.set(problem);
    if (problem) return;
    this.busy.set(true);
    this.dialogError.set(null);
    try {
      const answer = await firstValueFrom(this.api.decide(this.callId(), decisionsRequest(dialog.ids, dialog.decision, this.note()), { context: quietContext() }));
      this.dialog.set(null);
      this.selected.set(new Set());
      this.messages.success(this.i18n.t('intake.decide.done', { count: answer.recorded }));
      await this.reload(this.callId(), true);
    } catch (error: unknown) {
      this.dialogError.set(error instanceof HttpErrorResponse ? describeDecisionError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' });
      if (error instanceof HttpErrorResponse && error.status === 409) await this.reload(this.callId(), true);
    } finally {
      this.busy.set(false);
    }
  }

  protected openPublish(): void {
    this.publishError.set(null);
    this.publishOpen.set(true);
  }

  protected closePublish(): void {
    if (!this.busy()) this.publishOpen.set(false);
  }

  protected async confirmPublish(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.publishError.set(null);
    try {
      const answer = await firstValueFrom(this.api.publishResults(this.callId(), { context: quietContext() }));
      this.publishOpen.set(false);
      this.messages.success(this.i18n.t('intake.publish.done', { count: answer.published }));
      await this.reload(this.callId(), true);
    } catch (error: unknown) {
      this.publishError.set(error instanceof HttpErrorResponse ? describeDecisionError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' });
    } finally {
      this.busy.set(false);
    }
  }

  protected async reload(callId = this.callId(), keep = false): Promise<void> {
    if (!keep || this.load().kind !== 'ready') this.load.set({ kind: 'loading' });
    try {
      const [progress, settings] = await Promise.all([
        firstValueFrom(this.api.reviewProgress(callId, { context: quietContext() })),
        firstValueFrom(this.api.reviewSettings(callId, { context: quietContext() })),
      ]);
      if (callId !== this.callId()) return;
      this.progress.set(progress);
      this.settings.set(settings);
      this.load.set({ kind: 'ready' });
    } catch (error: unknown) {
      if (callId !== this.callId()) return;
      this.load.set({ kind: 'error', message: describeRequestError(error) });
    }
  }

  private openDialog(decision: DecisionValue, ids: readonly string[], note = ''): void {
    const byId = new Map((this.progress()?.rows ?? []).map((row) => [row.applicationId, row.projectName]));
    this.note.set(note);
    this.noteProblem.set(null);
    this.dialogError.set(null);
    this.dialog.set({ decision, ids, projects: ids.map((id) => byId.get(id) ?? id) });
  }

  private view(row: ReviewProgressRowDto, lang: 'zh-CN' | 'en') {
    const status = decisionStatus(row);
    return {
      id: row.applicationId,
      schoolName: row.schoolName,
      projectName: row.projectName,
      state: applicationStateView(row.state),
      scored: row.experts.filter((expert) => expert.submittedAt !== null).length,
      experts: row.experts.map((expert) => ({ name: expert.displayName, total: formatScore(expert.total), submitted: expert.submittedAt !== null })),
      mean: formatScore(row.mean),
      spread: formatScore(row.spread),
      sd: formatScore(row.standardDeviation),
      outlier: row.outlier,
      decision: row.decision?.decision ?? null,
      note: row.decision?.note ?? '',
      decidedAt: row.decision ? formatShanghai(row.decision.decidedAt, lang) : null,
      status,
      final: status === 'published',
    };
  }
}
