/**
 * One aggregate cell over every period (GET /api/aggregation/forms/:id/series): the original,
 * the STL seasonally adjusted series and the trend on one chart, growth on the same period last
 * year on another (statdb's SeriesChart draws both), and the figures in a table.
 */
import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading } from '../../ui/ui.tsx';
import { aggregationApi, type Items } from '../aggregation/api.ts';
import { useLabel } from '../aggregation/selection.tsx';
import { formatDecimal, formatGrowth } from '../aggregation/summary-table.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { SeriesChart } from '../statdb/series-chart.tsx';

export function SeriesCard({
  formId,
  item,
  cut,
  cell,
}: {
  formId: string;
  item: Items['items'][number];
  cut: string;
  cell: string | undefined;
}) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const q = { item: item.code, cut, cell };
  const series = useQuery({
    queryKey: ['aggregation', 'series', formId, q],
    queryFn: () => aggregationApi.series(formId, q),
    refetchOnWindowFocus: true,
  });
  if (series.error) return <ErrorAlert error={series.error} onRetry={() => series.refetch()} />;
  if (!series.data) return <Loading />;
  const pts = series.data.points;
  const periods = pts.map((p) => p.period);
  const map = (f: (p: (typeof pts)[number]) => number | null) => new Map(pts.map((p) => [p.period, f(p)]));
  const decimals = Math.min(Math.max(0, ...pts.map((p) => p.value?.split('.')[1]?.length ?? 0)), 2);
  const name = label(item.name);
  const unit = item.unit ? label(item.unit) : '—';
  const lines = [
    {
      name: t('dash.series.value'),
      values: map((p) => (p.value === null ? null : Number(p.value))),
    },
    ...(pts.some((p) => p.seasonallyAdjusted !== null)
      ? [
          { name: t('dash.series.adjusted'), values: map((p) => p.seasonallyAdjusted), emphasis: true },
          { name: t('dash.series.trend'), values: map((p) => p.trend), dashed: true },
        ]
      : []),
  ];
  return (
    <div id="series-card">
      <SeriesChart
        periods={periods}
        lines={lines}
        decimals={decimals}
        caption={t('dash.series.caption', { item: name, unit })}
      />
      {series.data.seasonalNote ? (
        <Typography.Paragraph type="secondary">
          {t('dash.series.noSeasonal', { why: series.data.seasonalNote })}
        </Typography.Paragraph>
      ) : null}
      <SeriesChart
        periods={periods}
        lines={[
          {
            name: t('dash.series.growth'),
            values: map((p) => (p.growth === null ? null : Number(p.growth))),
          },
        ]}
        decimals={1}
        caption={t('dash.series.growthCaption', { item: name })}
      />
      <details style={{ marginTop: 8 }}>
        <summary>{t('dash.series.table')}</summary>
        <ScrollRegion label={t('dash.series.table')}>
          <table id="series-table" className="form-grid" style={{ fontSize: 13, marginTop: 8 }}>
            <caption className="sr-only">{t('dash.series.caption', { item: name, unit })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dash.series.period')}</th>
                <th scope="col">{t('dash.series.value')}</th>
                <th scope="col">{t('dash.series.adjusted')}</th>
                <th scope="col">{t('dash.series.trend')}</th>
                <th scope="col">{t('dash.series.growth')}</th>
              </tr>
            </thead>
            <tbody>
              {[...pts].reverse().map((p) => (
                <tr key={p.period}>
                  <th scope="row">{p.period}</th>
                  <td style={{ textAlign: 'right' }}>{formatDecimal(p.value, locale)}</td>
                  <td style={{ textAlign: 'right' }}>
                    {formatNumber(p.seasonallyAdjusted, locale, decimals)}
                  </td>
                  <td style={{ textAlign: 'right' }}>{formatNumber(p.trend, locale, decimals)}</td>
                  <td style={{ textAlign: 'right' }}>{formatGrowth(p.growth, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </div>
  );
}
