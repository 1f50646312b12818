import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { type SchoolHomeDto } from '@dahe/shared/contracts';
import { DashboardApiService, I18nService, type Translatable, TranslatePipe, quietContext, schoolHomeView, describeRequestError } from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzProgressModule } from 'ng-zorro-antd/progress';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { firstValueFrom } from 'rxjs';

type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: Translatable };

/**
 * A school's workspace: its applications per call with their state, deadline, how far each section is and
 * who is assigned to it, whom the application waits for, and the province's decision once published.
 */
@Component({
  selector: 'dahe-school-home',
  imports: [RouterLink, NzAlertModule, NzButtonModule, NzIconModule, NzProgressModule, NzSpinModule, NzTagModule, TranslatePipe],
  templateUrl: './school-home.html',
  styleUrl: './school-home.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SchoolHome {
  private readonly api = inject(DashboardApiService);
  private readonly i18n = inject(I18nService);

  protected readonly load = signal<LoadState>({ kind: 'loading' });
  private readonly data = signal<SchoolHomeDto | null>(null);
  protected readonly applications = computed(() => {
    const dto = this.data();
    return dto ? schoolHomeView(dto, this.i18n.lang(), (key, params) => this.i18n.t(key, params)) : [];
  });

  constructor() {
    void this.refresh();
  }

  protected async refresh(): Promise<void> {
    this.load.set({ kind: 'loading' });
    try {
      this.data.set(await firstValueFrom(this.api.schoolHome({ context: quietContext() })));
      this.load.set({ kind: 'ready' });
    } catch (error: unknown) {
      this.load.set({
        kind: 'error',
        message: describeRequestError(error),
      });
    }
  }
}
