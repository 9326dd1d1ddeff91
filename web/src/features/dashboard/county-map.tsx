/**
 * Ningbo's ten county-level divisions coloured by one aggregate (a choropleth, ECharts `map`
 * series over the hand-made GeoJSON in data/geo, bundled so no route serves it), with a visual
 * legend, and under it the same figures as a table — the accessible alternative: the canvas is
 * hidden from screen readers, and each county in the table has a button to show its series, so
 * the keyboard does what a click on the map does.
 */

import { Button, Typography } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import ningbo from '../../../../data/geo/ningbo-counties.json';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { tokens } from '../../ui/theme.ts';
import type { Table } from '../aggregation/api.ts';
import { formatDecimal, formatGrowth } from '../aggregation/summary-table.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);
const MAP = 'ningbo-counties';
echarts.registerMap(MAP, ningbo as unknown as Parameters<typeof echarts.registerMap>[1]);

type Feature = { properties: { code: string; nameZh: string; nameEn: string } };
/** The divisions the map draws, in the order of the division list. */
export const COUNTIES = (ningbo.features as Feature[]).map((f) => f.properties);

/** Light to dark blue: a sequential scale readable in any colour vision, from the theme's primary. */
const RAMP = ['#dbeafe', '#93c5fd', '#3b82f6', tokens.colorPrimary, '#1e3a8a'];

export function CountyMap({
  table,
  selected,
  onSelect,
  caption,
}: {
  table: Table;
  selected: string | undefined;
  onSelect: (code: string) => void;
  caption: string;
}) {
  const { t, locale } = useI18n();
  const name = (c: (typeof COUNTIES)[number]) => (locale === 'en-US' ? c.nameEn : c.nameZh);
  const rowOf = new Map(table.rows.map((r, i) => [r.code, table.cells[i]?.[0]]));
  const data = COUNTIES.map((c) => {
    const cell = rowOf.get(c.code);
    const v = cell?.status === 'published' && cell.value !== null ? Number(cell.value) : null;
    return { name: c.code, value: v, label: name(c), selected: c.code === selected };
  });
  const values = data.map((d) => d.value).filter((v): v is number => v !== null);
  const max = values.length ? Math.max(...values) : 1;
  const min = values.length ? Math.min(...values) : 0;
  const decimals = Math.min(...table.cells.flat().map((c) => c.value?.split('.')[1]?.length ?? 0), 2);
  const option = {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { label: string; value: number | null } }) =>
        p.data
          ? `${p.data.label}<br/>${p.data.value === null ? t('dash.map.noData') : formatNumber(p.data.value, locale, decimals)}`
          : '',
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max === min ? min + 1 : max,
      left: 8,
      bottom: 8,
      text: [t('dash.map.legend.high'), t('dash.map.legend.low')],
      calculable: false,
      inRange: { color: RAMP },
      formatter: (v: number) => formatNumber(v, locale, 0),
    },
    series: [
      {
        type: 'map',
        map: MAP,
        roam: false,
        selectedMode: 'single',
        aspectScale: 0.86,
        label: {
          show: true,
          fontSize: 11,
          color: '#111827',
          formatter: (p: { data?: { label: string } }) => p.data?.label ?? '',
        },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1, areaColor: '#e5e7eb' },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#fbbf24' } },
        select: { label: { show: true }, itemStyle: { areaColor: '#f59e0b', borderColor: '#111827' } },
        data,
      },
    ],
  };

  return (
    <figure style={{ margin: 0 }}>
      <div aria-hidden="true" id="county-map">
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge
          style={{ height: 420, width: '100%' }}
          onEvents={{ click: (p: { name?: string }) => p.name && onSelect(p.name) }}
        />
      </div>
      <figcaption>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {caption} {t('dash.map.note')}
        </Typography.Text>
      </figcaption>
      <ScrollRegion label={t('dash.map.table')}>
        <table id="county-table" className="form-grid" style={{ fontSize: 13, marginTop: 8 }}>
          <caption className="sr-only">{t('dash.map.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dash.map.county')}</th>
              <th scope="col">{t('dash.map.value')}</th>
              <th scope="col">{t('dash.map.growth')}</th>
              <th scope="col">{t('dash.map.units')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {COUNTIES.map((c) => {
              const cell = rowOf.get(c.code);
              const shown =
                cell?.status === 'primary' || cell?.status === 'secondary'
                  ? '×'
                  : formatDecimal(cell?.value ?? null, locale);
              return (
                <tr key={c.code} aria-current={c.code === selected ? 'true' : undefined}>
                  <th scope="row">{name(c)}</th>
                  <td style={{ textAlign: 'right' }}>{shown}</td>
                  <td style={{ textAlign: 'right' }}>{formatGrowth(cell?.growth ?? null, locale)}</td>
                  <td style={{ textAlign: 'right' }}>
                    {cell?.units === null || cell?.units === undefined
                      ? '—'
                      : formatNumber(cell.units, locale)}
                  </td>
                  <td>
                    <Button
                      size="small"
                      type={c.code === selected ? 'primary' : 'default'}
                      aria-pressed={c.code === selected}
                      aria-label={t('dash.map.select.label', { county: name(c) })}
                      onClick={() => onSelect(c.code)}
                    >
                      {t('dash.map.select')}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </figure>
  );
}
