/**
 * The early-warning board (经济景气预警信号灯): a system's signal-light table (rows indicators,
 * columns the last periods, each cell the value and its light by name), the composite index as a
 * line over the five bands, and the alerts. The system and the number of periods are in the URL.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert as AntAlert, Button, Card, Flex, Form, Select, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { type Alert, type Board, MANAGERS, type System, warningApi } from './api.ts';
import { CompositeChart } from './composite-chart.tsx';
import { SignalLegend, SignalLight } from './signal-light.tsx';

const PERIOD_CHOICES = [12, 24];

export default function BoardPage() {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const manager = useAuth().hasRole(...MANAGERS);
  const [params, setParams] = useSearchParams();
  const systems = useQuery({ queryKey: ['warning', 'systems'], queryFn: warningApi.systems });
  const list = systems.data?.items ?? [];
  const system = list.find((s) => s.id === params.get('system')) ?? list[0];
  const count = PERIOD_CHOICES.includes(Number(params.get('periods'))) ? Number(params.get('periods')) : 12;
  const board = useQuery({
    queryKey: ['warning', 'board', system?.id, count],
    queryFn: () => warningApi.board(system!.id, count),
    enabled: !!system,
  });
  const subscribe = useMutation({
    mutationFn: (on: boolean) => warningApi.subscribe('system', system!.id, on),
    onSuccess: () => client.invalidateQueries({ queryKey: ['warning', 'systems'] }),
  });
  const evaluate = useMutation({
    mutationFn: () => warningApi.evaluate(),
    onSuccess: () => client.invalidateQueries({ queryKey: ['warning'] }),
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);

  return (
    <Page
      title={t('warning.title')}
      extra={
        system ? (
          <>
            <Button
              aria-pressed={system.subscribed}
              loading={subscribe.isPending}
              onClick={() => subscribe.mutate(!system.subscribed)}
            >
              {system.subscribed ? t('warning.unsubscribe') : t('warning.subscribe')}
            </Button>
            <Button loading={evaluate.isPending} onClick={() => evaluate.mutate()}>
              {t('warning.evaluate')}
            </Button>
            {manager ? (
              <Link
                to={`/warning/systems/${system.id}/edit`}
                aria-label={t('warning.systems.editLabel', { name: name(system.name) })}
              >
                {t('warning.systems.edit')}
              </Link>
            ) : null}
          </>
        ) : manager ? (
          <Link to="/warning/systems/new">{t('warning.systems.new')}</Link>
        ) : null
      }
    >
      <ErrorAlert
        error={systems.error ?? board.error ?? subscribe.error ?? evaluate.error}
        onRetry={() => board.refetch()}
      />
      {evaluate.data ? (
        <AntAlert
          type="success"
          showIcon
          role="status"
          title={t('warning.evaluated', { ...evaluate.data })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {systems.data && !list.length ? (
        <EmptyState title={t('warning.noSystems')} hint={t('warning.noSystems.hint')} />
      ) : null}
      {system ? (
        <Form
          layout="inline"
          role="search"
          aria-label={t('warning.system')}
          style={{ rowGap: 8, marginBottom: 16 }}
        >
          <Form.Item label={t('warning.system')} htmlFor="warning-system">
            <Select<string>
              id="warning-system"
              style={{ minWidth: 260 }}
              value={system.id}
              options={list.map((s: System) => ({ value: s.id, label: name(s.name) }))}
              onChange={(v) => set('system', v)}
            />
          </Form.Item>
          <Form.Item label={t('warning.periods')} htmlFor="warning-periods">
            <Select<number>
              id="warning-periods"
              style={{ width: 100 }}
              value={count}
              options={PERIOD_CHOICES.map((n) => ({ value: n, label: String(n) }))}
              onChange={(v) => set('periods', String(v))}
            />
          </Form.Item>
          {system.subscribed ? <StatusTag tone="info">{t('warning.subscribed')}</StatusTag> : null}
        </Form>
      ) : null}
      {board.data ? <BoardCard board={board.data} /> : null}
      {board.data?.periods.length ? (
        <Card
          title={<h2 className="card-title">{t('warning.composite.chart')}</h2>}
          style={{ marginBottom: 16 }}
        >
          <CompositeChart board={board.data} />
        </Card>
      ) : null}
      <AlertsCard />
      {system ? <ApiQuery url={warningApi.boardUrl(system.id, count)} /> : null}
    </Page>
  );
}

/** The signal-light table: a real table with row and column headers, each cell value + light. */
function BoardCard({ board }: { board: Board }) {
  const { t, locale } = useI18n();
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);
  const caption = t('warning.board.caption', { system: name(board.system.name), n: board.periods.length });
  return (
    <Card title={<h2 className="card-title">{t('warning.board')}</h2>} style={{ marginBottom: 16 }}>
      <SignalLegend />
      {board.periods.length ? (
        <ScrollRegion label={caption}>
          <table id="signal-board" className="form-grid" style={{ fontSize: 13 }}>
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('warning.col.indicator')}</th>
                {board.periods.map((p) => (
                  <th scope="col" key={p}>
                    {p}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {board.indicators.map((ind) => (
                <tr key={ind.key}>
                  <th scope="row" style={{ minWidth: 180 }}>
                    <div>{name(ind.label)}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`warning.transform.${ind.transform}`)}
                      {ind.seasonallyAdjusted ? ` · ${t('warning.sa')}` : ''} ·{' '}
                      {t('warning.weight', { w: ind.weight })} · {t('warning.col.boundaries')}{' '}
                      {ind.boundaries.join(' / ')}
                    </Typography.Text>
                  </th>
                  {ind.cells.map((c) => (
                    <td key={c.period} style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      <div>{c.value ?? '—'}</div>
                      <SignalLight light={c.light} />
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">
                  <strong>{t('warning.composite')}</strong>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('warning.col.boundaries')} {board.system.compositeBoundaries.join(' / ')}
                    </Typography.Text>
                  </div>
                </th>
                {board.composite.map((c) => (
                  <td key={c.period} style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    <div>
                      <strong>{c.index ?? '—'}</strong>
                      {c.partial ? (
                        <abbr
                          title={`${t('warning.partial')}; ${t('warning.missing', { keys: c.missing.join(', ') })}`}
                        >
                          *
                        </abbr>
                      ) : null}
                    </div>
                    <SignalLight light={c.light} />
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <EmptyState title={t('warning.board.empty')} />
      )}
      {board.composite.some((c) => c.partial) ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          * {t('warning.partial')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

/** The latest alerts of every system and rule. */
function AlertsCard() {
  const { t, locale } = useI18n();
  const alerts = useQuery({
    queryKey: ['warning', 'alerts'],
    queryFn: () => warningApi.alerts({ pageSize: 20 }),
  });
  const name = (x: { zh: string; en: string } | null) => (x ? (locale === 'en-US' ? x.en : x.zh) : '—');
  const items = alerts.data?.items ?? [];
  return (
    <Card title={<h2 className="card-title">{t('warning.alerts')}</h2>} style={{ marginBottom: 16 }}>
      <ErrorAlert error={alerts.error} onRetry={() => alerts.refetch()} />
      {items.length ? (
        <ScrollRegion label={t('warning.alerts')}>
          <table id="warning-alerts" className="form-grid" style={{ fontSize: 13 }}>
            <caption className="sr-only">{t('warning.alerts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('warning.alert.period')}</th>
                <th scope="col">{t('warning.alert.source')}</th>
                <th scope="col">{t('warning.alert.reason')}</th>
                <th scope="col">{t('warning.alert.state')}</th>
                <th scope="col">{t('warning.alert.firedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a: Alert) => (
                <tr key={a.id}>
                  <th scope="row">{a.period}</th>
                  <td>{name(a.sourceName)}</td>
                  <td>{name(a.reason)}</td>
                  <td>
                    <AlertState alert={a} />
                  </td>
                  <td>{formatDate(a.firedAt, locale, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : alerts.data ? (
        <Flex justify="center">
          <EmptyState title={t('warning.alerts.empty')} />
        </Flex>
      ) : null}
    </Card>
  );
}

function AlertState({ alert }: { alert: Alert }) {
  const { t } = useI18n();
  if (alert.state === 'firing') return <StatusTag tone="danger">{t('warning.state.firing')}</StatusTag>;
  if (alert.state === 'recovered')
    return (
      <StatusTag tone="success">
        {t('warning.state.recovered', { period: alert.recoveredIn ?? '' })}
      </StatusTag>
    );
  return <StatusTag tone="warning">{t('warning.state.event')}</StatusTag>;
}
