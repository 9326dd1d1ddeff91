/**
 * Reporting rate and timeliness (报送率, 及时率) of a form and period: the division's totals, its
 * children (counties of the city, townships of a county) as a table and a bar chart with a
 * drill-down breadcrumb, and the expected units with who has not reported, with 催报.
 */
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Descriptions, Form, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { useNames } from '../registry/pickers.tsx';
import { FormPeriodPickers, useFormPeriod } from '../review/form-period.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { type FiguresView, monitoringApi, type Rates } from './api.ts';
import { drillPath, formatRate } from './drill.ts';
import { RatesChart } from './rates-chart.tsx';
import { ScheduleCard } from './schedule-card.tsx';
import { UnitsList } from './units-list.tsx';

type Child = Rates['children'][number];

export default function RatesPage() {
  const { t, locale } = useI18n();
  const { account } = useAuth();
  const navigate = useNavigate();
  const names = useNames();
  const fp = useFormPeriod();
  const { params, setParams } = fp;
  const division = params.get('division') ?? undefined;
  const q = fp.ready && fp.formId && fp.period ? { formId: fp.formId, period: fp.period, division } : null;
  const rates = useQuery({
    queryKey: ['monitoring', 'rates', q],
    queryFn: () => monitoringApi.rates(q!),
    enabled: !!q,
  });

  const goTo = (code: string | undefined) => {
    const next = new URLSearchParams(params);
    if (code) next.set('division', code);
    else next.delete('division');
    next.delete('page');
    next.delete('filter');
    setParams(next);
  };

  const r = rates.data;
  const root = account?.divisionCode ?? null;
  const path = r ? drillPath(r.division.code, root) : [];
  const num = (n: number) => formatNumber(n, locale);

  return (
    <Page
      title={t('monitoring.title')}
      extra={
        <Button icon={<BellOutlined />} onClick={() => navigate('/monitoring/notifications')}>
          {t('monitoring.notifications.title')}
        </Button>
      }
    >
      <Form
        layout="inline"
        role="search"
        aria-label={t('monitoring.filters')}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <FormPeriodPickers
          state={fp}
          idPrefix="rates"
          onChange={(next) => {
            next.delete('filter');
          }}
        />
      </Form>
      <ErrorAlert error={fp.error ?? rates.error} onRetry={() => rates.refetch()} />
      {fp.empty ? <EmptyState title={t('review.noForms')} /> : null}

      {r ? (
        <>
          <nav aria-label={t('monitoring.drill')}>
            <Breadcrumb
              style={{ marginBottom: 12 }}
              items={path.map((code, i) => {
                const label = code === r.division.code ? r.division.name : names.division(code);
                return i === path.length - 1
                  ? { key: code, title: <span aria-current="page">{label}</span> }
                  : {
                      key: code,
                      title: (
                        <a
                          href={`?${new URLSearchParams({ ...Object.fromEntries(params), division: code })}`}
                          onClick={(e) => {
                            e.preventDefault();
                            goTo(code);
                          }}
                        >
                          {label}
                        </a>
                      ),
                    };
              })}
            />
          </nav>

          <Card
            title={
              <h2 className="card-title">
                {t('monitoring.totals', { division: r.division.name, form: r.formCode, period: r.period })}
              </h2>
            }
            style={{ marginBottom: 16 }}
          >
            <Typography.Paragraph>
              {t('monitoring.deadline', { at: formatDate(r.deadline, locale, true) })}{' '}
              {r.pastDeadline ? <StatusTag tone="warning">{t('monitoring.pastDeadline')}</StatusTag> : null}
            </Typography.Paragraph>
            <Totals f={r.totals} />
          </Card>

          {r.children.length ? (
            <Card
              title={
                <h2 className="card-title">
                  {t(`monitoring.children.${r.division.level}` as 'monitoring.children.city')}
                </h2>
              }
              style={{ marginBottom: 16 }}
            >
              <RatesChart areas={r.children} />
              <ScrollRegion
                label={t(`monitoring.children.${r.division.level}` as 'monitoring.children.city')}
              >
                <table className="form-grid" style={{ fontSize: 13, minWidth: 760 }}>
                  <caption className="sr-only">
                    {t('monitoring.children.caption', { division: r.division.name, period: r.period })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('monitoring.col.division')}</th>
                      {(['expected', 'reported', 'approved', 'onTime', 'late', 'notReported'] as const).map(
                        (k) => (
                          <th scope="col" key={k}>
                            {t(`monitoring.fig.${k}`)}
                          </th>
                        ),
                      )}
                      <th scope="col">{t('monitoring.fig.reportingRate')}</th>
                      <th scope="col">{t('monitoring.fig.timelyRate')}</th>
                      <th scope="col">{t('monitoring.fig.approvalRate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.children.map((c: Child) => (
                      <tr key={c.code}>
                        <th scope="row">
                          <a
                            href={`?${new URLSearchParams({ ...Object.fromEntries(params), division: c.code })}`}
                            onClick={(e) => {
                              e.preventDefault();
                              goTo(c.code);
                            }}
                            aria-label={t('monitoring.drillInto', { name: c.name })}
                          >
                            {c.name}
                          </a>
                        </th>
                        {(['expected', 'reported', 'approved', 'onTime', 'late', 'notReported'] as const).map(
                          (k) => (
                            <td key={k} style={{ textAlign: 'right' }}>
                              {num(c.figures[k])}
                            </td>
                          ),
                        )}
                        <td style={{ textAlign: 'right' }}>{formatRate(c.figures.reportingRate, locale)}</td>
                        <td style={{ textAlign: 'right' }}>{formatRate(c.figures.timelyRate, locale)}</td>
                        <td style={{ textAlign: 'right' }}>{formatRate(c.figures.approvalRate, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </Card>
          ) : null}

          <ByForm period={r.period} division={r.division} current={r.formId} />
          <UnitsList formId={r.formId} period={r.period} division={r.division} />
          <ScheduleCard formId={r.formId} />
          {q ? <ApiQuery url={monitoringApi.ratesUrl(q)} /> : null}
        </>
      ) : null}
    </Page>
  );
}

/** The division's figures: counts and rates. */
function Totals({ f }: { f: FiguresView }) {
  const { t, locale } = useI18n();
  const num = (n: number) => formatNumber(n, locale);
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2, md: 3, xl: 5 }}
      items={[
        { key: 'expected', label: t('monitoring.fig.expected'), children: num(f.expected) },
        { key: 'reported', label: t('monitoring.fig.reported'), children: num(f.reported) },
        { key: 'approved', label: t('monitoring.fig.approved'), children: num(f.approved) },
        { key: 'onTime', label: t('monitoring.fig.onTime'), children: num(f.onTime) },
        { key: 'late', label: t('monitoring.fig.late'), children: num(f.late) },
        { key: 'notReported', label: t('monitoring.fig.notReported'), children: num(f.notReported) },
        { key: 'overdue', label: t('monitoring.fig.overdue'), children: num(f.overdue) },
        { key: 'returned', label: t('monitoring.fig.returned'), children: num(f.returned) },
        {
          key: 'reportingRate',
          label: t('monitoring.fig.reportingRate'),
          children: formatRate(f.reportingRate, locale),
        },
        {
          key: 'timelyRate',
          label: t('monitoring.fig.timelyRate'),
          children: formatRate(f.timelyRate, locale),
        },
        {
          key: 'approvalRate',
          label: t('monitoring.fig.approvalRate'),
          children: formatRate(f.approvalRate, locale),
        },
      ]}
    />
  );
}

const FIGS = ['expected', 'reported', 'approved', 'onTime', 'late', 'notReported'] as const;

/** 报送率 by form: every form of the period's frequency in the division; a click picks the form. */
function ByForm({
  period,
  division,
  current,
}: {
  period: string;
  division: { code: string; name: string };
  current: string;
}) {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const overview = useQuery({
    queryKey: ['monitoring', 'overview', period, division.code],
    queryFn: () => monitoringApi.overview({ period, division: division.code }),
  });
  const items = overview.data?.items ?? [];
  const pick = (formId: string) => {
    const next = new URLSearchParams(params);
    next.set('form', formId);
    next.delete('page');
    next.delete('filter');
    setParams(next);
  };
  return (
    <Card
      title={<h2 className="card-title">{t('monitoring.byForm', { division: division.name, period })}</h2>}
      style={{ marginBottom: 16 }}
    >
      <ErrorAlert error={overview.error} onRetry={() => overview.refetch()} />
      <ScrollRegion label={t('monitoring.byForm', { division: division.name, period })}>
        <table className="form-grid" style={{ fontSize: 13, minWidth: 760 }}>
          <caption className="sr-only">{t('monitoring.byForm', { division: division.name, period })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('review.pick.form')}</th>
              {FIGS.map((k) => (
                <th scope="col" key={k}>
                  {t(`monitoring.fig.${k}`)}
                </th>
              ))}
              <th scope="col">{t('monitoring.fig.reportingRate')}</th>
              <th scope="col">{t('monitoring.fig.timelyRate')}</th>
              <th scope="col">{t('monitoring.fig.approvalRate')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.formId}>
                <th scope="row">
                  {f.formId === current ? (
                    <span aria-current="true">
                      <strong>{f.formCode}</strong> {locale === 'en-US' ? f.formName.en : f.formName.zh}
                    </span>
                  ) : (
                    <a
                      href={`?${new URLSearchParams({ ...Object.fromEntries(params), form: f.formId })}`}
                      onClick={(e) => {
                        e.preventDefault();
                        pick(f.formId);
                      }}
                    >
                      {f.formCode} {locale === 'en-US' ? f.formName.en : f.formName.zh}
                    </a>
                  )}
                </th>
                {FIGS.map((k) => (
                  <td key={k} style={{ textAlign: 'right' }}>
                    {formatNumber(f.figures[k], locale)}
                  </td>
                ))}
                <td style={{ textAlign: 'right' }}>{formatRate(f.figures.reportingRate, locale)}</td>
                <td style={{ textAlign: 'right' }}>{formatRate(f.figures.timelyRate, locale)}</td>
                <td style={{ textAlign: 'right' }}>{formatRate(f.figures.approvalRate, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </Card>
  );
}
