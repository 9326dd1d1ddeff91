/** 信息发布: the articles by channel and status, newest change first; a new one starts here. */
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { type ArticleItem, cmsApi } from './api.ts';
import { CHANNELS, categoryKey, channelKey, STATUS_TONE, STATUSES, statusKey } from './labels.ts';

export default function ArticlesPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  // Filters live in the URL so a list can be shared and survives a reload.
  const [params, setParams] = useSearchParams();
  const channel = params.get('channel') ?? undefined;
  const status = params.get('status') ?? undefined;
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const [search, setSearch] = useState(q);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const list = useQuery({
    queryKey: ['cms', 'articles', channel, status, q, page],
    queryFn: () => cmsApi.articles({ channel, status, q, page, pageSize: 20 }),
  });
  return (
    <Page
      title={t('cms.articles.title')}
      extra={
        <Button type="primary" onClick={() => navigate('/cms/articles/new')}>
          {t('cms.articles.new')}
        </Button>
      }
    >
      <Typography.Paragraph>{t('cms.articles.intro')}</Typography.Paragraph>
      <Flex gap="small" wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('cms.filter.channel')}
          style={{ minWidth: 160 }}
          value={channel ?? ''}
          onChange={(v) => set('channel', v || undefined)}
          options={[
            { value: '', label: `${t('cms.filter.channel')}：${t('cms.filter.all')}` },
            ...CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) })),
          ]}
        />
        <Select
          aria-label={t('cms.filter.status')}
          style={{ minWidth: 160 }}
          value={status ?? ''}
          onChange={(v) => set('status', v || undefined)}
          options={[
            { value: '', label: `${t('cms.filter.status')}：${t('cms.filter.all')}` },
            ...STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) })),
          ]}
        />
        <Input.Search
          aria-label={t('cms.articles.search')}
          placeholder={t('cms.articles.search')}
          style={{ maxWidth: 280 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => set('q', v.trim() || undefined)}
          allowClear
        />
      </Flex>
      <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      <Table<ArticleItem>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('cms.articles.empty') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => set('page', String(p)),
        }}
        columns={[
          {
            title: t('cms.col.title'),
            dataIndex: 'title',
            render: (title: string, a) => <Link to={`/cms/articles/${a.id}`}>{title}</Link>,
          },
          {
            title: t('cms.col.channel'),
            dataIndex: 'channel',
            render: (c: string, a) =>
              a.category ? `${t(channelKey(c))} · ${t(categoryKey(a.category))}` : t(channelKey(c)),
          },
          {
            title: t('cms.col.status'),
            dataIndex: 'status',
            render: (s: ArticleItem['status']) => (
              <StatusTag tone={STATUS_TONE[s]}>{t(statusKey(s))}</StatusTag>
            ),
          },
          { title: t('cms.col.version'), dataIndex: 'version', align: 'right' },
          {
            title: t('cms.col.live'),
            dataIndex: 'live',
            render: (l: ArticleItem['live']) =>
              l
                ? t('cms.live.version', { version: l.version, at: formatDate(l.visibleFrom, locale, true) })
                : t('cms.live.none'),
          },
          {
            title: t('cms.col.updated'),
            dataIndex: 'updatedAt',
            render: (d: string) => formatDate(d, locale, true),
          },
        ]}
      />
    </Page>
  );
}
