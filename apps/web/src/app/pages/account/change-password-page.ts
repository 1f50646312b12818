import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  type HintState,
  I18nService,
  LOGIN_URL,
  type PasswordChangeErrorView,
  SessionService,
  TranslatePipe,
  describePasswordChangeError,
  meetsPolicy,
  passwordHints,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';

const HINT_ICONS: Readonly<Record<HintState, string>> = { met: 'check-circle', unmet: 'close-circle', pending: 'minus-circle' };

/**
 * Change password: the policy as a live checklist beside the form (the same rules the API applies),
 * the server's verdict in place, and on success a notice and a fresh sign-in (all sessions end).
 */
@Component({
  selector: 'dahe-change-password-page',
  imports: [ReactiveFormsModule, RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzFormModule, NzIconModule, NzInputModule, TranslatePipe],
  templateUrl: './change-password-page.html',
  styleUrl: './change-password-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordPage {
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly messages = inject(NzMessageService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly form = this.fb.group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, (control: AbstractControl<string>) => this.policyError(control)]],
    confirmPassword: ['', [Validators.required, (control: AbstractControl<string>) => this.confirmError(control)]],
  });

  private readonly values = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });

  protected readonly hints = computed(() => {
    const me = this.session.me();
    const { newPassword = '', currentPassword = '' } = this.values();
    return passwordHints({ password: newPassword, currentPassword, username: me?.user.username, displayName: me?.user.displayName }).map(
      (hint) => ({ ...hint, icon: HINT_ICONS[hint.state], stateLabel: `password.rule.state.${hint.state}` as const }),
    );
  });

  protected readonly submitting = signal(false);
  protected readonly error = signal<PasswordChangeErrorView | null>(null);
  protected readonly confirmErrorKey = computed(() =>
    this.values().confirmPassword ? ('password.confirm.mismatch' as const) : ('password.confirm.required' as const),
  );
  protected readonly newErrorKey = computed(() =>
    this.values().newPassword ? ('password.new.invalid' as const) : ('password.new.required' as const),
  );

  constructor() {
    // The checks of the new and the confirmation depend on the other fields.
    this.form.controls.currentPassword.valueChanges.subscribe(() => this.form.controls.newPassword.updateValueAndValidity({ emitEvent: false }));
    this.form.controls.newPassword.valueChanges.subscribe(() => {
      const confirm = this.form.controls.confirmPassword;
      if (confirm.value) confirm.updateValueAndValidity({ emitEvent: false });
    });
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
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    try {
      await this.session.changePassword({ currentPassword, newPassword });
      this.messages.success(this.i18n.t('password.success'));
      await this.router.navigateByUrl(LOGIN_URL);
    } catch (error: unknown) {
      const view =
        error instanceof HttpErrorResponse
          ? describePasswordChangeError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER))
          : describePasswordChangeError(0, null);
      this.error.set(view);
      if (view.field === 'currentPassword') this.form.controls.currentPassword.reset('');
    } finally {
      this.submitting.set(false);
    }
  }

  private policyError(control: AbstractControl<string>): ValidationErrors | null {
    if (!control.value || !this.form) return null;
    const me = this.session.me();
    const hints = passwordHints({
      password: control.value,
      currentPassword: this.form.controls.currentPassword.value,
      username: me?.user.username,
      displayName: me?.user.displayName,
    }).filter((hint) => hint.state !== 'pending');
    return meetsPolicy(hints) ? null : { policy: true };
  }

  private confirmError(control: AbstractControl<string>): ValidationErrors | null {
    if (!control.value || !this.form) return null;
    return control.value === this.form.controls.newPassword.value ? null : { mismatch: true };
  }
}
