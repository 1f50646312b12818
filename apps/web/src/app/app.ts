import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';
import { I18nService, LANGUAGE_NAMES, SessionService, TranslatePipe } from '@dahe/web/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { SessionControls } from './shell/session-controls';

/** The shell: header (product name, organisation and account when signed in, language switch), routed main area, footer. */
@Component({
  selector: 'dahe-root',
  imports: [RouterOutlet, RouterLink, NzButtonModule, NzIconModule, TranslatePipe, SessionControls],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly i18n = inject(I18nService);
  protected readonly session = inject(SessionService);
  protected readonly languageNames = LANGUAGE_NAMES;
}
