import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { subject } from '@dahe/shared/authz';
import { type ApplicationDto, REQUEST_ID_HEADER, type TimelineDto } from '@dahe/shared/contracts';
import type { WorkflowAction } from '@dahe/shared/workflow';
import {
  ACTION_LABELS,
  I18nService,
  SessionService,
  SignoffApiService,
  type Translatable,
  type TranslationKey,
  TranslatePipe,
  actionsOnApplication,
  applicationStateKey,
  beijingInputToIso,
  describeTransitionError,
  effectiveDeadlineOf,
  formatCallTime,
  needsComment,
  shortHash,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';

/** Actions taken in a dialog from the bar; `sign` and `approve` have their own page, `decide` the review's. */
const BAR_ACTIONS: readonly WorkflowAction[] = ['submit_for_signature', 'withdraw', 'return', 'return_for_correction', 'pass_formal_check', 'start_expert_review'];

const EXPLAIN: Partial<Record<WorkflowAction, TranslationKey>> = {
  withdraw: 'signoff.dialog.explain.withdraw',
  return: 'signoff.dialog.explain.return',
  return_for_correction: 'signoff.dialog.explain.return_for_correction',
  pass_formal_check: 'signoff.dialog.explain.pass_formal_check',
  start_expert_review: 'signoff.dialog.explain.start_expert_review',
};

type Dialog = { readonly kind: 'action'; readonly action: WorkflowAction } | { readonly kind: 'extend' } | null;

/**
 * The sign-off state bar of an application: its state, the content hash once bound, the 回执编号 once
 * received, and only the moves this person may make now (the shared state machine decides which).
 * After every move it tells the page, which reloads the application and its timeline.
 */
@Component({
  selector: 'dahe-signoff-bar',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzIconModule, NzInputModule, NzModalModule, NzTagModule, TranslatePipe],
  templateUrl: './signoff-bar.html',
  styleUrl: './signoff-bar.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignoffBar {
  private readonly api = inject(SignoffApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);

  readonly application = input.required<ApplicationDto>();
  readonly timeline = input<TimelineDto | null>(null);
  /** On the signing page the sign and approve forms are the page itself: no link to it. */
  readonly onSigningPage = input(false);

  /** A move was made (or the deadline extended); the page reloads the application and its timeline. */
  readonly changed = output<void>();
  /** The application is not ready to sign: the page shows the validation report. */
  readonly notReady = output<void>();

  protected readonly busy = signal(false);
  protected readonly error = signal<Translatable | null>(null);
  protected readonly dialog = signal<Dialog>(null);
  protected readonly comment = signal('');
  protected readonly until = signal('');
  protected readonly reason = signal('');
  protected readonly dialogError = signal<Translatable | null>(null);

  protected readonly labels = ACTION_LABELS;
  protected readonly stateKey = computed(() => applicationStateKey(this.application().state));
  protected readonly hash = computed(() => shortHash(this.application().contentHash));
  protected readonly receipt = computed(() => this.application().receiptNo ?? this.timeline()?.receiptNo ?? null);

  protected readonly actions = computed(() => {
    const app = this.application();
    return actionsOnApplication(app, this.timeline(), {
      roles: this.session.roles(),
      active: this.session.activeOrganisation(),
      mayTransition: this.session.can('transition', subject('Application', { orgId: app.orgId, state: app.state })),
    });
  });
  protected readonly barActions = computed(() => this.actions().filter((action) => BAR_ACTIONS.includes(action)));
  protected readonly signingLink = computed(() => {
    if (this.onSigningPage()) return null;
    const actions = this.actions();
    if (actions.includes('sign')) return 'signoff.bar.goSign' as const;
    if (actions.includes('approve')) return 'signoff.bar.goApprove' as const;
    return null;
  });
  /** The province extends one school's deadline while its work can still reach `submitted`. */
  protected readonly canExtend = computed(() => {
    const state = this.application().state;
    return this.session.can('extend', 'Call') && ['draft', 'awaiting_signature', 'signed', 'returned'].includes(state) && this.timeline() !== null;
  });
  protected readonly deadline = computed(() => {
    const timeline = this.timeline();
    return timeline ? formatCallTime(effectiveDeadlineOf(timeline), this.i18n.lang(), true) : '';
  });

  protected open(action: WorkflowAction): void {
    this.comment.set('');
    this.dialogError.set(null);
    this.dialog.set({ kind: 'action', action });
  }

  protected openExtend(): void {
    this.until.set('');
    this.reason.set('');
    this.dialogError.set(null);
    this.dialog.set({ kind: 'extend' });
  }

  protected close(): void {
    if (!this.busy()) this.dialog.set(null);
  }

  protected explain(action: WorkflowAction): TranslationKey {
    return EXPLAIN[action] ?? 'signoff.dialog.explain.other';
  }

  protected needsComment(action: WorkflowAction): boolean {
    return needsComment(action);
  }

  /** Submitting for signature is a click: nothing to type, and the server checks readiness. */
  protected async submitForSignature(): Promise<void> {
    await this.move('submit_for_signature', undefined);
  }

  protected async confirm(): Promise<void> {
    const dialog = this.dialog();
    if (dialog?.kind === 'extend') return this.extend();
    if (dialog?.kind !== 'action') return;
    const comment = this.comment().trim();
    if (needsComment(dialog.action) && !comment) {
      this.dialogError.set({ key: 'signoff.dialog.commentRequired' });
      return;
    }
    await this.move(dialog.action, comment || undefined);
  }

  private async move(action: WorkflowAction, comment: string | undefined): Promise<void> {
    const app = this.application();
    this.busy.set(true);
    this.error.set(null);
    this.dialogError.set(null);
    try {
      await firstValueFrom(this.api.transition(app.id, { action, ...(comment ? { comment } : {}) }));
      this.busy.set(false);
      this.dialog.set(null);
      this.changed.emit();
    } catch (error: unknown) {
      this.busy.set(false);
      const view = error instanceof HttpErrorResponse ? describeTransitionError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : describeTransitionError(0, undefined);
      if (this.dialog()) this.dialogError.set(view.message);
      else this.error.set(view.message);
      if (view.notReady) this.notReady.emit();
    }
  }

  private async extend(): Promise<void> {
    const app = this.application();
    const until = beijingInputToIso(this.until());
    const reason = this.reason().trim();
    if (!until) return this.dialogError.set({ key: 'signoff.extend.untilRequired' });
    if (!reason) return this.dialogError.set({ key: 'signoff.extend.reasonRequired' });
    this.busy.set(true);
    try {
      await firstValueFrom(this.api.extendDeadline(app.callId, { schoolId: app.orgId, until, reason }));
      this.busy.set(false);
      this.dialog.set(null);
      this.changed.emit();
    } catch (error: unknown) {
      this.busy.set(false);
      const view = error instanceof HttpErrorResponse ? describeTransitionError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : describeTransitionError(0, undefined);
      this.dialogError.set(error instanceof HttpErrorResponse && error.status === 400 ? { key: 'signoff.extend.invalid' } : view.message);
    }
  }
}
