/**
 * A few headline series of the statistical database (综合数据库) for the city: the latest value
 * with its 同比 and 累计 growth as statdb computes them, each linking to the series in statdb.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { Link } from 'react-router-dom';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Loading } from '../../ui/ui.tsx';
import { statdbApi } from '../statdb/api.ts';

/** The headline indicators, in the order a bulletin prints them (codes of statdb's demo). */
const HEADLINES = ['gdp', 'ind_output', 'retail_sales', 'fai', 'exports', 'cpi'];

export function Headlines() {
  const { t, locale } = useI18n();
  const indicators = useQuery({ queryKey: ['statdb', 'indicators'], queryFn: statdbApi.indicators });
  const chosen = HEADLINES.flatMap((code) => {
    const ind = indicators.data?.items.find((i) => i.code === code && i.lastPeriod);
    return ind ? [ind] : [];
  });
  const latest = useQueries({
    queries: chosen.map((ind) => ({
      queryKey: ['statdb', 'observations', { indicator: ind.code, from: ind.lastPeriod, to: ind.lastPeriod }],
      queryFn: () =>
        statdbApi.observations({ indicator: ind.code, from: ind.lastPeriod!, to: ind.lastPeriod! }),
    })),
  });
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);
  const pct = (v: string | null | undefined) => (v == null ? '—' : formatNumber(Number(v), locale, 1));
  return (
    <Card
      title={<h2 className="card-title">{t('dash.headlines')}</h2>}
      style={{ marginBottom: 16, height: 'calc(100% - 16px)' }}
    >
      <ErrorAlert error={indicators.error} onRetry={() => indicators.refetch()} />
      {indicators.isPending ? <Loading /> : null}
      {indicators.data && !chosen.length ? <EmptyState title={t('dash.headlines.none')} /> : null}
      {chosen.length ? (
        <table id="headlines" className="form-grid" style={{ fontSize: 13 }}>
          <caption className="sr-only">{t('dash.headlines.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dash.headlines.indicator')}</th>
              <th scope="col">{t('dash.headlines.period')}</th>
              <th scope="col">{t('dash.headlines.value')}</th>
              <th scope="col">{t('dash.headlines.yoy')}</th>
              <th scope="col">{t('dash.headlines.ytdYoy')}</th>
            </tr>
          </thead>
          <tbody>
            {chosen.map((ind, i) => {
              const point = latest[i]?.data?.series[0]?.points.at(-1);
              return (
                <tr key={ind.code}>
                  <th scope="row">
                    <Link
                      to={`/statdb?indicator=${encodeURIComponent(ind.code)}`}
                      aria-label={t('dash.headlines.open', { indicator: name(ind.name) })}
                    >
                      {name(ind.name)}
                    </Link>
                    <div style={{ fontSize: 12 }}>{name(ind.unit)}</div>
                  </th>
                  <td>{ind.lastPeriod}</td>
                  <td style={{ textAlign: 'right' }}>
                    {point?.value == null ? '—' : formatNumber(Number(point.value), locale, ind.decimals)}
                  </td>
                  <td style={{ textAlign: 'right' }}>{ind.kind === 'index' ? '—' : pct(point?.yoy)}</td>
                  <td style={{ textAlign: 'right' }}>{ind.kind === 'index' ? '—' : pct(point?.ytdYoy)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
