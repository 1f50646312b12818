import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';
import { I18nService, LANGUAGE_NAMES, TranslatePipe } from '@dahe/web/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';

/** The shell: header (product name, language switch), routed main area, footer. */
@Component({
  selector: 'dahe-root',
  imports: [RouterOutlet, RouterLink, NzButtonModule, NzIconModule, TranslatePipe],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly i18n = inject(I18nService);
  protected readonly languageNames = LANGUAGE_NAMES;
}
