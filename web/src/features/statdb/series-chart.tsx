/**
 * The selected series as one ECharts line figure, optionally with the seasonally adjusted series
 * and its trend. The table beside it carries the same figures, so the canvas is hidden from
 * screen readers and described by its caption.
 */
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { tokens } from '../../ui/theme.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export interface ChartLine {
  name: string;
  values: Map<string, number | null>;
  dashed?: boolean;
  emphasis?: boolean;
}

const PALETTE = [
  tokens.colorPrimary,
  '#c2410c',
  '#0e7490',
  '#7c3aed',
  '#15803d',
  '#b91c1c',
  '#a16207',
  '#334155',
];

export function SeriesChart({
  periods,
  lines,
  decimals,
  caption,
}: {
  periods: string[];
  lines: ChartLine[];
  decimals: number;
  caption: string;
}) {
  const { locale } = useI18n();
  const option = {
    animation: false,
    color: PALETTE,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v, locale, decimals) : '—'),
    },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series: lines.map((l) => ({
      type: 'line',
      name: l.name,
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: l.emphasis ? 2.5 : 1.5, type: l.dashed ? 'dashed' : 'solid' },
      data: periods.map((p) => l.values.get(p) ?? null),
    })),
  };
  return (
    <figure style={{ margin: 0 }}>
      <div aria-hidden>
        <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 340 }} />
      </div>
      <figcaption style={{ color: tokens.colorTextSecondary, fontSize: 13 }}>{caption}</figcaption>
    </figure>
  );
}
