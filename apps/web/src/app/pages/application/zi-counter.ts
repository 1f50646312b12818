import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@dahe/web/core';
import { countZi } from '@dahe/shared/form';

/**
 * The live 字 count of one limited field, counted as the server counts it (the shared `countZi`).
 * Past the limit it turns red; the text is still saved, only flagged.
 */
@Component({
  selector: 'dahe-zi-counter',
  imports: [TranslatePipe],
  template: `<span
    class="zi-counter"
    [class.is-over]="over()"
    [attr.data-testid]="testId()"
    [attr.data-count]="count()"
    [attr.data-over]="over()"
    aria-live="polite"
    >{{ (over() ? 'editor.zi.over' : 'editor.zi.count') | t: { count: count(), limit: limit(), excess: count() - limit() } }}</span
  >`,
  styles: `
    .zi-counter {
      color: var(--dahe-text-secondary);
      font-size: 12px;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .zi-counter.is-over {
      color: #cf1322;
      font-weight: 600;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ZiCounter {
  readonly text = input<string>('');
  readonly limit = input.required<number>();
  readonly testId = input<string>('zi-counter');
  protected readonly count = computed(() => countZi(this.text() ?? ''));
  protected readonly over = computed(() => this.count() > this.limit());
}
