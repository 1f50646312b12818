import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe, countdown } from '@dahe/web/core';
import { NzIconModule } from 'ng-zorro-antd/icon';

/**
 * Days, hours and minutes to a deadline, from the page's clock (`now`, ticking on the minute):
 * the warning colour within three days, "已截止" from the deadline on.
 */
@Component({
  selector: 'dahe-call-countdown',
  imports: [NzIconModule, TranslatePipe],
  template: `
    @let c = view();
    @if (c.closed) {
      <span class="countdown is-closed" data-testid="call-countdown" data-state="closed">
        <nz-icon nzType="field-time" aria-hidden="true" />{{ 'calls.countdown.closed' | t }}
      </span>
    } @else {
      <span
        class="countdown"
        data-testid="call-countdown"
        role="timer"
        [class.is-urgent]="c.urgent"
        [class.is-large]="large()"
        [attr.data-state]="c.urgent ? 'urgent' : 'open'"
        [attr.aria-label]="'calls.countdown.aria' | t: { days: c.days, hours: c.hours, minutes: c.minutes }"
      >
        <nz-icon [nzType]="c.urgent ? 'warning' : 'field-time'" aria-hidden="true" />
        <span class="parts">
          <span class="num" data-testid="countdown-days">{{ c.days }}</span><span class="unit">{{ 'calls.countdown.days' | t }}</span>
          <span class="num" data-testid="countdown-hours">{{ c.hours }}</span><span class="unit">{{ 'calls.countdown.hours' | t }}</span>
          <span class="num" data-testid="countdown-minutes">{{ c.minutes }}</span><span class="unit">{{ 'calls.countdown.minutes' | t }}</span>
        </span>
        @if (c.urgent) {
          <span class="urgent-note">{{ 'calls.countdown.urgent' | t }}</span>
        }
      </span>
    }
  `,
  styles: `
    .countdown {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 2px;
      color: var(--dahe-brand);
    }
    .parts {
      white-space: nowrap;
    }
    .countdown nz-icon {
      margin-right: 4px;
    }
    .num {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .unit {
      margin: 0 6px 0 2px;
      color: var(--dahe-text-secondary);
      font-size: 12px;
    }
    .is-large .num {
      min-width: 1.2em;
      font-size: 26px;
      line-height: 1.2;
      text-align: right;
    }
    .is-large .unit {
      margin-right: 10px;
      font-size: 14px;
    }
    .is-urgent,
    .is-urgent .unit {
      color: #d46b08;
    }
    .urgent-note {
      margin-left: 4px;
      padding: 0 6px;
      border-radius: 4px;
      background: #fff7e6;
      color: #d46b08;
      font-size: 12px;
    }
    .is-closed {
      color: var(--dahe-text-secondary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallCountdown {
  /** The deadline, an ISO 8601 instant. */
  readonly deadline = input.required<string>();
  /** The page's clock, ms since the epoch. */
  readonly now = input.required<number>();
  readonly large = input(false);

  protected readonly view = computed(() => countdown(this.deadline(), this.now()));
}
