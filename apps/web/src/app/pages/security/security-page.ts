import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { subject } from '@dahe/shared/authz';
import {
  I18nService,
  type LockedAccountDto,
  SecurityApiService,
  SessionService,
  type Translatable,
  TranslatePipe,
  formatShanghai,
  quietContext,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule, NzModalService } from 'ng-zorro-antd/modal';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { firstValueFrom } from 'rxjs';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly accounts: LockedAccountDto[] } | { readonly kind: 'error'; readonly message: Translatable };

function describe(error: unknown): Translatable {
  return describeRequestError(error);
}

/** The security admin's desk: accounts locked after failed sign-ins, each with "unlock". */
@Component({
  selector: 'dahe-security-page',
  imports: [RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzIconModule, NzModalModule, NzSpinModule, TranslatePipe],
  templateUrl: './security-page.html',
  styleUrl: './security-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPage {
  private readonly api = inject(SecurityApiService);
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);
  private readonly modal = inject(NzModalService);

  protected readonly state = signal<LoadState>({ kind: 'loading' });
  protected readonly unlocking = signal<ReadonlySet<string>>(new Set());
  protected readonly allowed = computed(() => this.session.can('unlock', subject('User', { id: '\u0000someone-else' })));
  protected readonly rows = computed(() => {
    const state = this.state();
    const lang = this.i18n.lang();
    return state.kind === 'ready' ? state.accounts.map((account) => ({ account, until: formatShanghai(account.lockedUntil, lang) })) : [];
  });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.state.set({ kind: 'loading' });
    try {
      this.state.set({ kind: 'ready', accounts: await firstValueFrom(this.api.lockedAccounts({ context: quietContext() })) });
    } catch (error: unknown) {
      this.state.set({ kind: 'error', message: describe(error) });
    }
  }

  protected confirmUnlock(account: LockedAccountDto): void {
    const name = account.displayName || account.username;
    this.modal.confirm({
      nzTitle: this.i18n.t('security.unlock.title'),
      nzContent: this.i18n.t('security.unlock.confirm', { name, username: account.username }),
      nzOkText: this.i18n.t('security.unlock'),
      nzCancelText: this.i18n.t('common.cancel'),
      nzOnOk: () => this.unlock(account, name),
    });
  }

  private async unlock(account: LockedAccountDto, name: string): Promise<void> {
    this.unlocking.update((ids) => new Set([...ids, account.userId]));
    try {
      await firstValueFrom(this.api.unlock(account.userId));
      this.messages.success(this.i18n.t('security.unlocked', { name }));
      this.state.update((state) =>
        state.kind === 'ready' ? { kind: 'ready', accounts: state.accounts.filter((a) => a.userId !== account.userId) } : state,
      );
    } catch {
      // The interceptor has said why; the list may be stale.
      await this.load();
    } finally {
      this.unlocking.update((ids) => new Set([...ids].filter((id) => id !== account.userId)));
    }
  }
}
