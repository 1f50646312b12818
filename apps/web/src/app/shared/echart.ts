import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, effect, inject, input, viewChild } from '@angular/core';
import type { ChartOption } from '@dahe/web/core';
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the dashboards draw, so the lazy chunk stays small (the full `echarts` bundle is ~1 MB).
use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, MarkLineComponent, CanvasRenderer]);

/**
 * One ECharts canvas. The canvas says nothing to a screen reader, so the host is an image with the
 * chart's numbers in words (`ariaLabel`); the page puts the same numbers in a table beside it.
 * Created after the first render (it measures its box), re-drawn when `option` changes, resized with
 * its box, disposed with the component.
 */
@Component({
  selector: 'dahe-echart',
  template: `<div #canvas class="canvas" [style.height.px]="height()"></div>`,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .canvas {
      width: 100%;
    }
  `,
  host: { class: 'chart-image', role: 'img', '[attr.aria-label]': 'ariaLabel()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EChart {
  readonly option = input.required<ChartOption>();
  readonly ariaLabel = input.required<string>();
  readonly height = input(280);

  private readonly canvas = viewChild.required<ElementRef<HTMLDivElement>>('canvas');
  private chart: ECharts | null = null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const element = this.canvas().nativeElement;
      this.chart = init(element, undefined, { renderer: 'canvas' });
      this.chart.setOption(this.option(), { notMerge: true });
      const observer = new ResizeObserver(() => this.chart?.resize());
      observer.observe(element);
      destroyRef.onDestroy(() => {
        observer.disconnect();
        this.chart?.dispose();
        this.chart = null;
      });
    });
    effect(() => {
      const option = this.option();
      // `notMerge`: a switched chart (supervising unit ↔ city) must not keep the other's categories.
      this.chart?.setOption(option, { notMerge: true });
    });
    effect(() => {
      this.height();
      queueMicrotask(() => this.chart?.resize());
    });
  }
}
