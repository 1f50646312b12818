import type { CountDto, ProvinceDashboardDto } from '@dahe/shared/contracts';
import { COOPERATION_FORM_LABELS, countryName, isCode } from '@dahe/shared/form';
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { applicationStateKey } from '../applications/editor-view';
import { shanghaiWallClock } from '../calls/call-view';
import type { Lang } from '../i18n/lang';
import type { TranslationParams } from '../i18n/translate';
import type { TranslationKey } from '../i18n/zh-CN';
import { SCHOOL_TYPE_LABELS } from '../session/labels';

/** The ECharts options the dashboards build: only the charts and components the chart component registers. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | FunnelSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | MarkLineComponentOption
>;

export type Translate = (key: TranslationKey, params?: TranslationParams) => string;

/** A chart's numbers as a table: what is drawn, in words, copyable. */
export interface DashboardTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export type ProvinceChartId = 'funnel' | 'byGroup' | 'bySchoolType' | 'byCooperationForm' | 'byCountry' | 'perDay' | 'completeness' | 'review' | 'scores';

export interface DashboardChart {
  readonly id: ProvinceChartId;
  readonly title: string;
  /** What a screen reader hears instead of the canvas: the title and every drawn number. */
  readonly ariaLabel: string;
  readonly option: ChartOption;
  readonly table: DashboardTable;
  /** Nothing to draw (every count 0). */
  readonly empty: boolean;
  /** Pixels; ranked bars grow with their rows. */
  readonly height: number;
  /** Set when the chart shows fewer rows than the table. */
  readonly note?: string;
}

export interface ProvinceChartsInput {
  readonly t: Translate;
  readonly lang: Lang;
  /** The switchable bar: by supervising unit or by city. */
  readonly groupBy: 'supervisor' | 'city';
}

/** The workflow's order, which a funnel reads in: from the first draft to the decision. */
export const STATE_ORDER: readonly string[] = ['draft', 'awaiting_signature', 'signed', 'submitted', 'returned', 'formal_check_passed', 'expert_review', 'approved', 'rejected', 'withdrawn'];

/** States of applications still in the school's or the supervising unit's hands before receipt. */
export const IN_SIGNOFF_STATES: readonly string[] = ['awaiting_signature', 'signed'];

/** The brand's palette (the app's CSS variables), then distinct hues. */
export const CHART_COLORS = ['#0f3b7a', '#e3a92b', '#1d5fb8', '#52c41a', '#13c2c2', '#722ed1', '#eb2f96', '#fa8c16', '#8c8c8c', '#ff4d4f'];

export const CHART_FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

/** At most this many countries are drawn; the table lists them all. */
export const TOP_COUNTRIES = 15;

const SCORE_BINS = ['0-10', '10-20', '20-30', '30-40', '40-50', '50-60', '60-70', '70-80', '80-90', '90-100'];
const COMPLETENESS_KEYS = Array.from({ length: 11 }, (_, i) => String(i));
/** A day series longer than this is not filled with empty days (the deadline mark is then left out). */
const MAX_FILLED_DAYS = 400;

const sum = (items: readonly CountDto[]) => items.reduce((total, item) => total + item.count, 0);

/** Pure: a share as a percentage with one decimal, `—` of nothing. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—';
}

/** Pure: the table as tab-separated text (header first), for the clipboard and for pasting into a spreadsheet. */
export function tableTsv(table: DashboardTable): string {
  const cell = (value: string | number) => String(value).replace(/[\t\r\n]+/g, ' ');
  return [table.columns, ...table.rows].map((row) => row.map(cell).join('\t')).join('\n');
}

/** Pure: the headline numbers of the cards. */
export function headline(dto: ProvinceDashboardDto): { received: number; drafts: number; inSignoff: number; total: number } {
  return {
    received: sum(dto.bySupervisor),
    drafts: sum(dto.draftCompleteness),
    inSignoff: sum(dto.byState.filter((item) => IN_SIGNOFF_STATES.includes(item.key))),
    total: sum(dto.byState),
  };
}

/** Pure: a state's place in the workflow's order, unknown states last. */
export function stateRank(state: string): number {
  const at = STATE_ORDER.indexOf(state);
  return at < 0 ? STATE_ORDER.length : at;
}

/** Pure: counts in the workflow's order, unknown states last. */
export function byStateInOrder(items: readonly CountDto[]): CountDto[] {
  return [...items].sort((a, b) => stateRank(a.key) - stateRank(b.key));
}

/** Pure: every key of `keys` in order, with the count the API gave (0 where it gave none). */
export function fillKeys(items: readonly CountDto[], keys: readonly string[]): CountDto[] {
  const byKey = new Map(items.map((item) => [item.key, item]));
  return keys.map((key) => byKey.get(key) ?? { key, label: key, count: 0 });
}

/** Pure: ranked, the largest first; ties by label so the order is stable. */
export function ranked(items: readonly CountDto[]): CountDto[] {
  return [...items].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** A day, `YYYY-MM-DD`, plus `n` days. */
function addDays(day: string, n: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + n);
  return at.toISOString().slice(0, 10);
}

export interface DaySeries {
  readonly days: string[];
  readonly counts: number[];
  readonly cumulative: number[];
  /** The deadline's Beijing date when it lies on the axis. */
  readonly deadlineDay: string | null;
}

/**
 * Pure: the receipts per day on a continuous axis from the first receipt to the later of the last receipt
 * and the deadline's day (Beijing dates), empty days as 0 and the running total carried over them.
 */
export function daySeries(perDay: ProvinceDashboardDto['submissionsPerDay'], deadline: string): DaySeries {
  const deadlineDay = shanghaiWallClock(deadline, true)?.date ?? null;
  const sorted = [...perDay].sort((a, b) => a.day.localeCompare(b.day));
  const first = sorted[0]?.day ?? deadlineDay;
  if (!first) return { days: [], counts: [], cumulative: [], deadlineDay: null };
  const lastReceipt = sorted.at(-1)?.day ?? first;
  const last = deadlineDay && deadlineDay > lastReceipt ? deadlineDay : lastReceipt;
  const span = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000);
  if (span > MAX_FILLED_DAYS) {
    return { days: sorted.map((d) => d.day), counts: sorted.map((d) => d.count), cumulative: sorted.map((d) => d.cumulative), deadlineDay: deadlineDay && sorted.some((d) => d.day === deadlineDay) ? deadlineDay : null };
  }
  const byDay = new Map(sorted.map((d) => [d.day, d]));
  const days: string[] = [];
  const counts: number[] = [];
  const cumulative: number[] = [];
  let running = 0;
  for (let i = 0; i <= span; i++) {
    const day = addDays(first, i);
    const entry = byDay.get(day);
    running = entry ? entry.cumulative : running;
    days.push(day);
    counts.push(entry?.count ?? 0);
    cumulative.push(running);
  }
  return { days, counts, cumulative, deadlineDay: deadlineDay && days.includes(deadlineDay) ? deadlineDay : null };
}

function stateLabel(t: Translate, key: string): string {
  return t(applicationStateKey(key));
}

function schoolTypeLabel(t: Translate, item: CountDto): string {
  const key = (SCHOOL_TYPE_LABELS as Readonly<Record<string, TranslationKey>>)[item.key];
  return key ? t(key) : item.label || item.key;
}

function cooperationLabel(lang: Lang, item: CountDto): string {
  return isCode(item.key) ? COOPERATION_FORM_LABELS[item.key][lang] : item.label || item.key;
}

function countryLabel(t: Translate, lang: Lang, item: CountDto): string {
  if (!item.key) return t('dash.unknown');
  return /^[A-Z]{2}$/.test(item.key) ? countryName(item.key, lang) : item.label || item.key;
}

function aria(t: Translate, language: Lang, title: string, pairs: readonly (readonly [string, string | number])[]): string {
  const items = pairs.length ? pairs.map(([label, value]) => `${label} ${value}`).join(language === 'en' ? ', ' : '，') : t('dash.empty');
  return t('dash.ariaChart', { title, items });
}

const BASE = {
  color: CHART_COLORS,
  textStyle: { fontFamily: CHART_FONT },
  animationDuration: 300,
  animationDurationUpdate: 300,
} as const;

const AXIS_TOOLTIP: TooltipComponentOption = { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true };

/** A horizontal bar chart of labelled counts, the first at the top. */
function horizontalBars(labels: readonly string[], values: readonly number[], seriesName: string): ChartOption {
  return {
    ...BASE,
    tooltip: AXIS_TOOLTIP,
    grid: { left: 8, right: 48, top: 8, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: [...labels], axisLabel: { width: 180, overflow: 'truncate' }, axisTick: { show: false } },
    series: [{ type: 'bar', name: seriesName, data: [...values], barMaxWidth: 22, label: { show: true, position: 'right' } }],
  };
}

/** A vertical bar chart of labelled counts. */
function verticalBars(labels: readonly string[], values: readonly number[], seriesName: string, color?: string, axisName?: string): ChartOption {
  return {
    ...BASE,
    tooltip: AXIS_TOOLTIP,
    grid: { left: 8, right: 16, top: 24, bottom: 8 },
    xAxis: {
      type: 'category',
      data: [...labels],
      axisLabel: { interval: 0, hideOverlap: true },
      axisTick: { alignWithLabel: true },
      ...(axisName ? { name: axisName, nameLocation: 'middle' as const, nameGap: 28 } : {}),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: seriesName, data: [...values], barMaxWidth: 40, label: { show: true, position: 'top' }, ...(color ? { itemStyle: { color } } : {}) }],
  };
}

const barsHeight = (rows: number) => Math.max(160, 28 * rows + 40);

/** Pure: every chart of the province's dashboard, each with its table, in the page's order. */
export function provinceCharts(dto: ProvinceDashboardDto, input: ProvinceChartsInput): DashboardChart[] {
  const { t, lang: language } = input;
  const colon = language === 'en' ? ': ' : '：';
  const charts: DashboardChart[] = [];

  // 1. Funnel of states, drafts included, in the workflow's order (not sorted by size: the order is the story).
  {
    const title = t('dash.chart.funnel');
    const states = byStateInOrder(dto.byState);
    const total = sum(states);
    // States nobody is in are left out of the drawing (a zero-width band is only a stray label); the table keeps them.
    const data = states.filter((item) => item.count > 0).map((item) => ({ name: stateLabel(t, item.key), value: item.count }));
    charts.push({
      id: 'funnel',
      title,
      ariaLabel: aria(t, language, title, data.map((d) => [d.name, d.value])),
      empty: total === 0,
      height: Math.max(240, 34 * data.length),
      table: { columns: [t('dash.col.state'), t('dash.col.count'), t('dash.col.share')], rows: states.map((item) => [stateLabel(t, item.key), item.count, percent(item.count, total)]) },
      option: {
        ...BASE,
        tooltip: { trigger: 'item', formatter: `{b}${colon}{c}`, confine: true },
        series: [
          {
            type: 'funnel',
            name: title,
            sort: 'none',
            left: '4%',
            width: '60%',
            top: 8,
            bottom: 8,
            minSize: '6%',
            gap: 2,
            label: { show: true, position: 'right', formatter: '{b}  {c}', color: 'rgba(0,0,0,0.88)' },
            labelLine: { show: true, length: 12 },
            data,
          },
        ],
      },
    });
  }

  // 2. By supervising unit or by city (submitted and later).
  {
    const bySupervisor = input.groupBy === 'supervisor';
    const title = t(bySupervisor ? 'dash.chart.bySupervisor' : 'dash.chart.byCity');
    const items = ranked(bySupervisor ? dto.bySupervisor : dto.byCity).map((item) => ({ ...item, label: item.label || item.key || t('dash.unknown') }));
    const total = sum(items);
    charts.push({
      id: 'byGroup',
      title,
      ariaLabel: aria(t, language, title, items.map((item) => [item.label, item.count])),
      empty: total === 0,
      height: barsHeight(items.length),
      table: {
        columns: [t(bySupervisor ? 'dash.col.supervisor' : 'dash.col.city'), t('dash.col.count'), t('dash.col.share')],
        rows: items.map((item) => [item.label, item.count, percent(item.count, total)]),
      },
      option: horizontalBars(
        items.map((item) => item.label),
        items.map((item) => item.count),
        t('dash.series.count'),
      ),
    });
  }

  // 3. By school type: two slices.
  {
    const title = t('dash.chart.bySchoolType');
    const items = dto.bySchoolType.map((item) => ({ name: schoolTypeLabel(t, item), value: item.count }));
    const total = items.reduce((n, item) => n + item.value, 0);
    charts.push({
      id: 'bySchoolType',
      title,
      ariaLabel: aria(t, language, title, items.map((d) => [d.name, d.value])),
      empty: total === 0,
      height: 240,
      table: { columns: [t('dash.col.schoolType'), t('dash.col.count'), t('dash.col.share')], rows: items.map((d) => [d.name, d.value, percent(d.value, total)]) },
      option: {
        ...BASE,
        tooltip: { trigger: 'item', formatter: language === 'en' ? '{b}: {c} ({d}%)' : '{b}：{c}（{d}%）', confine: true },
        legend: { bottom: 0, icon: 'circle' },
        series: [{ type: 'pie', name: title, radius: ['38%', '66%'], center: ['50%', '45%'], label: { formatter: '{b}\n{c}' }, data: items }],
      },
    });
  }

  // 4. By 合作形式 (an application may choose several).
  {
    const title = t('dash.chart.byCooperationForm');
    const items = ranked(dto.byCooperationForm).map((item) => ({ label: cooperationLabel(language, item), count: item.count }));
    const total = items.reduce((n, item) => n + item.count, 0);
    charts.push({
      id: 'byCooperationForm',
      title,
      ariaLabel: aria(t, language, title, items.map((d) => [d.label, d.count])),
      empty: total === 0,
      height: barsHeight(Math.max(items.length, 6)),
      table: { columns: [t('dash.col.cooperationForm'), t('dash.col.count')], rows: items.map((d) => [d.label, d.count]) },
      option: horizontalBars(
        items.map((d) => d.label),
        items.map((d) => d.count),
        t('dash.series.count'),
      ),
    });
  }

  // 5. By country, ranked; the chart shows the top countries, the table all of them.
  {
    const title = t('dash.chart.byCountry');
    const items = ranked(dto.byCountry).map((item) => ({ label: countryLabel(t, language, item), count: item.count }));
    const drawn = items.slice(0, TOP_COUNTRIES);
    const total = items.reduce((n, item) => n + item.count, 0);
    charts.push({
      id: 'byCountry',
      title,
      ariaLabel: aria(t, language, title, drawn.map((d) => [d.label, d.count])),
      empty: total === 0,
      height: barsHeight(drawn.length),
      note: items.length > drawn.length ? t('dash.more', { count: drawn.length }) : undefined,
      table: { columns: [t('dash.col.rank'), t('dash.col.country'), t('dash.col.count'), t('dash.col.share')], rows: items.map((d, i) => [i + 1, d.label, d.count, percent(d.count, total)]) },
      option: horizontalBars(
        drawn.map((d) => d.label),
        drawn.map((d) => d.count),
        t('dash.series.count'),
      ),
    });
  }

  // 6. Receipts per day, the running total on the right axis, the deadline marked.
  {
    const title = t('dash.chart.perDay');
    const series = daySeries(dto.submissionsPerDay, dto.deadline);
    const total = dto.submissionsPerDay.reduce((n, d) => n + d.count, 0);
    const markLine: MarkLineComponentOption | undefined = series.deadlineDay
      ? {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#ff4d4f', type: 'dashed', width: 2 },
          label: { formatter: t('dash.deadlineMark', { day: series.deadlineDay.slice(5) }), position: 'insideEndTop', color: '#cf1322' },
          data: [{ xAxis: series.deadlineDay }],
        }
      : undefined;
    charts.push({
      id: 'perDay',
      title,
      ariaLabel: aria(
        t,
        language,
        title,
        dto.submissionsPerDay.map((d) => [d.day, `${d.count} / ${d.cumulative}`]),
      ),
      empty: total === 0,
      height: 300,
      table: {
        columns: [t('dash.col.day'), t('dash.col.perDay'), t('dash.col.cumulative')],
        rows: [...dto.submissionsPerDay].sort((a, b) => a.day.localeCompare(b.day)).map((d) => [d.day, d.count, d.cumulative]),
      },
      option: {
        ...BASE,
        tooltip: { trigger: 'axis', confine: true },
        legend: { top: 0 },
        grid: { left: 8, right: 8, top: 36, bottom: 8 },
        xAxis: { type: 'category', data: series.days, axisLabel: { formatter: (value: string) => value.slice(5), hideOverlap: true } },
        yAxis: [
          { type: 'value', minInterval: 1, name: t('dash.series.perDay'), nameTextStyle: { align: 'left' } },
          { type: 'value', minInterval: 1, name: t('dash.series.cumulative'), nameTextStyle: { align: 'right' }, splitLine: { show: false } },
        ],
        series: [
          { type: 'bar', name: t('dash.series.perDay'), data: series.counts, barMaxWidth: 18, ...(markLine ? { markLine } : {}) },
          { type: 'line', name: t('dash.series.cumulative'), yAxisIndex: 1, data: series.cumulative, showSymbol: false, smooth: false, lineStyle: { width: 2 } },
        ],
      },
    });
  }

  // 7. Open drafts by how many of the ten sections are filled.
  {
    const title = t('dash.chart.completeness');
    const items = fillKeys(dto.draftCompleteness, COMPLETENESS_KEYS);
    const labels = items.map((item) => item.key);
    const total = sum(items);
    charts.push({
      id: 'completeness',
      title,
      ariaLabel: aria(t, language, title, items.map((item) => [t('dash.sections', { count: item.key }), item.count])),
      empty: total === 0,
      height: 260,
      table: { columns: [t('dash.col.sectionsFilled'), t('dash.col.drafts'), t('dash.col.share')], rows: items.map((item) => [Number(item.key), item.count, percent(item.count, total)]) },
      option: verticalBars(labels, items.map((item) => item.count), t('dash.col.drafts'), CHART_COLORS[2], t('dash.col.sectionsFilled')),
    });
  }

  // 8. Review progress: score sheets submitted of those assigned; applications every expert has scored.
  {
    const title = t('dash.chart.review');
    const r = dto.review;
    const categories = [t('dash.review.scoreSheets'), t('dash.review.applications')];
    charts.push({
      id: 'review',
      title,
      ariaLabel: aria(t, language, title, [
        [t('dash.review.assignments'), r.assignments],
        [t('dash.review.submitted'), r.submitted],
        [t('dash.review.applicationsTotal'), r.applications],
        [t('dash.review.fullyScored'), r.fullyScored],
      ]),
      empty: r.assignments === 0 && r.applications === 0,
      height: 220,
      table: {
        columns: [t('dash.col.item'), t('dash.col.total'), t('dash.col.done'), t('dash.col.rate')],
        rows: [
          [t('dash.review.scoreSheets'), r.assignments, r.submitted, percent(r.submitted, r.assignments)],
          [t('dash.review.applications'), r.applications, r.fullyScored, percent(r.fullyScored, r.applications)],
        ],
      },
      option: {
        ...BASE,
        tooltip: AXIS_TOOLTIP,
        legend: { top: 0 },
        grid: { left: 8, right: 48, top: 32, bottom: 8 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: categories, axisTick: { show: false } },
        series: [
          { type: 'bar', name: t('dash.series.total'), data: [r.assignments, r.applications], barMaxWidth: 18, itemStyle: { color: '#bfbfbf' }, label: { show: true, position: 'right' } },
          { type: 'bar', name: t('dash.series.done'), data: [r.submitted, r.fullyScored], barMaxWidth: 18, itemStyle: { color: CHART_COLORS[3] }, label: { show: true, position: 'right' } },
        ],
      },
    });
  }

  // 9. Submitted expert totals in bins of 10 points.
  {
    const title = t('dash.chart.scores');
    const items = fillKeys(dto.scoreDistribution, SCORE_BINS);
    const total = sum(items);
    charts.push({
      id: 'scores',
      title,
      ariaLabel: aria(t, language, title, items.map((item) => [item.key, item.count])),
      empty: total === 0,
      height: 260,
      table: { columns: [t('dash.col.scoreBin'), t('dash.col.scoreCount'), t('dash.col.share')], rows: items.map((item) => [item.key, item.count, percent(item.count, total)]) },
      option: verticalBars(
        items.map((item) => item.key),
        items.map((item) => item.count),
        t('dash.col.scoreCount'),
        CHART_COLORS[1],
      ),
    });
  }

  return charts;
}
