import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, type ElementRef, Injector, afterNextRender, computed, inject, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ErrorCode, REQUEST_ID_HEADER } from '@dahe/shared/contracts';
import {
  HOME_URL,
  I18nService,
  SecurityApiService,
  SessionService,
  type Translatable,
  TranslatePipe,
  describeHttpError,
  formatShanghai,
  groupSecret,
  isApiErrorBody,
  isTotpCode,
  normaliseTotpCode,
  quietContext,
  recoveryCodesFileName,
  recoveryCodesText,
  svgDataUrl,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzStepsModule } from 'ng-zorro-antd/steps';
import { firstValueFrom } from 'rxjs';
import { CopyButton } from '../../shared/copy-button';

type Phase =
  | { readonly kind: 'intro' }
  | { readonly kind: 'setup'; readonly secret: string; readonly qr?: string }
  | { readonly kind: 'codes'; readonly codes: readonly string[]; readonly issuedAt: Date };

function describeTotpError(error: unknown): Translatable {
  if (!(error instanceof HttpErrorResponse)) return { key: 'error.invalidResponse' };
  const code = isApiErrorBody(error.error) ? error.error.code : undefined;
  if (code === ErrorCode.totpInvalid) return { key: 'totp.error.invalid' };
  if (code === ErrorCode.conflict) return { key: 'totp.error.conflict' };
  return describeHttpError(error.status, error.error, error.headers?.get(REQUEST_ID_HEADER));
}

/**
 * Two-factor enrolment: a fresh secret as a QR code (the server's SVG, shown as a `data:` image, so
 * nothing of it can run) and as text, a first code to prove the app works, then ten recovery codes,
 * shown once, to copy or download. People who must enrol are sent here until they have.
 */
@Component({
  selector: 'dahe-two-factor-page',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzCheckboxModule, NzIconModule, NzInputModule, NzResultModule, NzStepsModule, TranslatePipe, CopyButton],
  templateUrl: './two-factor-page.html',
  styleUrl: './two-factor-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TwoFactorPage {
  private readonly api = inject(SecurityApiService);
  protected readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeInput');

  protected readonly phase = signal<Phase>({ kind: 'intro' });
  protected readonly code = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<Translatable | null>(null);
  protected readonly saved = signal(false);
  /** Set once the code was checked with the current value, to show "6 digits" only after a try. */
  protected readonly tried = signal(false);

  /** What the page shows: the codes just issued win over "already enabled". */
  protected readonly view = computed(() => {
    const phase = this.phase();
    if (phase.kind === 'codes') return 'codes';
    if (this.session.me()?.user.totpEnabled) return 'enabled';
    return phase.kind;
  });
  protected readonly mustEnrol = computed(() => this.session.me()?.mustEnrolTotp ?? false);
  protected readonly step = computed(() => ({ intro: 0, setup: 1, codes: 2, enabled: 2 })[this.view()]);
  protected readonly codeValid = computed(() => isTotpCode(this.code()));
  protected readonly setup = computed(() => {
    const phase = this.phase();
    return phase.kind === 'setup' ? { ...phase, grouped: groupSecret(phase.secret) } : null;
  });
  protected readonly codes = computed(() => {
    const phase = this.phase();
    return phase.kind === 'codes' ? phase.codes : [];
  });
  protected readonly codesText = computed(() => {
    const phase = this.phase();
    if (phase.kind !== 'codes') return '';
    const username = this.session.me()?.user.username ?? '';
    return recoveryCodesText({
      product: this.i18n.t('app.title'),
      title: this.i18n.t('totp.file.title'),
      account: this.i18n.t('totp.file.account', { username }),
      issuedAt: this.i18n.t('totp.file.issued', { time: formatShanghai(phase.issuedAt, this.i18n.lang()) }),
      notes: [this.i18n.t('totp.file.note1'), this.i18n.t('totp.file.note2'), this.i18n.t('totp.file.note3')],
      codes: phase.codes,
    });
  });

  protected async start(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const setup = await firstValueFrom(this.api.setupTotp({ context: quietContext() }));
      this.phase.set({ kind: 'setup', secret: setup.secret, qr: svgDataUrl(setup.qrSvg) });
      this.code.set('');
      this.tried.set(false);
      afterNextRender(() => this.codeInput()?.nativeElement.focus(), { injector: this.injector });
    } catch (error: unknown) {
      this.error.set(describeTotpError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async enable(): Promise<void> {
    if (this.busy()) return;
    this.tried.set(true);
    if (!this.codeValid()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { recoveryCodes } = await firstValueFrom(this.api.enableTotp(normaliseTotpCode(this.code()), { context: quietContext() }));
      this.phase.set({ kind: 'codes', codes: recoveryCodes, issuedAt: new Date() });
      // The session now has a second factor: no more redirects here, the navigation comes back.
      await this.session.loadMe();
    } catch (error: unknown) {
      this.error.set(describeTotpError(error));
      this.code.set('');
    } finally {
      this.busy.set(false);
    }
  }

  protected download(): void {
    const blob = new Blob([this.codesText()], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = recoveryCodesFileName(this.session.me()?.user.username ?? '');
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  protected async finish(): Promise<void> {
    await this.router.navigateByUrl(HOME_URL);
  }
}
