/**
 * The decomposition as one ECharts figure of three grids on a shared time axis: the original
 * series with its trend and the seasonally adjusted series above, the seasonal component and the
 * remainder (bars around zero) below. The table under it carries the same figures, so the chart
 * is hidden from screen readers and described by a caption.
 */
import { BarChart, LineChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { tokens } from '../../ui/theme.ts';
import type { DecompositionRows } from './parse.ts';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  AxisPointerComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

const COLORS = {
  original: '#64748b',
  trend: tokens.colorPrimary,
  adjusted: '#c2410c',
  seasonal: '#0e7490',
  remainder: '#7c3aed',
} as const;

export function StlChart({
  rows,
  decimals,
  phone,
}: {
  rows: DecompositionRows;
  decimals: number;
  phone: boolean;
}) {
  const { t, locale } = useI18n();
  const fmt = (v: unknown) => (typeof v === 'number' ? formatNumber(v, locale, decimals) : '—');
  // Heights in pixels: the main panel, then the two component panels.
  const main = phone ? 220 : 300;
  const small = phone ? 110 : 130;
  const gap = 44;
  const top = 40;
  const height = top + main + gap + small + gap + small + 36;
  const grids = [
    { left: 8, right: 16, top, height: main, containLabel: true },
    { left: 8, right: 16, top: top + main + gap, height: small, containLabel: true },
    { left: 8, right: 16, top: top + main + gap + small + gap, height: small, containLabel: true },
  ];
  const xAxis = grids.map((_, i) => ({
    type: 'category' as const,
    gridIndex: i,
    data: rows.labels,
    boundaryGap: i === 2,
    axisLabel: { show: i === 2 },
    axisTick: { show: i === 2 },
  }));
  const yAxis = grids.map((_, i) => ({
    type: 'value' as const,
    gridIndex: i,
    scale: i === 0,
    splitNumber: i === 0 ? 5 : 2,
  }));
  const line = (key: keyof typeof COLORS, data: (number | null)[], grid: number, width = 2) => ({
    name: t(`analysis.col.${key}`),
    type: 'line' as const,
    xAxisIndex: grid,
    yAxisIndex: grid,
    data,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { width, color: COLORS[key] },
    itemStyle: { color: COLORS[key] },
  });
  const option = {
    animation: false,
    title: [
      {
        text: t('analysis.col.seasonal'),
        top: top + main + gap - 22,
        left: 8,
        textStyle: { fontSize: 13, fontWeight: 'normal' },
      },
      {
        text: t('analysis.col.remainder'),
        top: top + main + gap + small + gap - 22,
        left: 8,
        textStyle: { fontSize: 13, fontWeight: 'normal' },
      },
    ],
    legend: {
      top: 0,
      data: [t('analysis.col.original'), t('analysis.col.trend'), t('analysis.col.adjusted')],
    },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    dataZoom: [{ type: 'inside', xAxisIndex: [0, 1, 2] }],
    grid: grids,
    xAxis,
    yAxis,
    series: [
      line('original', rows.original, 0, 1.5),
      line('trend', rows.trend, 0, 2.5),
      line('adjusted', rows.adjusted, 0, 1.5),
      line('seasonal', rows.seasonal, 1),
      {
        name: t('analysis.col.remainder'),
        type: 'bar' as const,
        xAxisIndex: 2,
        yAxisIndex: 2,
        data: rows.remainder,
        itemStyle: { color: COLORS.remainder },
      },
    ],
  };
  return (
    <figure style={{ margin: 0 }}>
      <div aria-hidden="true">
        <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
      </div>
      <figcaption className="sr-only">{t('analysis.chart.caption')}</figcaption>
    </figure>
  );
}
