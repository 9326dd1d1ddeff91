/**
 * The early-warning board in brief: the first signal system's latest composite light and each
 * indicator's light in that period, with the light's name beside its dot (signal-light.tsx), and a
 * link to the full board.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Loading } from '../../ui/ui.tsx';
import { warningApi } from '../warning/api.ts';
import { SignalLight } from '../warning/signal-light.tsx';

export function WarningSummary() {
  const { t, locale } = useI18n();
  const systems = useQuery({ queryKey: ['warning', 'systems'], queryFn: warningApi.systems });
  const system = systems.data?.items[0];
  // The board's own query key and length, so the full board opens from the cache.
  const board = useQuery({
    queryKey: ['warning', 'board', system?.id, 12],
    queryFn: () => warningApi.board(system!.id, 12),
    enabled: !!system,
  });
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);
  const b = board.data;
  const period = b?.periods.at(-1);
  const composite = b?.composite.at(-1);
  return (
    <Card
      title={<h2 className="card-title">{t('dash.warning')}</h2>}
      extra={<Link to="/warning">{t('dash.warning.open')}</Link>}
      style={{ marginBottom: 16, height: 'calc(100% - 16px)' }}
    >
      <ErrorAlert error={systems.error ?? board.error} onRetry={() => board.refetch()} />
      {systems.isPending || (system && board.isPending) ? <Loading /> : null}
      {systems.data && !system ? <EmptyState title={t('dash.warning.none')} /> : null}
      {b && period && composite ? (
        <section id="warning-summary" aria-label={t('dash.warning')}>
          <Typography.Paragraph style={{ fontSize: 16 }}>
            <strong>{t('dash.warning.composite', { period })}</strong> {composite.index ?? '—'}{' '}
            <SignalLight light={composite.light} />
          </Typography.Paragraph>
          <table className="form-grid" style={{ fontSize: 13 }}>
            <caption className="sr-only">
              {t('dash.warning.caption', { system: name(b.system.name), period })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('dash.warning.indicator')}</th>
                <th scope="col">{t('dash.warning.value')}</th>
                <th scope="col">{t('dash.warning.light')}</th>
              </tr>
            </thead>
            <tbody>
              {b.indicators.map((ind) => {
                const cell = ind.cells.find((c) => c.period === period);
                return (
                  <tr key={ind.key}>
                    <th scope="row">{name(ind.label)}</th>
                    <td style={{ textAlign: 'right' }}>{cell?.value ?? '—'}</td>
                    <td>
                      <SignalLight light={cell?.light ?? null} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
    </Card>
  );
}
