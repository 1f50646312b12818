import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  HealthApiService,
  type HttpErrorDescription,
  I18nService,
  TranslatePipe,
  formatShanghai,
  describeRequestError,
} from '@dahe/web/core';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDescriptionsModule } from 'ng-zorro-antd/descriptions';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { Subject, catchError, map, of, startWith, switchMap } from 'rxjs';
import { type HealthState, toHealthView } from './health-view';

function toErrorDescription(error: unknown): HttpErrorDescription {
  return describeRequestError(error);
}

/** System status card: `GET /api/health`, with loading, error (and retry) and result states. */
@Component({
  selector: 'dahe-system-status',
  imports: [NzAlertModule, NzButtonModule, NzCardModule, NzDescriptionsModule, NzIconModule, NzSpinModule, TranslatePipe],
  templateUrl: './system-status.html',
  styleUrl: './system-status.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SystemStatus {
  private readonly healthApi = inject(HealthApiService);
  private readonly i18n = inject(I18nService);
  private readonly reload$ = new Subject<void>();
  private readonly state = signal<HealthState>({ kind: 'loading' });

  protected readonly view = computed(() => toHealthView(this.state()));
  protected readonly serverTime = computed(() => {
    const view = this.view();
    return view.kind === 'ready' ? formatShanghai(view.time, this.i18n.lang()) : '';
  });

  constructor() {
    this.reload$
      .pipe(
        startWith(undefined),
        switchMap(() => {
          this.state.set({ kind: 'loading' });
          return this.healthApi.getHealth().pipe(
            map((health): HealthState => ({ kind: 'ready', health })),
            catchError((error: unknown) => of<HealthState>({ kind: 'error', error: toErrorDescription(error) })),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }

  protected reload(): void {
    this.reload$.next();
  }
}
