/**
 * 数据看板: one aggregate of direct reporting (form, item, period in the URL) on a map of Ningbo's
 * county-level divisions, its series for the city or the county clicked (with seasonal
 * adjustment, trend and growth), the early-warning lights and the statistical database's
 * headline indicators. Each part is also a table, for screen readers and keyboards.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Form, Row, Typography } from 'antd';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Loading, Page } from '../../ui/ui.tsx';
import { aggregationApi } from '../aggregation/api.ts';
import { SelectionPickers, useAggSelection, useLabel } from '../aggregation/selection.tsx';
import { SummaryTable } from '../aggregation/summary-table.tsx';
import { CountyMap } from './county-map.tsx';
import { Headlines } from './headlines.tsx';
import { SeriesCard } from './series-card.tsx';
import { WarningSummary } from './warning-summary.tsx';

export default function DashboardPage() {
  const { t } = useI18n();
  const { account } = useAuth();
  const label = useLabel();
  // A township's staff may not total above their township: no county map for them, their figure.
  const township = account?.divisionCode?.length === 9;
  const s = useAggSelection({ defaultForm: 'B204-1' });
  const county = s.params.get('county') ?? undefined;
  const query =
    s.form && s.period && s.item
      ? { item: s.item.code, rows: township ? ('township' as const) : ('county' as const) }
      : null;
  const table = useQuery({
    queryKey: ['aggregation', 'table', s.form?.id, s.period, query],
    queryFn: () => aggregationApi.table(s.form!.id, s.period!, query!),
    enabled: !!query,
    refetchOnWindowFocus: true,
  });
  const tv = table.data;
  const countyName = county ? (tv?.rows.find((r) => r.code === county)?.name ?? null) : null;

  return (
    <Page title={t('dash.title')}>
      <Typography.Paragraph type="secondary">{t('dash.intro')}</Typography.Paragraph>
      <Form
        layout="inline"
        role="search"
        aria-label={t('dash.selection')}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <SelectionPickers s={s} idPrefix="dash" />
      </Form>
      <ErrorAlert error={s.error ?? table.error} onRetry={() => table.refetch()} />
      {s.empty ? <EmptyState title={t('agg.noForms')} hint={t('agg.noForms.hint')} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={<h2 className="card-title">{t('dash.map')}</h2>} style={{ marginBottom: 16 }}>
            {tv && township ? (
              <>
                <Typography.Paragraph type="secondary">{t('dash.map.township')}</Typography.Paragraph>
                <SummaryTable
                  table={tv}
                  caption={t('agg.table.caption', {
                    form: `${tv.form.code} ${label(tv.form.name)}`,
                    item: label(tv.item.name),
                    period: tv.period,
                    region: tv.region.name,
                    unit: tv.item.unit ? label(tv.item.unit) : '—',
                  })}
                />
              </>
            ) : tv ? (
              <CountyMap
                table={tv}
                selected={county}
                onSelect={(code) => s.update({ county: code })}
                caption={t('dash.map.caption', {
                  item: label(tv.item.name),
                  period: tv.period,
                  unit: tv.item.unit ? label(tv.item.unit) : '—',
                })}
              />
            ) : table.isPending && query ? (
              <Loading />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            title={
              <h2 className="card-title">
                {t('dash.series', { region: countyName ? label(countyName) : (tv?.region.name ?? '') })}
              </h2>
            }
            extra={
              county ? (
                <Button size="small" onClick={() => s.update({ county: undefined })}>
                  {t('dash.series.back')}
                </Button>
              ) : null
            }
            style={{ marginBottom: 16 }}
          >
            {/* The cut follows the table's region (a township's staff may not read the city). */}
            {s.form && s.item && tv ? (
              <SeriesCard
                formId={s.form.id}
                item={s.item}
                cut={county ? 'county' : tv.region.level}
                cell={county}
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <WarningSummary />
        </Col>
        <Col xs={24} xl={12}>
          <Headlines />
        </Col>
      </Row>
      {query && s.form && s.period ? (
        <ApiQuery url={aggregationApi.tableUrl(s.form.id, s.period, query)} />
      ) : null}
    </Page>
  );
}
