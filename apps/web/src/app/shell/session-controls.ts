import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MembershipSummary } from '@dahe/shared/contracts';
import { I18nService, ORG_KIND_LABELS, SessionService, TranslatePipe } from '@dahe/web/core';
import { NzAvatarModule } from 'ng-zorro-antd/avatar';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDropdownModule } from 'ng-zorro-antd/dropdown';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMenuModule } from 'ng-zorro-antd/menu';
import { NzMessageService } from 'ng-zorro-antd/message';

/** The header's signed-in part: the active organisation (a switcher when there are several) and the person's menu. */
@Component({
  selector: 'dahe-session-controls',
  imports: [RouterLink, NzAvatarModule, NzButtonModule, NzDropdownModule, NzIconModule, NzMenuModule, TranslatePipe],
  templateUrl: './session-controls.html',
  styleUrl: './session-controls.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionControls {
  protected readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);
  private readonly messages = inject(NzMessageService);

  protected readonly orgKindLabels = ORG_KIND_LABELS;
  protected readonly switching = signal(false);
  protected readonly signingOut = signal(false);
  /** The first character of the name, for the avatar (a full name is shown beside it). */
  protected readonly initial = computed(() => {
    const me = this.session.me();
    return [...(me?.user.displayName || me?.user.username || '?')][0]?.toUpperCase() ?? '?';
  });

  protected async switchTo(membership: MembershipSummary): Promise<void> {
    const active = this.session.activeOrganisation();
    if (this.switching() || membership.organisation.id === active?.id) return;
    this.switching.set(true);
    try {
      if (await this.session.switchOrganisation(membership.organisation.id)) {
        this.messages.success(this.i18n.t('shell.orgSwitched', { name: membership.organisation.name }));
      }
    } finally {
      this.switching.set(false);
    }
  }

  protected async logout(): Promise<void> {
    if (this.signingOut()) return;
    this.signingOut.set(true);
    try {
      await this.session.logout();
    } finally {
      this.signingOut.set(false);
    }
  }
}
