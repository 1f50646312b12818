import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  HOME_URL,
  I18nService,
  type SessionNotice,
  type LoginFailure,
  type LoginStep,
  SessionService,
  type TranslationKey,
  TranslatePipe,
  describeLoginError,
  safeReturnUrl,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { SystemStatus } from './system-status';

/** A six-digit code (spaces allowed, as apps group it) or a recovery code; the server decides. */
function secondFactorCode(control: AbstractControl<string>): ValidationErrors | null {
  const code = control.value.replace(/\s/g, '');
  return code === '' || (code.length >= 6 && code.length <= 20) ? null : { code: true };
}

const NOTICES: Readonly<Record<SessionNotice, { type: 'warning' | 'success'; title: TranslationKey; detail: TranslationKey }>> = {
  expired: { type: 'warning', title: 'notice.sessionExpired', detail: 'notice.sessionExpired.detail' },
  signedOut: { type: 'success', title: 'notice.signedOut', detail: 'notice.signedOut.detail' },
  passwordChanged: { type: 'success', title: 'notice.passwordChanged', detail: 'notice.passwordChanged.detail' },
};

/**
 * Sign-in: username (or e-mail) and password, then a second-factor code when the API asks for one
 * (`totp_required`). Errors are explained in place; success goes on to `returnUrl` or the workspace.
 */
@Component({
  selector: 'dahe-login-page',
  imports: [
    ReactiveFormsModule,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    TranslatePipe,
    SystemStatus,
  ],
  templateUrl: './login-page.html',
  styleUrl: './login-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly injector = inject(Injector);

  private readonly passwordInput = viewChild<ElementRef<HTMLInputElement>>('passwordInput');
  private readonly totpInput = viewChild<ElementRef<HTMLInputElement>>('totpInput');

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
    totp: ['', secondFactorCode],
  });

  protected readonly step = signal<LoginStep>('credentials');
  protected readonly submitting = signal(false);
  private readonly failure = signal<LoginFailure | null>(null);
  /** A sign-in the API accepted but whose session could not be loaded. */
  private readonly noSession = signal(false);

  protected readonly error = computed(() => {
    if (this.noSession()) return { key: 'login.error.noSession' as const, params: undefined };
    const failure = this.failure();
    return failure ? describeLoginError(failure, this.i18n.lang()).message : undefined;
  });
  protected readonly notice = computed(() => {
    const notice = this.session.notice();
    return notice ? NOTICES[notice] : undefined;
  });

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const { username, password, totp } = this.form.controls;
    const needed = this.step() === 'totp' ? [username, password, totp] : [username, password];
    if (this.step() === 'totp') totp.addValidators(Validators.required);
    else totp.removeValidators(Validators.required);
    totp.updateValueAndValidity();
    const invalid = needed.filter((control) => control.invalid);
    if (invalid.length > 0) {
      for (const control of invalid) {
        control.markAsDirty();
        control.updateValueAndValidity();
      }
      return;
    }

    this.submitting.set(true);
    this.failure.set(null);
    this.noSession.set(false);
    try {
      const me = await this.session.login({
        username: username.value.trim(),
        password: password.value,
        ...(this.step() === 'totp' ? { totp: totp.value.replace(/\s/g, '') } : {}),
      });
      if (!me) {
        this.noSession.set(true);
        return;
      }
      await this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')) ?? HOME_URL);
    } catch (error: unknown) {
      const failure: LoginFailure =
        error instanceof HttpErrorResponse
          ? { status: error.status, body: error.error, requestId: error.headers?.get(REQUEST_ID_HEADER) }
          : { status: 0, body: null };
      this.failure.set(failure);
      const view = describeLoginError(failure, this.i18n.lang());
      if (view.step) this.step.set(view.step);
      if (view.retry) this.retry(view.retry);
    } finally {
      this.submitting.set(false);
    }
  }

  /** From the code step back to username and password (another account, or a typo in the name). */
  protected back(): void {
    this.step.set('credentials');
    this.failure.set(null);
    this.form.controls.totp.reset('');
    this.retry('password');
  }

  private retry(field: 'password' | 'totp'): void {
    const control = this.form.controls[field];
    control.reset('');
    afterNextRender(() => (field === 'password' ? this.passwordInput() : this.totpInput())?.nativeElement.focus(), {
      injector: this.injector,
    });
  }
}
