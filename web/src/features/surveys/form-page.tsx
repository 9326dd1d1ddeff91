/**
 * One form (报表): its facts, its versions (preview, activate a draft), its periods and
 * deadlines, and its reporting scope (报送范围) for a chosen period.
 */

import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { STATISTICIANS, SURVEY_DESIGNERS } from '../../app/nav.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Loading, NotFound, Page, StatusTag } from '../../ui/ui.tsx';
import { sizeLabel } from '../registry/labels.ts';
import { groupingName, useGroupings, useNames } from '../registry/pickers.tsx';
import { type FormWithVersions, surveysApi, type Version } from './api.ts';
import { scopeRuleText } from './form-grid/layout.ts';
import { freqLabel, local, statusLabel, statusTone } from './labels.ts';
import { Overrides } from './scope/Overrides.tsx';
import { ScopeRulesDialog } from './scope/ScopeRulesDialog.tsx';

const col = () => ({ scope: 'col' });

function Versions({ form }: { form: FormWithVersions }) {
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const { modal, message } = App.useApp();
  const client = useQueryClient();
  const activate = useMutation({
    mutationFn: surveysApi.activate,
    onSuccess: () => {
      message.success(t('surveys.activated'));
      client.invalidateQueries({ queryKey: ['surveys'] });
    },
  });
  const designer = hasRole(...SURVEY_DESIGNERS);
  return (
    <>
      <ErrorAlert error={activate.error} />
      <div className="table-scroll">
        <Table<Version>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={[...form.versions].sort((a, b) => b.number - a.number)}
          caption={<span className="sr-only">{t('surveys.versions')}</span>}
          locale={{ emptyText: <EmptyState title={t('surveys.noVersions')} /> }}
          columns={[
            { title: t('surveys.version'), dataIndex: 'number', onHeaderCell: col, render: (n) => `v${n}` },
            { title: t('surveys.validFrom'), dataIndex: 'from', onHeaderCell: col },
            {
              title: t('surveys.validTo'),
              dataIndex: 'effectiveUntil',
              onHeaderCell: col,
              render: (v) => v ?? t('common.none'),
            },
            {
              title: t('surveys.state'),
              dataIndex: 'status',
              onHeaderCell: col,
              render: (s) => <StatusTag tone={statusTone(s)}>{t(statusLabel(s))}</StatusTag>,
            },
            {
              title: t('tokens.createdAt'),
              dataIndex: 'importedAt',
              onHeaderCell: col,
              render: (v) => formatDate(v, locale, true),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              onHeaderCell: col,
              render: (_, v) => (
                <Space size={8} wrap>
                  <Link to={`/surveys/versions/${v.id}/preview`}>{t('surveys.preview')}</Link>
                  {designer && v.status === 'draft' ? (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() =>
                        modal.confirm({
                          title: t('surveys.activate.confirm', { version: `v${v.number}` }),
                          okText: t('surveys.activate'),
                          cancelText: t('common.cancel'),
                          onOk: () => activate.mutateAsync(v.id),
                        })
                      }
                    >
                      {t('surveys.activate')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </div>
    </>
  );
}

function Periods({ formId }: { formId: string }) {
  const { t, locale } = useI18n();
  const periods = useQuery({
    queryKey: ['surveys', 'periods', formId],
    queryFn: () => surveysApi.periods(formId),
  });
  if (periods.error) return <ErrorAlert error={periods.error} onRetry={() => periods.refetch()} />;
  return (
    <div className="table-scroll">
      <Table
        rowKey="period"
        size="small"
        loading={periods.isPending}
        pagination={false}
        dataSource={periods.data?.items ?? []}
        caption={<span className="sr-only">{t('surveys.periods')}</span>}
        columns={[
          { title: t('surveys.periods'), dataIndex: 'period', onHeaderCell: col },
          { title: t('surveys.validFrom'), dataIndex: 'start', onHeaderCell: col },
          { title: t('surveys.validTo'), dataIndex: 'end', onHeaderCell: col },
          {
            title: t('surveys.deadline'),
            dataIndex: 'deadline',
            onHeaderCell: col,
            render: (v) => formatDate(v, locale, true),
          },
          {
            title: t('surveys.version'),
            dataIndex: 'versionNumber',
            onHeaderCell: col,
            render: (n) => (n ? `v${n}` : t('common.none')),
          },
        ]}
      />
    </div>
  );
}

function Scope({ form }: { form: FormWithVersions }) {
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const names = useNames();
  const groupings = useGroupings();
  const [editingRules, setEditingRules] = useState(false);
  const [params, setParams] = useSearchParams();
  const periods = useQuery({
    queryKey: ['surveys', 'periods', form.id],
    queryFn: () => surveysApi.periods(form.id),
  });
  const items = periods.data?.items ?? [];
  // Default: the latest period whose deadline has passed, else the first listed.
  const now = Date.now();
  const fallback =
    [...items].reverse().find((p) => Date.parse(p.deadline) <= now)?.period ?? items[0]?.period;
  const period = params.get('period') ?? fallback;
  const [q, setQ] = useState(params.get('q') ?? '');
  const page = Number(params.get('page')) || 1;
  const query = { period: period ?? '', q: params.get('q') || undefined, page, pageSize: 50 };
  const scope = useQuery({
    queryKey: ['surveys', 'scope', form.id, query],
    queryFn: () => surveysApi.scope(form.id, query),
    enabled: !!period,
  });
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) v ? next.set(k, v) : next.delete(k);
    setParams(next);
  };
  const rules = form.scopeRules?.rules ?? [];
  const groupingNames = new Map((groupings.data ?? []).map((g) => [g.id, groupingName(g, locale)]));
  const canEdit = hasRole(...SURVEY_DESIGNERS);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap="small" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('surveys.scope.rules')}
        </Typography.Title>
        {canEdit ? (
          <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditingRules(true)}>
            {t('scope.rules.edit')}
          </Button>
        ) : null}
      </Flex>
      {form.scopeRules ? (
        <Typography.Paragraph type="secondary">
          {form.scopeRules.origin === 'manual'
            ? t('scope.rules.setBy', {
                by: form.scopeRules.setBy ?? t('common.none'),
                at: formatDate(form.scopeRules.setAt, locale, true),
              })
            : t('scope.rules.fromDefinition')}
        </Typography.Paragraph>
      ) : null}
      {rules.length ? (
        <ul>
          {rules.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules have no id; their order is their identity
            <li key={i}>
              {scopeRuleText(
                { ...r, groupings: r.groupings?.map((g) => groupingNames.get(g) ?? g) },
                locale,
                (n) => formatNumber(n, locale),
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph>{t('common.none')}</Typography.Paragraph>
      )}
      {canEdit ? (
        <ScopeRulesDialog form={form} open={editingRules} onClose={() => setEditingRules(false)} />
      ) : null}
      <Overrides formId={form.id} periods={items.map((p) => p.period)} period={period} canEdit={canEdit} />
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('scope.expected')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('surveys.periods')}
          value={period}
          loading={periods.isPending}
          style={{ minWidth: 140 }}
          onChange={(v) => set({ period: v, page: undefined })}
          options={items.map((p) => ({ value: p.period, label: p.period }))}
        />
        <Input.Search
          aria-label={t('units.q')}
          placeholder={t('units.q')}
          value={q}
          allowClear
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined, page: undefined })}
          style={{ width: 280 }}
        />
      </Space>
      <ErrorAlert error={periods.error ?? scope.error} onRetry={() => scope.refetch()} />
      {scope.data ? (
        <Typography.Paragraph>
          {t('surveys.scope.counts', {
            expected: scope.data.counts.expected,
            rules: scope.data.counts.matchedByRules,
            added: scope.data.counts.added,
            removed: scope.data.counts.removed,
          })}
          {scope.data.inForce ? null : <StatusTag tone="warning">{t('surveys.noVersions')}</StatusTag>}
        </Typography.Paragraph>
      ) : null}
      <div className="table-scroll">
        <Table
          rowKey="unitId"
          size="small"
          loading={scope.isFetching}
          dataSource={scope.data?.items ?? []}
          caption={<span className="sr-only">{`${t('surveys.scope')} ${period ?? ''}`}</span>}
          locale={{ emptyText: <EmptyState title={t('surveys.scope.empty')} /> }}
          pagination={{
            current: page,
            pageSize: 50,
            total: scope.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p) => set({ page: String(p) }),
          }}
          columns={[
            {
              title: t('units.name'),
              dataIndex: 'name',
              onHeaderCell: col,
              render: (n, u) => <Link to={`/register/units/${u.unitId}`}>{n}</Link>,
            },
            {
              title: t('units.creditCode'),
              dataIndex: 'creditCode',
              onHeaderCell: col,
              render: (v) => <code>{v}</code>,
            },
            {
              title: t('units.township'),
              dataIndex: 'townshipCode',
              onHeaderCell: col,
              render: (v, u) => `${names.division(u.countyCode)} ${names.division(v)}`,
            },
            {
              title: t('units.industry'),
              dataIndex: 'industryCode',
              onHeaderCell: col,
              render: (v) => `${v} ${names.industry(v)}`,
            },
            {
              title: t('units.sizeClass'),
              dataIndex: 'sizeClass',
              onHeaderCell: col,
              render: (v) => (v ? t(sizeLabel(v)) : t('common.none')),
            },
            {
              title: t('surveys.scope.source'),
              dataIndex: 'basis',
              onHeaderCell: col,
              render: (b) => (b === 'rule' ? t('surveys.scope.rules') : t('surveys.scope.added')),
            },
          ]}
        />
      </div>
      {period ? <ApiQuery url={surveysApi.scopeUrl(form.id, query)} /> : null}
    </>
  );
}

export default function FormPage() {
  const { formId = '' } = useParams();
  const { t, locale } = useI18n();
  const { hasRole, account } = useAuth();
  const [params, setParams] = useSearchParams();
  const form = useQuery({ queryKey: ['surveys', 'form', formId], queryFn: () => surveysApi.form(formId) });
  if (form.isPending) return <Loading />;
  if (form.error) {
    const status = (form.error as { status?: number }).status;
    return status === 404 || status === 400 ? (
      <NotFound />
    ) : (
      <ErrorAlert error={form.error} onRetry={() => form.refetch()} />
    );
  }
  const f = form.data;
  const canSeeScope = hasRole(...STATISTICIANS, ...SURVEY_DESIGNERS);
  const tab = params.get('tab') ?? 'versions';
  return (
    <Page
      title={`${f.code} ${local(f.name, locale)}`}
      extra={canSeeScope ? <Link to={`/review/levels/${f.id}`}>{t('surveys.reviewLevels')}</Link> : undefined}
    >
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('surveys.formCode')}>{f.code}</Descriptions.Item>
          <Descriptions.Item label={t('surveys.frequency')}>{t(freqLabel(f.frequency))}</Descriptions.Item>
          <Descriptions.Item label={t('surveys.deadline')}>{f.deadlineText[locale]}</Descriptions.Item>
          <Descriptions.Item label={t('surveys.reportingUnits')}>
            {local(f.reportingUnitType, locale)}
          </Descriptions.Item>
          {f.unit ? (
            <Descriptions.Item label={t('surveys.unit')}>{local(f.unit, locale)}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'versions' ? {} : { tab: k })}
          items={[
            { key: 'versions', label: t('surveys.versions'), children: <Versions form={f} /> },
            { key: 'periods', label: t('surveys.periods'), children: <Periods formId={f.id} /> },
            ...(canSeeScope && account
              ? [{ key: 'scope', label: t('surveys.scope'), children: <Scope form={f} /> }]
              : []),
          ]}
        />
      </Card>
    </Page>
  );
}
