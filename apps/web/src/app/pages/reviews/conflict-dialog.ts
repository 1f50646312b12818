import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type ConflictDto, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import { CONFLICT_REASON_MAX, ReviewApiService, type Translatable, TranslatePipe, describeReviewError, quietContext } from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { firstValueFrom } from 'rxjs';

const SEARCH_DELAY_MS = 250;

/**
 * 利益冲突申报: the expert names a school of the call they have a conflict of interest with (found by
 * name) and why. From then on they are never assigned that school's applications.
 */
@Component({
  selector: 'dahe-conflict-dialog',
  imports: [FormsModule, NzAlertModule, NzButtonModule, NzInputModule, NzModalModule, NzSelectModule, TranslatePipe],
  templateUrl: './conflict-dialog.html',
  styleUrl: './conflict-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConflictDialog {
  private readonly api = inject(ReviewApiService);

  readonly calls = input.required<readonly { readonly id: string; readonly title: string }[]>();
  readonly initialCallId = input<string | null>(null);
  readonly closed = output<void>();
  readonly declared = output<ConflictDto>();

  protected readonly reasonMax = CONFLICT_REASON_MAX;
  private readonly chosenCall = signal<string | null>(null);
  protected readonly callId = computed(() => this.chosenCall() ?? this.initialCallId() ?? this.calls()[0]?.id ?? null);
  protected readonly schools = signal<{ id: string; name: string }[]>([]);
  protected readonly searching = signal(false);
  protected readonly schoolId = signal<string | null>(null);
  protected readonly reason = signal('');
  protected readonly tried = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<Translatable | null>(null);

  protected readonly problems = computed(() => ({
    school: this.schoolId() ? null : ({ key: 'review.conflict.school.required' } as Translatable),
    reason: !this.reason().trim()
      ? ({ key: 'review.conflict.reason.required' } as Translatable)
      : this.reason().trim().length > CONFLICT_REASON_MAX
        ? ({ key: 'review.rubric.tooLong', params: { max: CONFLICT_REASON_MAX } } as Translatable)
        : null,
  }));

  private timer: ReturnType<typeof setTimeout> | undefined;
  private searchSeq = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
    // Each call lists its own schools: the first ones at once, then as the expert types.
    effect(() => {
      this.callId();
      untracked(() => {
        this.schoolId.set(null);
        this.schools.set([]);
        this.search('');
      });
    });
  }

  protected selectCall(id: string): void {
    this.chosenCall.set(id);
  }

  protected search(q: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runSearch(q.trim()), q ? SEARCH_DELAY_MS : 0);
  }

  private async runSearch(q: string): Promise<void> {
    const callId = this.callId();
    if (!callId) return;
    const seq = ++this.searchSeq;
    this.searching.set(true);
    try {
      const found = await firstValueFrom(this.api.schools(callId, q, { context: quietContext() }));
      if (seq === this.searchSeq) this.schools.set(found);
    } catch (error: unknown) {
      if (seq === this.searchSeq) this.error.set(this.describe(error));
    } finally {
      if (seq === this.searchSeq) this.searching.set(false);
    }
  }

  protected async submit(): Promise<void> {
    if (this.saving()) return;
    this.tried.set(true);
    const problems = this.problems();
    const callId = this.callId();
    const schoolId = this.schoolId();
    if (problems.school || problems.reason || !callId || !schoolId) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      const conflict = await firstValueFrom(this.api.declareConflict(callId, { schoolId, reason: this.reason().trim() }));
      this.declared.emit(conflict);
    } catch (error: unknown) {
      this.error.set(this.describe(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected close(): void {
    this.closed.emit();
  }

  private describe(error: unknown): Translatable {
    return error instanceof HttpErrorResponse ? describeReviewError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' };
  }
}
