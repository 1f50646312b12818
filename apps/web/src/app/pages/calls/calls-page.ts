import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { subject } from '@dahe/shared/authz';
import { type ApplicationSummaryDto, type CallDto, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  CALL_PHASE_COLORS,
  CALL_PHASE_LABELS,
  CallsApiService,
  I18nService,
  SessionService,
  type StartBlock,
  type Translatable,
  type TranslationKey,
  TranslatePipe,
  applicationNumber,
  applicationStateView,
  applicationsOfCall,
  callPhase,
  callsBySoonestDeadline,
  countTowardsLimit,
  describeOpenError,
  describeStartError,
  formatCallTime,
  formatShanghai,
  msToNextMinute,
  quietContext,
  riskCounts,
  startBlock,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule, NzModalService } from 'ng-zorro-antd/modal';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';
import { CallCountdown } from './call-countdown';
import { CallDetails } from './call-details';

interface Loaded {
  readonly calls: CallDto[];
  /** The school's applications; null for everyone else (they see calls and deadlines only). */
  readonly applications: ApplicationSummaryDto[] | null;
}

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: Loaded } | { readonly kind: 'error'; readonly message: Translatable };

const START_BLOCK_TEXT: Readonly<Record<StartBlock, TranslationKey>> = {
  noRight: 'calls.school.noRight',
  notYet: 'calls.school.notYet',
  closed: 'calls.school.closed',
  limitReached: 'calls.school.limitReached',
};

/**
 * The calls the person may read. Province officers create and open them; a school sees each open
 * call as a card with its deadline counting down, its own applications in it, and starts new ones;
 * everyone else sees the list with the deadlines. Times are Beijing time; the clock ticks on the minute.
 */
@Component({
  selector: 'dahe-calls-page',
  imports: [RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzEmptyModule, NzIconModule, NzModalModule, NzSpinModule, NzTagModule, TranslatePipe, CallCountdown, CallDetails],
  templateUrl: './calls-page.html',
  styleUrl: './calls-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallsPage {
  private readonly api = inject(CallsApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly modal = inject(NzModalService);
  private readonly router = inject(Router);

  protected readonly phaseLabels = CALL_PHASE_LABELS;
  protected readonly phaseColors = CALL_PHASE_COLORS;
  protected readonly startBlockText = START_BLOCK_TEXT;

  /** The page's clock, ms since the epoch; moves on each full minute. */
  protected readonly now = signal(Date.now());
  protected readonly state = signal<LoadState>({ kind: 'loading' });
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly starting = signal<string | null>(null);
  protected readonly opening = signal<string | null>(null);
  protected readonly startError = signal<{ readonly callId: string; readonly message: Translatable } | null>(null);

  private readonly org = computed(() => this.session.activeOrganisation());
  protected readonly isSchool = computed(() => this.org()?.kind === 'school');
  protected readonly mayCreateCall = computed(() => this.session.can('create', 'Call'));
  protected readonly mayOpenCall = computed(() => this.session.can('update', 'Call'));
  private readonly mayStart = computed(() => {
    const org = this.org();
    return !!org && this.session.can('create', subject('Application', { orgId: org.id }));
  });
  protected readonly intro = computed<TranslationKey>(() =>
    this.isSchool() ? 'calls.intro.school' : this.mayCreateCall() ? 'calls.intro.province' : 'calls.intro.other',
  );

  private readonly calls = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.value.calls : [];
  });

  /** Province, supervising units: one row a call. */
  protected readonly rows = computed(() => {
    const lang = this.i18n.lang();
    const now = this.now();
    return this.calls().map((call) => {
      const phase = callPhase(call, now);
      return {
        call,
        phase,
        opensAt: formatCallTime(call.opensAt, lang),
        deadline: formatCallTime(call.deadline, lang, true),
        risk: riskCounts(call.countryRisk ?? {}),
      };
    });
  });

  /** A school: one card a call, with its applications and whether another can be started. */
  protected readonly cards = computed(() => {
    const state = this.state();
    if (state.kind !== 'ready') return [];
    const lang = this.i18n.lang();
    const now = this.now();
    const mayCreate = this.mayStart();
    return callsBySoonestDeadline(state.value.calls, now).map((call) => {
      const phase = callPhase(call, now);
      const applications = applicationsOfCall(state.value.applications ?? [], call.id).map((application) => ({
        id: application.id,
        number: applicationNumber(application.id),
        state: application.state,
        view: applicationStateView(application.state),
        updated: formatShanghai(application.updatedAt, lang),
      }));
      const used = countTowardsLimit(applicationsOfCall(state.value.applications ?? [], call.id));
      const block = startBlock({ phase, used, limit: call.perSchoolLimit, mayCreate });
      return {
        call,
        phase,
        applications,
        used,
        block,
        opensAt: formatCallTime(call.opensAt, lang),
        deadline: formatCallTime(call.deadline, lang, true),
      };
    });
  });

  constructor() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      this.now.set(Date.now());
      timer = setTimeout(tick, msToNextMinute(Date.now()) + 20);
    };
    timer = setTimeout(tick, msToNextMinute(Date.now()) + 20);
    inject(DestroyRef).onDestroy(() => clearTimeout(timer));
    void this.load();
  }

  protected reload(): void {
    this.startError.set(null);
    void this.load();
  }

  protected toggle(callId: string): void {
    const next = new Set(this.expanded());
    if (next.has(callId)) next.delete(callId);
    else next.add(callId);
    this.expanded.set(next);
  }

  protected confirmOpen(call: CallDto): void {
    const lang = this.i18n.lang();
    this.modal.confirm({
      nzTitle: this.i18n.t('calls.open.title'),
      nzContent: this.i18n.t('calls.open.confirm', { title: call.title, opens: formatCallTime(call.opensAt, lang), deadline: formatCallTime(call.deadline, lang, true) }),
      nzOkText: this.i18n.t('calls.open.ok'),
      nzCancelText: this.i18n.t('common.cancel'),
      nzOnOk: () => this.open(call),
    });
  }

  protected async start(call: CallDto): Promise<void> {
    if (this.starting()) return;
    this.starting.set(call.id);
    this.startError.set(null);
    try {
      const application = await firstValueFrom(this.api.startApplication(call.id, { context: quietContext() }));
      await this.router.navigate(['/applications', application.id]);
    } catch (error: unknown) {
      if (!(error instanceof HttpErrorResponse)) {
        this.startError.set({ callId: call.id, message: { key: 'error.invalidResponse' } });
        return;
      }
      // The API refuses with one 409 for "limit reached" and "outside the dates": what the reloaded list shows tells which.
      await this.load(true);
      const card = this.cards().find((c) => c.call.id === call.id);
      this.startError.set({
        callId: call.id,
        message: describeStartError(error.status, error.error, { used: card?.used ?? 0, limit: card?.call.perSchoolLimit ?? call.perSchoolLimit, phase: card?.phase ?? null }, error.headers?.get(REQUEST_ID_HEADER)),
      });
    } finally {
      this.starting.set(null);
    }
  }

  private async open(call: CallDto): Promise<void> {
    this.opening.set(call.id);
    try {
      const opened = await firstValueFrom(this.api.open(call.id, { context: quietContext() }));
      this.replace(opened);
      this.messages.success(this.i18n.t('calls.open.done', { title: opened.title }));
    } catch (error: unknown) {
      const message = error instanceof HttpErrorResponse ? describeOpenError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : { key: 'error.invalidResponse' as const };
      this.messages.error(this.i18n.t(message.key, message.params));
      await this.load(true);
    } finally {
      this.opening.set(null);
    }
  }

  private replace(call: CallDto): void {
    const state = this.state();
    if (state.kind !== 'ready') return;
    this.state.set({ kind: 'ready', value: { ...state.value, calls: state.value.calls.map((c) => (c.id === call.id ? call : c)) } });
  }

  /** Calls, and for a school its applications. `keep` leaves the current list on screen while it reloads. */
  private async load(keep = false): Promise<void> {
    if (!keep || this.state().kind !== 'ready') this.state.set({ kind: 'loading' });
    const school = this.isSchool();
    try {
      const [calls, applications] = await Promise.all([
        firstValueFrom(this.api.list({ context: quietContext() })),
        school ? firstValueFrom(this.api.applications({ context: quietContext() })) : Promise.resolve(null),
      ]);
      this.now.set(Date.now());
      this.state.set({ kind: 'ready', value: { calls, applications } });
    } catch (error: unknown) {
      this.state.set({ kind: 'error', message: describeRequestError(error) });
    }
  }
}
