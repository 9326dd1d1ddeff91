/**
 * Saved versions of one form and period (保存记录): who saved, when and why, and the cells and
 * explanations changed between any two versions. The compared pair is in the URL (?from=&to=).
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Form, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Loading, Page, StatusTag } from '../../ui/ui.tsx';
import { collectionApi, type Diff, type Version } from './api.ts';
import { beijingTime, statusLabel, statusTone } from './labels.ts';

type Change = Diff['changes'][number];
type ExplanationChange = Diff['explanationChanges'][number];

export default function VersionsPage() {
  const { formId = '', period = '' } = useParams();
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const versions = useQuery({
    queryKey: ['collection', 'versions', formId, period],
    queryFn: () => collectionApi.versions(formId, period),
  });
  const entry = useQuery({
    queryKey: ['collection', 'entry-title', formId, period],
    queryFn: () => collectionApi.entry(formId, period),
    staleTime: 60_000,
  });
  const list = versions.data ?? [];
  const last = list.length ? Math.max(...list.map((v) => v.seq)) : 0;
  const from = Number(params.get('from')) || (last > 1 ? last - 1 : 0);
  const to = Number(params.get('to')) || last;
  const [pick, setPick] = useState({ from, to });
  useEffect(() => setPick({ from, to }), [from, to]);

  const diff = useQuery({
    queryKey: ['collection', 'diff', formId, period, from, to],
    queryFn: () => collectionApi.diff(formId, period, from, to),
    enabled: from > 0 && to > 0 && from !== to,
  });

  if (versions.isPending) return <Loading />;
  const options = list.map((v) => ({
    value: v.seq,
    label: `${v.seq} · ${beijingTime(v.createdAt, locale)}`,
  }));

  return (
    <Page
      title={
        entry.data
          ? t('collection.versions.heading', { form: entry.data.formCode, period })
          : t('collection.versions.title')
      }
      extra={<Link to={`/reporting/${formId}/${period}`}>{t('common.back')}</Link>}
    >
      {versions.error ? <ErrorAlert error={versions.error} onRetry={() => versions.refetch()} /> : null}
      <Table<Version>
        rowKey="seq"
        size="small"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={[...list].sort((a, b) => b.seq - a.seq)}
        caption={<span className="sr-only">{t('collection.versions.caption', { total: list.length })}</span>}
        locale={{ emptyText: <EmptyState title={t('collection.versions.empty')} /> }}
        columns={[
          { title: t('collection.versions.seq'), dataIndex: 'seq', key: 'seq' },
          {
            title: t('collection.versions.reason'),
            key: 'reason',
            render: (_, v) => t(`collection.reason.${v.reason}` as 'collection.reason.save'),
          },
          {
            title: t('collection.versions.status'),
            key: 'status',
            render: (_, v) => <StatusTag tone={statusTone(v.status)}>{t(statusLabel(v.status))}</StatusTag>,
          },
          { title: t('collection.versions.who'), key: 'who', render: (_, v) => v.actorName ?? '—' },
          {
            title: t('collection.versions.when'),
            key: 'when',
            render: (_, v) => beijingTime(v.createdAt, locale, true),
          },
          {
            title: t('collection.col.actions'),
            key: 'pdf',
            render: (_, v) =>
              v.reason === 'submit' ? (
                <Button
                  size="small"
                  type="link"
                  onClick={() => void collectionApi.pdf(formId, period, v.seq)}
                >
                  {t('collection.versions.pdf', { seq: v.seq })}
                </Button>
              ) : null,
          },
        ]}
      />

      {list.length > 1 ? (
        <section aria-labelledby="diff-title" style={{ marginTop: 24 }}>
          <Form
            layout="inline"
            style={{ rowGap: 8, marginBottom: 12 }}
            onFinish={() => setParams({ from: String(pick.from), to: String(pick.to) })}
          >
            <Form.Item label={t('collection.versions.from')} htmlFor="diff-from">
              <Select
                id="diff-from"
                style={{ width: 200 }}
                value={pick.from || undefined}
                options={options}
                onChange={(v) => setPick((p) => ({ ...p, from: v }))}
              />
            </Form.Item>
            <Form.Item label={t('collection.versions.to')} htmlFor="diff-to">
              <Select
                id="diff-to"
                style={{ width: 200 }}
                value={pick.to || undefined}
                options={options}
                onChange={(v) => setPick((p) => ({ ...p, to: v }))}
              />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit">
                {t('collection.versions.compare')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Title level={2} id="diff-title" style={{ fontSize: 18 }}>
            {t('collection.versions.diff', { from, to })}
          </Typography.Title>
          {diff.error ? <ErrorAlert error={diff.error} onRetry={() => diff.refetch()} /> : null}
          {diff.data ? (
            <Flex vertical gap="middle">
              <Space size={4} wrap>
                <span>
                  {diff.data.from.actorName ?? '—'} · {beijingTime(diff.data.from.createdAt, locale, true)}
                </span>
                <span aria-hidden="true">→</span>
                <span>
                  {diff.data.to.actorName ?? '—'} · {beijingTime(diff.data.to.createdAt, locale, true)}
                </span>
              </Space>
              <Table<Change>
                rowKey="cell"
                size="small"
                pagination={false}
                caption={<span className="sr-only">{t('collection.versions.diff', { from, to })}</span>}
                dataSource={diff.data.changes}
                locale={{ emptyText: t('collection.versions.noChanges') }}
                columns={[
                  { title: t('collection.versions.cell'), dataIndex: 'cell', key: 'cell' },
                  {
                    title: t('collection.versions.before'),
                    key: 'before',
                    render: (_, c) => (c.before === null ? '—' : <del>{c.before}</del>),
                  },
                  {
                    title: t('collection.versions.after'),
                    key: 'after',
                    render: (_, c) => (c.after === null ? '—' : <ins>{c.after}</ins>),
                  },
                ]}
              />
              {diff.data.explanationChanges.length ? (
                <Table<ExplanationChange>
                  rowKey="ruleId"
                  size="small"
                  pagination={false}
                  caption={<span className="sr-only">{t('collection.versions.explanations')}</span>}
                  title={() => t('collection.versions.explanations')}
                  dataSource={diff.data.explanationChanges}
                  columns={[
                    { title: t('collection.versions.rule'), dataIndex: 'ruleId', key: 'ruleId' },
                    {
                      title: t('collection.versions.before'),
                      key: 'before',
                      render: (_, c) => c.before ?? '—',
                    },
                    { title: t('collection.versions.after'), key: 'after', render: (_, c) => c.after ?? '—' },
                  ]}
                />
              ) : null}
            </Flex>
          ) : null}
          <ApiQuery url={`${collectionApi.entryUrl(formId, period)}/diff?from=${from}&to=${to}`} />
        </section>
      ) : null}
    </Page>
  );
}
