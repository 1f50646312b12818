import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { I18nService, LANGUAGE_NAMES, SessionService, TranslatePipe, navItemsOf } from '@dahe/web/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { SessionControls } from './shell/session-controls';

/**
 * The shell: header (product name, organisation and account when signed in, language switch), the
 * navigation of what the person may use in the active organisation, routed main area, footer.
 */
@Component({
  selector: 'dahe-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, NzButtonModule, NzIconModule, TranslatePipe, SessionControls],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly i18n = inject(I18nService);
  protected readonly session = inject(SessionService);
  protected readonly languageNames = LANGUAGE_NAMES;
  /** Only the pages the ability offers; none while a second factor must be enrolled. */
  protected readonly navItems = computed(() => {
    const me = this.session.me();
    return me ? navItemsOf(this.session.ability(), { userId: me.user.id, orgId: me.activeOrganisation.id }, me.mustEnrolTotp) : [];
  });
}
