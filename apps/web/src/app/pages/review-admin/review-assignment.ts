import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type AssignResponse, type ConflictDto, type ExpertDto, type IntakePageDto, type ReviewProgressDto } from '@dahe/shared/contracts';
import {
  type AssignableRow,
  I18nService,
  ProvinceApiService,
  ReviewApiService,
  type Translatable,
  TranslatePipe,
  applicationStateView,
  assignableRows,
  expertChoices,
  formatShanghai,
  quietContext,
  describeReviewRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule, NzModalService } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { firstValueFrom } from 'rxjs';

interface Loaded {
  readonly experts: ExpertDto[];
  readonly conflicts: ConflictDto[];
  readonly progress: ReviewProgressDto;
  /** Checked applications from the intake list (they have no progress row before their first expert); null if it failed. */
  readonly intake: IntakePageDto | null;
  readonly perApplication: number;
}

/** How many checked applications the tab lists for assignment by hand (balanced assignment takes them all). */
const INTAKE_PAGE = 100;

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: Loaded } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * 专家分配: the province's experts with their load and declared conflicts; 「均衡分配」 tops every checked
 * application up to the call's number of experts, least-loaded first, never an expert with a conflict of
 * interest with the school (the result says what was created, skipped and left short); by hand, per
 * application, experts are added (conflicted ones shown disabled with their reason) or removed (not once
 * they submitted).
 */
@Component({
  selector: 'dahe-review-assignment',
  imports: [FormsModule, NzAlertModule, NzButtonModule, NzCardModule, NzIconModule, NzModalModule, NzSelectModule, NzSpinModule, NzTagModule, NzTooltipModule, TranslatePipe],
  templateUrl: './review-assignment.html',
  styleUrl: './review-assignment.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReviewAssignment {
  private readonly api = inject(ReviewApiService);
  private readonly province = inject(ProvinceApiService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly modal = inject(NzModalService);

  readonly callId = input.required<string>();

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly balancing = signal(false);
  protected readonly result = signal<AssignResponse | null>(null);
  protected readonly error = signal<Translatable | null>(null);
  /** Per application: the experts picked in its select, not yet assigned. */
  protected readonly picked = signal<Readonly<Partial<Record<string, string[]>>>>({});
  protected readonly busyRow = signal<string | null>(null);

  private readonly value = computed(() => {
    const state = this.load();
    return state.kind === 'ready' ? state.value : null;
  });

  protected readonly experts = computed(() => {
    const value = this.value();
    if (!value) return [];
    return [...value.experts]
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'))
      .map((expert) => ({
        ...expert,
        conflicts: value.conflicts.filter((conflict) => conflict.expertId === expert.userId).map((conflict) => ({ ...conflict, declared: formatShanghai(conflict.declaredAt, this.i18n.lang()) })),
      }));
  });

  protected readonly rows = computed(() => {
    const value = this.value();
    if (!value) return [];
    return assignableRows(value.progress.rows, value.intake?.rows ?? null)
      .map((row) => {
        const assigned = new Set(row.experts.map((expert) => expert.userId));
        const choices = expertChoices(value.experts, value.conflicts, { id: row.schoolId, name: row.schoolName }).filter((choice) => !assigned.has(choice.userId));
        return {
          row,
          state: applicationStateView(row.state),
          short: Math.max(0, value.perApplication - row.experts.length),
          choices: choices.map((choice) => ({
            ...choice,
            label: choice.disabled
              ? this.i18n.t('review.assign.conflicted', { name: choice.displayName, reason: choice.reason ?? this.i18n.t('review.assign.conflictNoReason') })
              : this.i18n.t('review.assign.option', { name: choice.displayName, load: choice.load }),
          })),
        };
      });
  });

  protected readonly perApplication = computed(() => this.value()?.perApplication ?? 0);
  /** More checked applications than listed: the rest get experts by balanced assignment. */
  protected readonly moreThanListed = computed(() => {
    const intake = this.value()?.intake;
    return intake && intake.total > intake.rows.length ? { shown: intake.rows.length, total: intake.total } : null;
  });
  protected readonly unfilledNames = computed(() => {
    const result = this.result();
    const value = this.value();
    if (!result || !value) return [];
    return result.unfilled.map((id) => {
      const row = assignableRows(value.progress.rows, value.intake?.rows ?? null).find((candidate) => candidate.applicationId === id);
      return row ? `${row.schoolName}${row.projectName ? ` · ${row.projectName}` : ''}` : id;
    });
  });

  constructor() {
    effect(() => {
      const id = this.callId();
      untracked(() => {
        this.result.set(null);
        void this.reload(id);
      });
    });
  }

  protected pick(applicationId: string, expertIds: string[]): void {
    this.picked.update((picked) => ({ ...picked, [applicationId]: expertIds }));
  }

  protected async balanced(): Promise<void> {
    if (this.balancing()) return;
    this.balancing.set(true);
    this.error.set(null);
    this.result.set(null);
    try {
      const result = await firstValueFrom(this.api.assign(this.callId(), { mode: 'balanced' }));
      await this.reload(this.callId(), true);
      this.result.set(result);
    } catch (error: unknown) {
      this.error.set(describeReviewRequestError(error));
    } finally {
      this.balancing.set(false);
    }
  }

  protected async assign(applicationId: string): Promise<void> {
    const expertIds = this.picked()[applicationId] ?? [];
    if (expertIds.length === 0 || this.busyRow()) return;
    this.busyRow.set(applicationId);
    this.error.set(null);
    try {
      const result = await firstValueFrom(this.api.assign(this.callId(), { mode: 'manual', applicationIds: [applicationId], expertIds }));
      this.messages.success(this.i18n.t('review.assign.done', { count: result.created }));
      this.picked.update((picked) => ({ ...picked, [applicationId]: [] }));
      await this.reload(this.callId(), true);
    } catch (error: unknown) {
      this.error.set(describeReviewRequestError(error));
    } finally {
      this.busyRow.set(null);
    }
  }

  protected confirmUnassign(row: AssignableRow, expert: { userId: string; displayName: string }): void {
    this.modal.confirm({
      nzTitle: this.i18n.t('review.assign.removeTitle'),
      nzContent: this.i18n.t('review.assign.removeConfirm', { name: expert.displayName, school: row.schoolName }),
      nzOkText: this.i18n.t('review.assign.remove'),
      nzOkDanger: true,
      nzCancelText: this.i18n.t('common.cancel'),
      nzOnOk: () => this.unassign(row.applicationId, expert.userId),
    });
  }

  private async unassign(applicationId: string, expertId: string): Promise<void> {
    this.error.set(null);
    try {
      await firstValueFrom(this.api.unassign(this.callId(), applicationId, expertId));
      await this.reload(this.callId(), true);
    } catch (error: unknown) {
      this.error.set(describeReviewRequestError(error));
    }
  }

  protected async reload(callId = this.callId(), keep = false): Promise<void> {
    if (!keep || this.load().kind !== 'ready') this.load.set({ kind: 'loading' });
    const context = quietContext();
    try {
      const [experts, conflicts, progress, settings, intake] = await Promise.all([
        firstValueFrom(this.api.experts(callId, { context })),
        firstValueFrom(this.api.conflicts(callId, { context })),
        firstValueFrom(this.api.progress(callId, { context })),
        firstValueFrom(this.api.settings(callId, { context })),
        firstValueFrom(
          this.province.intake(callId, { state: ['formal_check_passed', 'expert_review'], sort: 'schoolName', dir: 'asc', page: 1, pageSize: INTAKE_PAGE }, { context }),
        ).catch(() => null),
      ]);
      this.load.set({ kind: 'ready', value: { experts, conflicts, progress, intake, perApplication: settings.expertsPerApplication } });
    } catch (error: unknown) {
      this.load.set({ kind: 'error', message: describeReviewRequestError(error) });
    }
  }
}
