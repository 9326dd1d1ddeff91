/**
 * Anomalous values of a form and period in the reviewer's area (异常值): each flagged value with
 * the value it was compared with, the strength and why (HB edit, modified z-score), strongest
 * first; filters and paging in the page URL, each row linking to its review page, the same
 * selection exported as CSV by the API.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Form, Select, Table, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { Link } from 'react-router-dom';
import { asProblem } from '../../api/problem.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Page } from '../../ui/ui.tsx';
import { DivisionCascader, useNames } from '../registry/pickers.tsx';
import { type Anomaly, type AnomalyFilter, reviewApi } from './api.ts';
import { FormPeriodPickers, useFormPeriod } from './form-period.tsx';
import { reviewPath } from './inbox-page.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import { positive } from './selection.ts';

const PAGE_SIZE = 50;
const TESTS = ['hb', 'mz'] as const;
const BASES = ['previous', 'last_year'] as const;
const SORTS = ['strength', 'unit', 'cell'] as const;

/** A flagged value's reasons, one line per test, in the reader's language. */
export function AnomalyReasons({ anomaly }: { anomaly: Pick<Anomaly, 'findings'> }) {
  const { t, locale } = useI18n();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {anomaly.findings.map((f) => (
        <li key={`${f.test}/${f.basis}`}>
          <strong>
            {t(`review.anomalies.test.${f.test}`)} · {t(`review.anomalies.basis.${f.basis}`)}
          </strong>
          {locale === 'en-US' ? ': ' : '：'}
          {f.reason[locale]}
        </li>
      ))}
    </ul>
  );
}

export default function AnomaliesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const fp = useFormPeriod();
  const { params, setParams } = fp;
  const get = (k: string) => params.get(k) ?? undefined;
  const sort = (SORTS as readonly string[]).includes(get('sort') ?? '')
    ? (get('sort') as (typeof SORTS)[number])
    : 'strength';
  const order =
    get('order') === 'asc' || get('order') === 'desc' ? (get('order') as 'asc' | 'desc') : undefined;

  const filter: AnomalyFilter | null =
    fp.ready && fp.period && fp.formId
      ? {
          divisionCode: get('division'),
          test: get('test') as AnomalyFilter['test'],
          basis: get('basis') as AnomalyFilter['basis'],
          sort,
          order,
          page: positive(params.get('page'), 1),
          pageSize: positive(params.get('pageSize'), PAGE_SIZE),
        }
      : null;
  const list = useQuery({
    queryKey: ['review', 'anomalies', fp.formId, fp.period, filter],
    queryFn: () => reviewApi.anomalies(fp.formId!, fp.period!, filter!),
    enabled: !!filter,
    placeholderData: keepPreviousData,
  });

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page' && k !== 'pageSize') next.delete('page');
    setParams(next);
  };

  const exportCsv = async () => {
    if (!filter) return;
    try {
      await reviewApi.exportAnomalies(fp.formId!, fp.period!, filter);
    } catch (e) {
      message.error(asProblem(e).messageIn(locale));
    }
  };

  const data = list.data;
  const col = () => ({ scope: 'col' });
  const num = (v: number | null) => formatNumber(v, locale, 1);
  // The table's sort arrow mirrors the URL: strength descends by default.
  const strengthOrder: SortOrder =
    sort === 'strength' ? ((order ?? 'desc') === 'desc' ? 'descend' : 'ascend') : null;

  return (
    <Page
      title={t('review.anomalies.title')}
      extra={
        <Button icon={<DownloadOutlined />} disabled={!filter} onClick={exportCsv}>
          {t('review.anomalies.export')}
        </Button>
      }
    >
      <Typography.Paragraph>{t('review.anomalies.intro')}</Typography.Paragraph>
      <Form
        layout="inline"
        role="search"
        aria-label={t('review.filters')}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <FormPeriodPickers state={fp} idPrefix="anomalies" />
        <Form.Item label={t('review.filter.area')} htmlFor="anomalies-area">
          <div style={{ minWidth: 220 }}>
            <DivisionCascader
              id="anomalies-area"
              value={get('division')}
              onChange={(v) => set('division', v)}
            />
          </div>
        </Form.Item>
        <Form.Item label={t('review.anomalies.filter.test')} htmlFor="anomalies-test">
          <Select
            id="anomalies-test"
            allowClear
            value={get('test')}
            placeholder={t('review.any')}
            style={{ minWidth: 140 }}
            options={TESTS.map((x) => ({ value: x, label: t(`review.anomalies.test.${x}`) }))}
            onChange={(v) => set('test', v)}
          />
        </Form.Item>
        <Form.Item label={t('review.anomalies.filter.basis')} htmlFor="anomalies-basis">
          <Select
            id="anomalies-basis"
            allowClear
            value={get('basis')}
            placeholder={t('review.any')}
            style={{ minWidth: 140 }}
            options={BASES.map((x) => ({ value: x, label: t(`review.anomalies.basis.${x}`) }))}
            onChange={(v) => set('basis', v)}
          />
        </Form.Item>
      </Form>

      <ErrorAlert error={fp.error ?? list.error} onRetry={() => list.refetch()} />
      {data ? (
        <p>
          {t('review.anomalies.summary', {
            units: data.units,
            total: data.total,
            reporting: data.reporting,
            min: data.minPairs,
          })}
        </p>
      ) : null}

      <ScrollRegion
        label={t('review.anomalies.caption', { form: fp.form?.code ?? '', period: fp.period ?? '' })}
      >
        <Table<Anomaly>
          rowKey={(a) => `${a.unitId}/${a.cell}`}
          size="small"
          style={{ minWidth: 960 }}
          loading={list.isFetching}
          dataSource={data?.items ?? []}
          caption={
            <span className="sr-only">
              {t('review.anomalies.caption', { form: fp.form?.code ?? '', period: fp.period ?? '' })}
            </span>
          }
          locale={{ emptyText: list.isPending ? ' ' : <EmptyState title={t('review.anomalies.empty')} /> }}
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const next = new URLSearchParams(params);
            next.delete('page');
            if (s?.columnKey === 'strength' && s.order) {
              next.set('sort', 'strength');
              next.set('order', s.order === 'ascend' ? 'asc' : 'desc');
            } else {
              next.delete('sort');
              next.delete('order');
            }
            setParams(next);
          }}
          pagination={{
            current: filter?.page,
            pageSize: filter?.pageSize,
            total: data?.total ?? 0,
            showTotal: (n) => t('common.total', { total: n }),
            showSizeChanger: true,
            pageSizeOptions: [50, 100, 200, 500],
            onChange: (p, s) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              next.set('pageSize', String(s));
              setParams(next);
            },
          }}
          columns={[
            {
              title: t('review.col.unit'),
              dataIndex: 'unitName',
              width: 180,
              onHeaderCell: col,
              render: (name, a) => <Link to={reviewPath(a)}>{name}</Link>,
            },
            {
              title: t('review.col.township'),
              dataIndex: 'townshipCode',
              onHeaderCell: col,
              render: (c) => names.division(c),
            },
            {
              title: t('review.anomalies.col.cell'),
              dataIndex: 'cell',
              onHeaderCell: col,
              render: (c) => <code>{c}</code>,
            },
            {
              title: t('review.anomalies.col.value'),
              dataIndex: 'value',
              align: 'right',
              onHeaderCell: col,
              render: num,
            },
            {
              title: t('review.anomalies.col.previous'),
              dataIndex: 'previous',
              align: 'right',
              onHeaderCell: col,
              render: num,
            },
            {
              title: t('review.anomalies.col.lastYear'),
              dataIndex: 'lastYear',
              align: 'right',
              onHeaderCell: col,
              render: num,
            },
            {
              title: t('review.anomalies.col.strength'),
              key: 'strength',
              dataIndex: 'strength',
              align: 'right',
              sorter: true,
              sortOrder: strengthOrder,
              sortDirections: ['descend', 'ascend', 'descend'],
              onHeaderCell: col,
              render: (s: number) => formatNumber(s, locale, 2),
            },
            {
              title: t('review.anomalies.col.why'),
              key: 'why',
              width: 420,
              onHeaderCell: col,
              render: (_, a) => <AnomalyReasons anomaly={a} />,
            },
          ]}
        />
      </ScrollRegion>
      {filter && fp.formId && fp.period ? (
        <ApiQuery url={reviewApi.anomaliesUrl(fp.formId, fp.period, filter)} />
      ) : null}
    </Page>
  );
}
