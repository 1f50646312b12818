import { describe, expect, it } from '@jest/globals';
import type { ProvinceDashboardDto } from '@dahe/shared/contracts';
import type { Lang } from '../i18n/lang';
import { translate } from '../i18n/translate';
import type { TranslationKey } from '../i18n/zh-CN';
import { type DashboardChart, byStateInOrder, daySeries, fillKeys, headline, percent, provinceCharts, ranked, tableTsv } from './province-charts';

const t = (lang: Lang) => (key: TranslationKey, params?: Record<string, string | number>) => translate(lang, key, params);

function dto(): ProvinceDashboardDto {
  return {
    callId: 'c1',
    // 2024-08-16 24:00 Beijing
    deadline: '2024-08-16T16:00:00.000Z',
    generatedAt: '2024-08-10T02:00:00.000Z',
    byState: [
      { key: 'submitted', label: 'submitted', count: 5 },
      { key: 'draft', label: 'draft', count: 12 },
      { key: 'signed', label: 'signed', count: 2 },
      { key: 'awaiting_signature', label: 'awaiting_signature', count: 1 },
      { key: 'returned', label: 'returned', count: 1 },
    ],
    bySupervisor: [
      { key: 's-ly', label: '洛阳市教育局', count: 2 },
      { key: 's-zz', label: '郑州市教育局', count: 4 },
    ],
    byCity: [
      { key: '郑州市', label: '郑州市', count: 4 },
      { key: '洛阳市', label: '洛阳市', count: 2 },
    ],
    bySchoolType: [
      { key: 'higher_vocational', label: 'higher_vocational', count: 5 },
      { key: 'secondary_vocational', label: 'secondary_vocational', count: 1 },
    ],
    byCooperationForm: [
      { key: 'skills_training', label: 'skills_training', count: 3 },
      { key: 'degree', label: 'degree', count: 4 },
    ],
    byCountry: [
      { key: 'TH', label: 'TH', count: 1 },
      { key: 'KE', label: 'KE', count: 3 },
      ...Array.from({ length: 18 }, (_, i) => ({ key: `X${String.fromCharCode(65 + i)}`, label: `X${i}`, count: 0 })),
    ],
    submissionsPerDay: [
      { day: '2024-08-08', count: 2, cumulative: 2 },
      { day: '2024-08-10', count: 4, cumulative: 6 },
    ],
    draftCompleteness: [
      { key: '0', label: '0', count: 4 },
      { key: '7', label: '7', count: 8 },
      { key: '10', label: '10', count: 1 },
    ],
    review: { assignments: 9, submitted: 3, applications: 3, fullyScored: 1 },
    scoreDistribution: [
      { key: '80-90', label: '80-90', count: 2 },
      { key: '70-80', label: '70-80', count: 1 },
    ],
  };
}

const chart = (charts: DashboardChart[], id: DashboardChart['id']) => charts.find((c) => c.id === id)!;

describe('province dashboard figures', () => {
  it('headline: received is what the supervising units passed on, drafts the open ones, sign-off the two states in between', () => {
    expect(headline(dto())).toEqual({ received: 6, drafts: 13, inSignoff: 3, total: 21 });
  });

  it('orders states as the workflow, fills missing keys with 0 and ranks the largest first', () => {
    expect(byStateInOrder(dto().byState).map((s) => s.key)).toEqual(['draft', 'awaiting_signature', 'signed', 'submitted', 'returned']);
    expect(fillKeys([{ key: '2', label: '2', count: 5 }], ['1', '2', '3']).map((c) => c.count)).toEqual([0, 5, 0]);
    expect(ranked([{ key: 'b', label: 'b', count: 1 }, { key: 'a', label: 'a', count: 1 }, { key: 'c', label: 'c', count: 9 }]).map((c) => c.key)).toEqual(['c', 'a', 'b']);
    expect(percent(1, 3)).toBe('33.3%');
    expect(percent(0, 0)).toBe('—');
  });

  it('days run without gaps from the first receipt to the deadline (Beijing date), the running total carried', () => {
    const series = daySeries(dto().submissionsPerDay, dto().deadline);
    expect(series.days[0]).toBe('2024-08-08');
    expect(series.days.at(-1)).toBe('2024-08-16');
    expect(series.days).toHaveLength(9);
    expect(series.counts.slice(0, 4)).toEqual([2, 0, 4, 0]);
    expect(series.cumulative.slice(0, 4)).toEqual([2, 2, 6, 6]);
    expect(series.cumulative.at(-1)).toBe(6);
    expect(series.deadlineDay).toBe('2024-08-16');
    // A deadline before the first receipt (an extended school) is not on the axis.
    expect(daySeries(dto().submissionsPerDay, '2024-08-01T04:00:00Z').deadlineDay).toBeNull();
    // Nothing received yet: the deadline's day alone.
    expect(daySeries([], dto().deadline)).toEqual({ days: ['2024-08-16'], counts: [0], cumulative: [0], deadlineDay: '2024-08-16' });
  });

  it('every chart has a table whose numbers are the drawn ones, and an aria-label reading them', () => {
    const charts = provinceCharts(dto(), { t: t('zh-CN'), lang: 'zh-CN', groupBy: 'supervisor' });
    expect(charts.map((c) => c.id)).toEqual(['funnel', 'byGroup', 'bySchoolType', 'byCooperationForm', 'byCountry', 'perDay', 'completeness', 'review', 'scores']);

    const funnel = chart(charts, 'funnel');
    expect(funnel.table.rows[0]).toEqual(['草稿', 12, '57.1%']);
    const funnelData = (funnel.option.series as { data: { name: string; value: number }[] }[])[0]!.data;
    expect(funnelData.map((d) => d.value)).toEqual(funnel.table.rows.map((r) => r[1]).filter((n) => n !== 0));
    expect(funnel.ariaLabel).toBe('申报状态漏斗：草稿 12，待法定代表人签署 1，已签署 2，已报送 5，退回补正 1');

    const group = chart(charts, 'byGroup');
    expect(group.title).toBe('按主管单位（已报送）');
    expect(group.table.rows).toEqual([
      ['郑州市教育局', 4, '66.7%'],
      ['洛阳市教育局', 2, '33.3%'],
    ]);
    expect((group.option.yAxis as { data: string[] }).data).toEqual(['郑州市教育局', '洛阳市教育局']);

    expect(chart(charts, 'bySchoolType').table.rows.map((r) => r[0])).toEqual(['高职', '中职']);
    expect(chart(charts, 'byCooperationForm').table.rows).toEqual([
      ['学历培养', 4],
      ['技能培训', 3],
    ]);
  });

  it('countries carry their Chinese names, ranked; the chart draws the top 15 and says the table has the rest', () => {
    const country = chart(provinceCharts(dto(), { t: t('zh-CN'), lang: 'zh-CN', groupBy: 'supervisor' }), 'byCountry');
    expect(country.table.rows.slice(0, 2)).toEqual([
      [1, '肯尼亚', 3, '75.0%'],
      [2, '泰国', 1, '25.0%'],
    ]);
    expect(country.table.rows).toHaveLength(20);
    expect((country.option.yAxis as { data: string[] }).data).toHaveLength(15);
    expect(country.note).toBe('图中显示前 15 项，表中列出全部。');
  });

  it('switches the grouped bar to cities', () => {
    const group = chart(provinceCharts(dto(), { t: t('zh-CN'), lang: 'zh-CN', groupBy: 'city' }), 'byGroup');
    expect(group.title).toBe('按城市（已报送）');
    expect(group.table.columns[0]).toBe('城市');
    expect(group.table.rows.map((r) => r[0])).toEqual(['郑州市', '洛阳市']);
  });

  it('marks the deadline on the per-day chart and lists the receipt days in the table', () => {
    const perDay = chart(provinceCharts(dto(), { t: t('zh-CN'), lang: 'zh-CN', groupBy: 'supervisor' }), 'perDay');
    const [bars, line] = perDay.option.series as { type: string; data: number[]; markLine?: { data: { xAxis: string }[]; label: { formatter: string } } }[];
    expect(bars!.markLine?.data).toEqual([{ xAxis: '2024-08-16' }]);
    expect(bars!.markLine?.label.formatter).toBe('截止 08-16');
    expect(line!.type).toBe('line');
    expect(perDay.table.rows).toEqual([
      ['2024-08-08', 2, 2],
      ['2024-08-10', 4, 6],
    ]);
  });

  it('completeness and scores cover every bin; review shows done against total', () => {
    const charts = provinceCharts(dto(), { t: t('zh-CN'), lang: 'zh-CN', groupBy: 'supervisor' });
    const completeness = chart(charts, 'completeness');
    expect(completeness.table.rows).toHaveLength(11);
    expect(completeness.table.rows[7]).toEqual([7, 8, '61.5%']);
    expect((completeness.option.xAxis as { data: string[]; name: string }).data[7]).toBe('7');
    expect((completeness.option.xAxis as { name: string }).name).toBe('已填章节');
    expect(completeness.ariaLabel).toContain('7 节 8');
    const scores = chart(charts, 'scores');
    expect(scores.table.rows.map((r) => r[0])).toEqual(['0-10', '10-20', '20-30', '30-40', '40-50', '50-60', '60-70', '70-80', '80-90', '90-100']);
    expect(scores.table.rows[8]).toEqual(['80-90', 2, '66.7%']);
    expect(chart(charts, 'review').table.rows).toEqual([
      ['评分任务', 9, 3, '33.3%'],
      ['参评申报书', 3, 1, '33.3%'],
    ]);
  });

  it('speaks English with English country names, and an empty call is marked empty', () => {
    const empty: ProvinceDashboardDto = { ...dto(), byState: [], bySupervisor: [], byCity: [], byCountry: [{ key: 'KE', label: 'KE', count: 0 }], submissionsPerDay: [], draftCompleteness: [], scoreDistribution: [], review: { assignments: 0, submitted: 0, applications: 0, fullyScored: 0 } };
    const charts = provinceCharts(empty, { t: t('en'), lang: 'en', groupBy: 'supervisor' });
    expect(charts.filter((c) => !c.empty).map((c) => c.id)).toEqual(['bySchoolType', 'byCooperationForm']);
    expect(chart(charts, 'byCountry').table.rows[0]).toEqual([1, 'Kenya', 0, '—']);
    expect(chart(charts, 'funnel').ariaLabel).toBe('Applications by state: No data');
    for (const c of charts) expect(`${c.title} ${c.table.columns.join(' ')}`).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('copies a table as tab-separated text, tabs and line breaks inside a cell flattened', () => {
    expect(tableTsv({ columns: ['国家', '数量'], rows: [['肯尼亚', 3], ['a\tb\nc', 1]] })).toBe('国家\t数量\n肯尼亚\t3\na b c\t1');
  });
});
