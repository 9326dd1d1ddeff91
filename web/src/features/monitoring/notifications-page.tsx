/** The signed-in person's in-app notifications (站内通知), newest first; each can be marked read. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, List, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { monitoringApi, type Notification } from './api.ts';

const PAGE_SIZE = 20;

export default function NotificationsPage() {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [unread, setUnread] = useState(false);
  const [page, setPage] = useState(1);
  const q = { unread: unread ? ('true' as const) : undefined, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['monitoring', 'notifications', q],
    queryFn: () => monitoringApi.notifications(q),
    placeholderData: keepPreviousData,
  });
  const read = useMutation({
    mutationFn: monitoringApi.markRead,
    onSuccess: () => client.invalidateQueries({ queryKey: ['monitoring', 'notifications'] }),
  });

  return (
    <Page title={t('monitoring.notifications.title')}>
      <Typography.Paragraph>
        {list.data ? t('monitoring.notifications.unread', { n: list.data.unread }) : null}
      </Typography.Paragraph>
      <Checkbox
        checked={unread}
        onChange={(e) => {
          setUnread(e.target.checked);
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
      >
        {t('monitoring.notifications.onlyUnread')}
      </Checkbox>
      <ErrorAlert error={list.error ?? read.error} onRetry={() => list.refetch()} />
      <List<Notification>
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <EmptyState title={t('monitoring.notifications.empty')} /> }}
        pagination={
          (list.data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }
            : false
        }
        renderItem={(n) => (
          <List.Item
            actions={
              n.readAt
                ? []
                : [
                    <Button
                      key="read"
                      size="small"
                      loading={read.isPending && read.variables === n.id}
                      onClick={() => read.mutate(n.id)}
                    >
                      {t('monitoring.notifications.markRead')}
                    </Button>,
                  ]
            }
          >
            <div>
              <div>
                {n.readAt ? null : <StatusTag tone="info">{t('monitoring.notifications.new')}</StatusTag>}
                {locale === 'en-US' ? n.text.en : n.text.zh}
              </div>
              <Typography.Text type="secondary">{formatDate(n.createdAt, locale, true)}</Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Page>
  );
}
