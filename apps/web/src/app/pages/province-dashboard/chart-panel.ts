import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { type DashboardChart, TranslatePipe, tableTsv } from '@dahe/web/core';
import { CopyButton } from '../../shared/copy-button';
import { EChart } from '../../shared/echart';

/**
 * One chart of the dashboard with its numbers in a table beside it (the same numbers, as text one can
 * select), and a button putting the table on the clipboard as tab-separated values for a spreadsheet.
 * Extra controls (the supervising unit / city switch) come in through `<ng-content>`.
 */
@Component({
  selector: 'dahe-chart-panel',
  imports: [EChart, CopyButton, TranslatePipe],
  template: `
    @let c = chart();
    <section class="panel" [attr.data-chart]="c.id" [attr.aria-labelledby]="'chart-title-' + c.id">
      <header class="panel-head">
        <h2 class="panel-title" [id]="'chart-title-' + c.id">{{ c.title }}</h2>
        <div class="panel-tools">
          <ng-content />
          <dahe-copy-button [text]="tsv()" size="small" label="dash.copyTsv" [testId]="'copy-' + c.id" [ariaLabel]="'dash.copyTsvAria' | t: { title: c.title }" />
        </div>
      </header>
      <div class="panel-body">
        <div class="panel-chart">
          @if (c.empty) {
            <div class="chart-empty chart-image" [style.height.px]="160" role="img" [attr.aria-label]="c.ariaLabel">{{ 'dash.empty' | t }}</div>
          } @else {
            <dahe-echart [option]="c.option" [ariaLabel]="c.ariaLabel" [height]="c.height" [attr.data-testid]="'chart-' + c.id" />
          }
          @if (c.note) {
            <p class="panel-note">{{ c.note }}</p>
          }
        </div>
        <div class="panel-table table-scroll">
          <table class="data-table compact" [attr.data-testid]="'table-' + c.id">
            <caption class="visually-hidden">{{ 'dash.tableCaption' | t: { title: c.title } }}</caption>
            <thead>
              <tr>
                @for (column of c.table.columns; track $index) {
                  <th scope="col" [class.num]="$index > 0">{{ column }}</th>
                }
              </tr>
            </thead>
            <tbody>
              @for (row of c.table.rows; track $index) {
                <tr>
                  @for (cell of row; track $index) {
                    @if ($first) {
                      <th scope="row">{{ cell }}</th>
                    } @else {
                      <td class="num">{{ cell }}</td>
                    }
                  }
                </tr>
              } @empty {
                <tr>
                  <td class="table-empty" [attr.colspan]="c.table.columns.length">{{ 'dash.empty' | t }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </div>
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    .panel {
      padding: 16px 20px 20px;
      border: 1px solid var(--dahe-border);
      border-radius: 8px;
      background: #fff;
    }
    .panel-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px 16px;
      margin-bottom: 12px;
    }
    .panel-title {
      margin: 0;
      font-size: 16px;
      font-weight: 600;
    }
    .panel-tools {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .panel-body {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 20px;
      align-items: start;
    }
    .panel-table {
      max-height: 420px;
      overflow-y: auto;
      border: 1px solid #f0f0f0;
      border-radius: 6px;
    }
    .compact th,
    .compact td {
      padding: 6px 10px;
      font-size: 13px;
    }
    .compact tbody th {
      font-weight: 400;
    }
    .compact .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .compact thead th {
      position: sticky;
      top: 0;
    }
    .chart-empty {
      display: flex;
      align-items: center;
      justify-content: center;
      border-radius: 6px;
      background: #fafafa;
      color: var(--dahe-text-secondary);
    }
    .panel-note {
      margin: 6px 0 0;
      color: var(--dahe-text-secondary);
      font-size: 12px;
    }
    @media (max-width: 900px) {
      .panel-body {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChartPanel {
  readonly chart = input.required<DashboardChart>();
  protected readonly tsv = computed(() => tableTsv(this.chart().table));
}
