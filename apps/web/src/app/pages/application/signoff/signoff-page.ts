import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { subject } from '@dahe/shared/authz';
import { type ApplicationDto, REQUEST_ID_HEADER, type SignatureDto, type TimelineDto, type TransitionRequest } from '@dahe/shared/contracts';
import { DAHE_2024 } from '@dahe/shared/form';
import {
  ApplicationsApiService,
  I18nService,
  SessionService,
  SignoffApiService,
  type Translatable,
  type TransitionErrorView,
  TranslatePipe,
  actionsOnApplication,
  describeTransitionError,
  fillDeclaration,
  formatShanghai,
  isTotpCode,
  normaliseTotpCode,
  quietContext,
  validSignatures,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { firstValueFrom } from 'rxjs';
import { ExportMenu } from '../export-menu';
import { ApplicationPrint } from './application-print';
import { SignoffBar } from './signoff-bar';
import { SignoffTimeline } from './signoff-timeline';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

/** What the person did here, shown once it is recorded. */
interface Outcome {
  readonly kind: 'sign' | 'approve';
  readonly signature: SignatureDto | null;
  readonly receiptNo: string | null;
}

/**
 * `/applications/:id/sign`: the whole application read-only, as printed, for those who sign it off.
 * The legal representative writes the 单位意见, reads the 内容真实性责任声明 with the school's name and signs
 * with the password again (and the authenticator code where enabled); the supervising unit's reviewer
 * approves with its own opinion and seal. Either may return it with comments (the bar), as may the province.
 */
@Component({
  selector: 'dahe-signoff-page',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzCheckboxModule, NzIconModule, NzInputModule, NzSpinModule, TranslatePipe, ApplicationPrint, ExportMenu, SignoffBar, SignoffTimeline],
  templateUrl: './signoff-page.html',
  styleUrl: './signoff-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignoffPage {
  private readonly applications = inject(ApplicationsApiService);
  private readonly api = inject(SignoffApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  protected readonly application = signal<ApplicationDto | null>(null);
  protected readonly timeline = signal<TimelineDto | null>(null);
  protected readonly timelineLoading = signal(false);
  private readonly listedName = signal('');

  protected readonly opinion = signal('');
  protected readonly password = signal('');
  protected readonly totp = signal('');
  protected readonly declared = signal(false);
  protected readonly busy = signal(false);
  protected readonly formError = signal<TransitionErrorView | null>(null);
  protected readonly outcome = signal<Outcome | null>(null);

  protected readonly totpEnabled = computed(() => this.session.me()?.user.totpEnabled === true);
  protected readonly activeOrgName = computed(() => this.session.activeOrganisation()?.name ?? '');
  protected readonly isSchoolMember = computed(() => this.session.activeOrganisation()?.id === this.application()?.orgId);
  protected readonly schoolName = computed(() => {
    const app = this.application();
    if (!app) return '';
    if (this.isSchoolMember()) return this.activeOrgName();
    return this.listedName() || (this.timeline()?.signatures.find((s) => s.kind === 'legal_rep')?.organisationName ?? '');
  });
  protected readonly contentVisible = computed(() => Object.keys(this.application()?.sections ?? {}).length > 0);
  protected readonly signatures = computed(() => validSignatures(this.timeline()));

  protected readonly actions = computed(() => {
    const app = this.application();
    if (!app) return [];
    return actionsOnApplication(app, this.timeline(), {
      roles: this.session.roles(),
      active: this.session.activeOrganisation(),
      mayTransition: this.session.can('transition', subject('Application', { orgId: app.orgId, state: app.state })),
    });
  });
  protected readonly mode = computed<'sign' | 'approve' | null>(() => {
    const actions = this.actions();
    if (!this.contentVisible()) return null;
    if (actions.includes('sign')) return 'sign';
    if (actions.includes('approve')) return 'approve';
    return null;
  });

  protected readonly declaration = computed(() => {
    const lang = this.i18n.lang();
    return { title: DAHE_2024.declaration.title[lang], text: fillDeclaration(DAHE_2024.declaration.text[lang], this.schoolName()), closing: DAHE_2024.declaration.closing[lang] };
  });
  protected readonly backLink = computed(() => (this.isSchoolMember() ? ['/applications', this.id] : ['/todo']));

  constructor() {
    void this.reload(true);
  }

  protected time(iso: string): string {
    return formatShanghai(iso, this.i18n.lang());
  }

  protected async submit(): Promise<void> {
    const app = this.application();
    const mode = this.mode();
    if (!app || !mode || this.busy()) return;
    const opinion = this.opinion().trim();
    if (!opinion) return this.formError.set({ message: { key: 'signoff.form.opinionRequired' }, field: 'opinion' });
    const request: TransitionRequest = { action: mode, opinion, ...(app.contentHash ? { contentHash: app.contentHash } : {}) };
    if (mode === 'sign') {
      if (!this.declared()) return this.formError.set({ message: { key: 'signoff.form.declarationRequired' } });
      if (!this.password()) return this.formError.set({ message: { key: 'signoff.error.password_required' }, field: 'password' });
      request.password = this.password();
      if (this.totpEnabled()) {
        const code = normaliseTotpCode(this.totp());
        if (!isTotpCode(code)) return this.formError.set({ message: { key: 'signoff.error.totp_required' }, field: 'totp' });
        request.totp = code;
      }
    }
    this.busy.set(true);
    this.formError.set(null);
    try {
      const result = await firstValueFrom(this.api.transition(app.id, request));
      this.password.set('');
      this.totp.set('');
      await this.reload(false);
      const signature = this.timeline()?.signatures.find((candidate) => candidate.id === result.signatureId) ?? null;
      this.outcome.set({ kind: mode, signature, receiptNo: result.receiptNo });
    } catch (error: unknown) {
      const view = error instanceof HttpErrorResponse ? describeTransitionError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER)) : describeTransitionError(0, undefined);
      this.formError.set(view);
      if (view.field === 'password') this.password.set('');
      if (view.stale) await this.reload(false);
    } finally {
      this.busy.set(false);
    }
  }

  protected async changed(): Promise<void> {
    this.outcome.set(null);
    await this.reload(false);
  }

  private async reload(first: boolean): Promise<void> {
    if (first) this.load.set({ kind: 'loading' });
    this.timelineLoading.set(true);
    try {
      const [app, timeline] = await Promise.all([
        firstValueFrom(this.applications.get(this.id)),
        firstValueFrom(this.api.timeline(this.id, { context: quietContext() })).catch(() => null),
      ]);
      this.application.set(app);
      this.timeline.set(timeline);
      this.load.set({ kind: 'ready' });
      if (first && this.session.activeOrganisation()?.id !== app.orgId) void this.loadSchoolName(app.id);
    } catch (error: unknown) {
      if (first || !this.application()) {
        this.load.set({
          kind: 'error',
          message: describeRequestError(error),
        });
      }
    } finally {
      this.timelineLoading.set(false);
    }
  }

  /** Someone outside the school learns its name from the list they may see. */
  private async loadSchoolName(id: string): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.list({ context: quietContext() }));
      this.listedName.set(list.find((entry) => entry.id === id)?.organisationName ?? '');
    } catch {
      // The printed form then leaves the name blank; the timeline still names the school.
    }
  }
}
