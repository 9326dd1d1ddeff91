/**
 * The composite index (综合指数) as a line over the five light bands (ECharts, tree-shaken core).
 * The chart repeats the board's composite row, so it is hidden from screen readers, which read
 * the table.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Board } from './api.ts';
import { LIGHT_COLOURS } from './signal-light.tsx';

echarts.use([LineChart, GridComponent, MarkAreaComponent, TooltipComponent, CanvasRenderer]);

/** The national range of the composite: ten indicators scored 1…5. */
const RANGE = [10, 50] as const;

export function CompositeChart({ board }: { board: Board }) {
  const { t } = useI18n();
  const b = board.system.compositeBoundaries.map(Number);
  const edges = [RANGE[0], ...b, RANGE[1]];
  const bands = (['overcold', 'cold', 'normal', 'warm', 'overheated'] as const).map((light, i) => [
    {
      yAxis: edges[i],
      name: t(`warning.light.${light}`),
      itemStyle: { color: LIGHT_COLOURS[light], opacity: 0.14 },
      label: { position: 'insideRight' as const, color: '#374151' },
    },
    { yAxis: edges[i + 1] },
  ]);
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 56, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: board.periods },
    yAxis: { type: 'value', min: RANGE[0], max: RANGE[1], interval: 10 },
    series: [
      {
        name: t('warning.composite'),
        type: 'line',
        data: board.composite.map((c) => (c.index === null ? null : Number(c.index))),
        connectNulls: false,
        lineStyle: { color: '#111827', width: 2 },
        itemStyle: { color: '#111827' },
        markArea: { silent: true, data: bands },
      },
    ],
  };
  return (
    <figure style={{ margin: 0 }}>
      <div aria-hidden="true">
        <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300, width: '100%' }} />
      </div>
      <figcaption className="sr-only">{t('warning.composite.caption')}</figcaption>
    </figure>
  );
}
