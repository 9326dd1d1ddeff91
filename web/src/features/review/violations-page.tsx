/**
 * Every rule failure of a period in the reviewer's area, tracked to resolution (open, explained,
 * accepted, corrected): filters in the page URL, counts by state and severity, paging without a
 * cap, and the same selection exported as CSV or xlsx by the API.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Dropdown, Form, Input, Segmented, Select, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { asProblem } from '../../api/problem.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Page, StatusTag, type Tone } from '../../ui/ui.tsx';
import { DivisionCascader, useNames } from '../registry/pickers.tsx';
import { reviewApi, type Violation, type ViolationFilter } from './api.ts';
import { FormPeriodPickers, useFormPeriod } from './form-period.tsx';
import { reviewPath } from './inbox-page.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import { positive, ruleValues } from './selection.ts';

const PAGE_SIZE = 50;
const STATES = ['open', 'explained', 'accepted', 'corrected'] as const;
const SEVERITIES = ['fatal', 'verify', 'hint'] as const;
const STATE_TONE: Record<(typeof STATES)[number], Tone> = {
  open: 'danger',
  explained: 'warning',
  accepted: 'success',
  corrected: 'info',
};
const SEVERITY_TONE = { fatal: 'danger', verify: 'warning', hint: 'neutral' } as const;

export default function ViolationsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const fp = useFormPeriod();
  const { params, setParams } = fp;
  const get = (k: string) => params.get(k) ?? undefined;
  const [rule, setRule] = useState(get('rule') ?? '');
  useEffect(() => setRule(params.get('rule') ?? ''), [params]);

  const filter: ViolationFilter | null =
    fp.ready && fp.period
      ? {
          period: fp.period,
          formId: fp.formId,
          divisionCode: get('division'),
          severity: get('severity') as ViolationFilter['severity'],
          state: get('state') as ViolationFilter['state'],
          ruleId: get('rule'),
          page: positive(params.get('page'), 1),
          pageSize: positive(params.get('pageSize'), PAGE_SIZE),
        }
      : null;
  const list = useQuery({
    queryKey: ['review', 'violations', filter],
    queryFn: () => reviewApi.violations(filter!),
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

  const exportAs = async (format: 'csv' | 'xlsx') => {
    if (!filter) return;
    try {
      await reviewApi.exportViolations(filter, format);
    } catch (e) {
      message.error(asProblem(e).messageIn(locale));
    }
  };

  const data = list.data;
  const col = () => ({ scope: 'col' });
  const total = data ? STATES.reduce((n, s) => n + data.counts.byState[s], 0) : 0;

  return (
    <Page
      title={t('review.violations.title')}
      extra={
        <Dropdown
          disabled={!filter}
          menu={{
            items: [
              { key: 'xlsx', label: 'Excel (xlsx)' },
              { key: 'csv', label: 'CSV' },
            ],
            onClick: ({ key }) => exportAs(key as 'csv' | 'xlsx'),
          }}
        >
          <Button icon={<DownloadOutlined />}>{t('review.violations.export')}</Button>
        </Dropdown>
      }
    >
      <Form
        layout="inline"
        role="search"
        aria-label={t('review.filters')}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <FormPeriodPickers state={fp} idPrefix="violations" />
        <Form.Item label={t('review.filter.area')} htmlFor="violations-area">
          <div style={{ minWidth: 220 }}>
            <DivisionCascader
              id="violations-area"
              value={get('division')}
              onChange={(v) => set('division', v)}
            />
          </div>
        </Form.Item>
        <Form.Item label={t('review.filter.severity')} htmlFor="violations-severity">
          <Select
            id="violations-severity"
            allowClear
            value={get('severity')}
            placeholder={t('review.any')}
            style={{ minWidth: 120 }}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`review.severity.${s}`) }))}
            onChange={(v) => set('severity', v)}
          />
        </Form.Item>
        <Form.Item label={t('review.filter.rule')} htmlFor="violations-rule">
          <Input.Search
            id="violations-rule"
            allowClear
            value={rule}
            maxLength={80}
            style={{ width: 180 }}
            enterButton={t('common.search')}
            onChange={(e) => setRule(e.target.value)}
            onSearch={(v) => set('rule', v.trim() || undefined)}
          />
        </Form.Item>
      </Form>

      <ErrorAlert error={fp.error ?? list.error} onRetry={() => list.refetch()} />

      <div style={{ marginBottom: 12, overflowX: 'auto' }}>
        <Segmented
          aria-label={t('review.filter.state')}
          value={get('state') ?? 'all'}
          onChange={(v) => set('state', v === 'all' ? undefined : String(v))}
          options={[
            { value: 'all', label: `${t('review.violations.all')} ${formatNumber(total, locale)}` },
            ...STATES.map((s) => ({
              value: s,
              label: `${t(`review.vstate.${s}`)} ${formatNumber(data?.counts.byState[s] ?? 0, locale)}`,
            })),
          ]}
        />
      </div>
      {data ? (
        <p>
          {t('review.violations.bySeverity', {
            fatal: data.counts.bySeverity.fatal,
            verify: data.counts.bySeverity.verify,
            hint: data.counts.bySeverity.hint,
          })}
        </p>
      ) : null}

      <ScrollRegion label={t('review.violations.caption', { period: fp.period ?? '' })}>
        <Table<Violation>
          rowKey={(v) => `${v.unitId}/${v.formId}/${v.ruleId}`}
          size="small"
          style={{ minWidth: 960 }}
          loading={list.isFetching}
          dataSource={data?.items ?? []}
          caption={
            <span className="sr-only">{t('review.violations.caption', { period: fp.period ?? '' })}</span>
          }
          locale={{
            emptyText: list.isPending ? ' ' : <EmptyState title={t('review.violations.empty')} />,
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
              onHeaderCell: col,
              render: (name, v) => <Link to={reviewPath(v)}>{name}</Link>,
            },
            {
              title: t('review.col.township'),
              dataIndex: 'townshipCode',
              onHeaderCell: col,
              render: (c) => names.division(c),
            },
            {
              title: t('review.col.rule'),
              dataIndex: 'ruleId',
              onHeaderCell: col,
              render: (r) => <code>{r}</code>,
            },
            {
              title: t('review.filter.severity'),
              dataIndex: 'severity',
              onHeaderCell: col,
              render: (s: Violation['severity']) => (
                <StatusTag tone={SEVERITY_TONE[s]}>{t(`review.severity.${s}`)}</StatusTag>
              ),
            },
            {
              title: t('review.filter.state'),
              dataIndex: 'state',
              onHeaderCell: col,
              render: (s: Violation['state']) => (
                <StatusTag tone={STATE_TONE[s]}>{t(`review.vstate.${s}`)}</StatusTag>
              ),
            },
            {
              title: t('review.col.message'),
              key: 'message',
              width: 280,
              onHeaderCell: col,
              render: (_, v) => (
                <>
                  <div>{v.message?.[locale] ?? ''}</div>
                  <div>
                    {ruleValues(v.values).map((x) => (
                      <code key={x.cell} style={{ marginInlineEnd: 8 }}>
                        {x.cell} = {x.value}
                      </code>
                    ))}
                  </div>
                </>
              ),
            },
            {
              title: t('review.rules.explanation'),
              key: 'explanation',
              width: 240,
              onHeaderCell: col,
              render: (_, v) => (
                <>
                  <div>{v.explanation ?? '—'}</div>
                  {v.verdict ? (
                    <div>
                      {t(`review.verdict.${v.verdict}`)}
                      {v.note ? `：${v.note}` : ''}
                    </div>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      </ScrollRegion>
      {filter ? <ApiQuery url={reviewApi.violationsUrl(filter)} /> : null}
    </Page>
  );
}
