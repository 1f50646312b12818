import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { type InvitationPreviewDto, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  type AcceptErrorView,
  HOME_URL,
  type HintState,
  I18nService,
  type InvitationStateView,
  LOGIN_URL,
  OrganisationsApiService,
  ROLE_DESCRIPTIONS,
  SessionService,
  type Translatable,
  TranslatePipe,
  USERNAME_PATTERN,
  acceptPasswordHints,
  describeAcceptError,
  describeHttpError,
  formatShanghai,
  invitationStateView,
  meetsPolicy,
  quietContext,
  roleLabel,
  suggestUsername,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { firstValueFrom } from 'rxjs';

const HINT_ICONS: Readonly<Record<HintState, string>> = { met: 'check-circle', unmet: 'close-circle', pending: 'minus-circle' };

type PageState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly preview: InvitationPreviewDto }
  | { readonly kind: 'closed'; readonly state: InvitationStateView; readonly preview?: InvitationPreviewDto }
  | { readonly kind: 'error'; readonly message: Translatable };

/**
 * `/invite/:token`: what the invitation is for (organisation, role, expiry), then an account for it:
 * username, name and password with the shared password checklist. A link that can no longer be used
 * says why. Accepting signs in and opens the workspace.
 */
@Component({
  selector: 'dahe-invite-page',
  imports: [ReactiveFormsModule, RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzFormModule, NzIconModule, NzInputModule, NzResultModule, NzSpinModule, TranslatePipe],
  templateUrl: './invite-page.html',
  styleUrl: './invite-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitePage {
  private readonly api = inject(OrganisationsApiService);
  protected readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly messages = inject(NzMessageService);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly token = inject(ActivatedRoute).snapshot.paramMap.get('token') ?? '';

  protected readonly loginUrl = LOGIN_URL;
  protected readonly roleDescriptions = ROLE_DESCRIPTIONS;
  protected readonly state = signal<PageState>({ kind: 'loading' });

  protected readonly form = this.fb.group({
    username: ['', [Validators.required, Validators.pattern(USERNAME_PATTERN)]],
    displayName: ['', [Validators.required, Validators.maxLength(100)]],
    password: ['', [Validators.required, (control: AbstractControl<string>) => this.policyError(control)]],
    confirm: ['', [Validators.required, (control: AbstractControl<string>) => this.confirmError(control)]],
  });
  private readonly values = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });

  protected readonly preview = computed(() => {
    const state = this.state();
    return state.kind === 'ready' || state.kind === 'closed' ? state.preview : undefined;
  });
  protected readonly role = computed(() => {
    const preview = this.preview();
    const label = preview ? roleLabel(preview.role) : undefined;
    return preview ? { code: preview.role, label, description: label ? ROLE_DESCRIPTIONS[preview.role] : undefined } : undefined;
  });
  protected readonly expires = computed(() => {
    const preview = this.preview();
    return preview ? formatShanghai(preview.expiresAt, this.i18n.lang()) : '';
  });
  protected readonly hints = computed(() => {
    const { password = '', username = '', displayName = '' } = this.values();
    return acceptPasswordHints({ password, username, displayName }).map((hint) => ({
      ...hint,
      icon: HINT_ICONS[hint.state],
      stateLabel: `password.rule.state.${hint.state}` as const,
    }));
  });
  protected readonly usernameErrorKey = computed(() => (this.values().username ? ('invite.username.invalid' as const) : ('invite.username.required' as const)));
  protected readonly passwordErrorKey = computed(() => (this.values().password ? ('invite.password.invalid' as const) : ('invite.password.required' as const)));
  protected readonly confirmErrorKey = computed(() => (this.values().confirm ? ('invite.confirm.mismatch' as const) : ('invite.confirm.required' as const)));

  protected readonly submitting = signal(false);
  protected readonly error = signal<Extract<AcceptErrorView, { kind: 'form' }> | null>(null);

  constructor() {
    // The checks of the password depend on the name fields, and the confirmation on the password.
    for (const name of ['username', 'displayName'] as const) {
      this.form.controls[name].valueChanges.subscribe(() => {
        if (this.form.controls.password.value) this.form.controls.password.updateValueAndValidity({ emitEvent: false });
      });
    }
    this.form.controls.password.valueChanges.subscribe(() => {
      if (this.form.controls.confirm.value) this.form.controls.confirm.updateValueAndValidity({ emitEvent: false });
    });
    void this.load();
    // Someone signed in already is told that accepting switches to the new account.
    void this.session.ensureLoaded();
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      for (const control of Object.values(this.form.controls)) {
        control.markAsDirty();
        control.updateValueAndValidity();
      }
      return;
    }
    const { username, displayName, password } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    try {
      const me = await this.session.acceptInvitation(this.token, { username: username.trim().toLowerCase(), displayName: displayName.trim(), password });
      this.messages.success(this.i18n.t('invite.success', { org: this.preview()?.organisationName ?? '' }));
      await this.router.navigateByUrl(me ? HOME_URL : LOGIN_URL);
    } catch (error: unknown) {
      const view =
        error instanceof HttpErrorResponse
          ? describeAcceptError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
          : describeAcceptError(0, null);
      if (view.kind === 'state') {
        this.state.set({ kind: 'closed', state: view.state, preview: this.preview() });
      } else {
        this.error.set(view);
        if (view.field === 'password') {
          this.form.controls.password.reset('');
          this.form.controls.confirm.reset('');
        }
      }
    } finally {
      this.submitting.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      const preview = await firstValueFrom(this.api.previewInvitation(this.token, { context: quietContext() }));
      if (preview.status === 'pending') {
        this.state.set({ kind: 'ready', preview });
        this.form.patchValue({ displayName: preview.displayName ?? '', username: suggestUsername(preview.email) });
      } else {
        this.state.set({ kind: 'closed', state: invitationStateView(preview.status), preview });
      }
    } catch (error: unknown) {
      if (error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400)) {
        this.state.set({ kind: 'closed', state: invitationStateView('unknown') });
      } else {
        const message =
          error instanceof HttpErrorResponse
            ? describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
            : { key: 'error.invalidResponse' as const };
        this.state.set({ kind: 'error', message });
      }
    }
  }

  protected retry(): void {
    this.state.set({ kind: 'loading' });
    void this.load();
  }

  private policyError(control: AbstractControl<string>): ValidationErrors | null {
    if (!control.value || !this.form) return null;
    const hints = acceptPasswordHints({
      password: control.value,
      username: this.form.controls.username.value,
      displayName: this.form.controls.displayName.value,
    });
    return meetsPolicy(hints) ? null : { policy: true };
  }

  private confirmError(control: AbstractControl<string>): ValidationErrors | null {
    if (!control.value || !this.form) return null;
    return control.value === this.form.controls.password.value ? null : { mismatch: true };
  }
}
