import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18nService, SessionService, TranslatePipe, formatShanghai, toWorkspaceView } from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDescriptionsModule } from 'ng-zorro-antd/descriptions';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { SchoolHome } from './school-home';
import { SupervisorDashboard } from './supervisor-dashboard';

/**
 * The signed-in person's landing page: organisation, roles, what they may do, account and session; above
 * them, a supervising unit's dashboard (what waits for its approval) or a school's applications.
 */
@Component({
  selector: 'dahe-workspace-page',
  imports: [RouterLink, NzAlertModule, NzButtonModule, NzCardModule, NzDescriptionsModule, NzIconModule, NzTagModule, SchoolHome, SupervisorDashboard, TranslatePipe],
  templateUrl: './workspace-page.html',
  styleUrl: './workspace-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspacePage {
  private readonly session = inject(SessionService);
  private readonly i18n = inject(I18nService);

  protected readonly view = computed(() => {
    const me = this.session.me();
    return me ? toWorkspaceView(me, this.session.ability()) : null;
  });
  protected readonly sessionExpires = computed(() => {
    const view = this.view();
    return view ? formatShanghai(view.sessionExpiresAt, this.i18n.lang()) : '';
  });
}
