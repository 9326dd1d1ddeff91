/**
 * The reporting figures of a division's children as grouped bars (ECharts, tree-shaken core).
 * The chart repeats the table beside it, so it is hidden from screen readers, which read the table.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useI18n } from '../../i18n/i18n.tsx';
import { tokens } from '../../ui/theme.ts';
import type { Rates } from './api.ts';
import { chartRows, SERIES } from './drill.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = {
  expected: '#64748b',
  reported: tokens.colorPrimary,
  approved: tokens.colorSuccess,
  onTime: '#0e7490',
  late: tokens.colorWarning,
} as const;

export function RatesChart({ areas }: { areas: Rates['children'] }) {
  const { t } = useI18n();
  const rows = chartRows(areas);
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 60, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.names,
      axisLabel: { interval: 0, rotate: rows.names.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: SERIES.map((s) => ({
      name: t(`monitoring.fig.${s}`),
      type: 'bar',
      data: rows.series[s],
      itemStyle: { color: COLORS[s] },
    })),
  };
  return (
    <figure style={{ margin: 0 }}>
      <div aria-hidden="true">
        <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320, width: '100%' }} />
      </div>
      <figcaption className="sr-only">{t('monitoring.chart.caption')}</figcaption>
    </figure>
  );
}
