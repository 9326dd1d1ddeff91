/**
 * The expected reporters (应报单位) of a division with their status, late and overdue flags,
 * filtered (e.g. only those not reported) and paged; and 催报: remind the chosen units, or every
 * unit of the division that has not reported (in-app notification plus the configured channel),
 * with the result.
 */
import { SendOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Select, Table } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, StatusTag, type Tone } from '../../ui/ui.tsx';
import { useNames } from '../registry/pickers.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { positive } from '../review/selection.ts';
import { monitoringApi, type UnitFilter, type UnitRow } from './api.ts';

const FILTERS: UnitFilter[] = ['not_reported', 'overdue', 'reported', 'on_time', 'late', 'approved'];
const PAGE_SIZE = 20;
const STATUS_TONE: Record<UnitRow['status'], Tone> = {
  not_started: 'neutral',
  draft: 'neutral',
  submitted: 'info',
  returned: 'danger',
  approved: 'success',
};

export function UnitsList({
  formId,
  period,
  division,
}: {
  formId: string;
  period: string;
  division: { code: string; name: string };
}) {
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const names = useNames();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filter = (params.get('filter') as UnitFilter | null) ?? undefined;
  const page = positive(params.get('page'), 1);
  const pageSize = positive(params.get('pageSize'), PAGE_SIZE);
  const q = { formId, period, division: division.code, filter, page, pageSize };
  const units = useQuery({
    queryKey: ['monitoring', 'units', q],
    queryFn: () => monitoringApi.units(q),
    placeholderData: keepPreviousData,
  });
  // Units chosen for a reminder (across pages); only those that have not reported can be chosen.
  const [chosen, setChosen] = useState<string[]>([]);
  const remind = useMutation({
    mutationFn: (unitIds?: string[]) =>
      monitoringApi.remind({ formId, period, division: division.code, ...(unitIds ? { unitIds } : {}) }),
    onSuccess: (_r, unitIds) => {
      if (unitIds) setChosen([]);
      return client.invalidateQueries({ queryKey: ['monitoring', 'notifications'] });
    },
  });
  const canRemind = hasRole('township_statistician', 'county_statistician', 'city_statistician', 'admin');

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page' && k !== 'pageSize') next.delete('page');
    setParams(next);
  };
  const col = () => ({ scope: 'col' });

  return (
    <Card
      title={<h2 className="card-title">{t('monitoring.units.title', { division: division.name })}</h2>}
      style={{ marginBottom: 16 }}
    >
      <Flex justify="space-between" wrap gap="small" align="start">
        <Form layout="inline">
          <Form.Item label={t('monitoring.units.filter')} htmlFor="units-filter">
            <Select
              id="units-filter"
              allowClear
              value={filter}
              placeholder={t('review.any')}
              style={{ minWidth: 160 }}
              options={FILTERS.map((f) => ({ value: f, label: t(`monitoring.filter.${f}`) }))}
              onChange={(v) => set('filter', v)}
            />
          </Form.Item>
        </Form>
        {canRemind ? (
          <Flex wrap gap="small">
            {chosen.length ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={remind.isPending && remind.variables !== undefined}
                onClick={() => remind.mutate(chosen)}
              >
                {t('monitoring.remindChosen', { count: chosen.length })}
              </Button>
            ) : null}
            <Button
              icon={<SendOutlined />}
              loading={remind.isPending && remind.variables === undefined}
              onClick={() => remind.mutate(undefined)}
            >
              {t('monitoring.remind', { division: division.name })}
            </Button>
          </Flex>
        ) : null}
      </Flex>
      <ErrorAlert error={remind.error ?? units.error} />
      {remind.data ? (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ margin: '12px 0' }}
          title={t('monitoring.reminded', {
            sent: remind.data.sent,
            expected: remind.data.expected,
            skipped: remind.data.skipped,
          })}
        />
      ) : null}
      <div style={{ marginTop: 12 }}>
        <ScrollRegion label={t('monitoring.units.title', { division: division.name })}>
          <Table<UnitRow>
            rowKey="unitId"
            size="small"
            style={{ minWidth: 720 }}
            loading={units.isFetching}
            dataSource={units.data?.items ?? []}
            rowSelection={
              canRemind
                ? {
                    selectedRowKeys: chosen,
                    preserveSelectedRowKeys: true,
                    onChange: (keys) => setChosen(keys.map(String)),
                    getCheckboxProps: (u) => ({
                      disabled: u.status === 'submitted' || u.status === 'approved',
                      'aria-label': t('monitoring.choose', { unit: u.name }),
                    }),
                  }
                : undefined
            }
            caption={
              <span className="sr-only">{t('monitoring.units.title', { division: division.name })}</span>
            }
            locale={{ emptyText: units.isPending ? ' ' : <EmptyState title={t('monitoring.units.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: units.data?.total ?? 0,
              showTotal: (n) => t('common.total', { total: n }),
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              onChange: (p, s) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                next.set('pageSize', String(s));
                setParams(next);
              },
            }}
            columns={[
              { title: t('review.col.unit'), dataIndex: 'name', onHeaderCell: col },
              {
                title: t('monitoring.col.creditCode'),
                dataIndex: 'creditCode',
                onHeaderCell: col,
                render: (v) => <code>{v}</code>,
              },
              {
                title: t('review.col.township'),
                dataIndex: 'townshipCode',
                onHeaderCell: col,
                render: (c) => names.division(c),
              },
              {
                title: t('monitoring.col.status'),
                dataIndex: 'status',
                onHeaderCell: col,
                render: (s: UnitRow['status'], u) => (
                  <Flex gap={4} wrap>
                    <StatusTag tone={STATUS_TONE[s]}>{t(`monitoring.status.${s}`)}</StatusTag>
                    {u.late ? <StatusTag tone="warning">{t('review.late')}</StatusTag> : null}
                    {u.overdue ? <StatusTag tone="danger">{t('monitoring.overdue')}</StatusTag> : null}
                  </Flex>
                ),
              },
              {
                title: t('review.col.submittedAt'),
                dataIndex: 'submittedAt',
                onHeaderCell: col,
                render: (v) => formatDate(v, locale, true),
              },
            ]}
          />
        </ScrollRegion>
      </div>
    </Card>
  );
}
