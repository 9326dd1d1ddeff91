/**
 * A unit's status changes with their dates and reasons, read from the audit log
 * (`GET /api/audit/events`, administrators only — the register itself keeps just the current status).
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Table } from 'antd';
import type { z } from 'zod';
import type { AuditPage } from '../../../../src/modules/audit/index.ts';
import { api } from '../../api/client.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, StatusTag } from '../../ui/ui.tsx';
import { statusLabel, statusTone } from './labels.ts';

type Event = z.infer<typeof AuditPage>['items'][number];
interface Change {
  from?: string;
  to?: string;
  date?: string;
  reason?: string | null;
}

const col = () => ({ scope: 'col' });

export function StatusHistory({ unitId, version }: { unitId: string; version: number }) {
  const { t, locale } = useI18n();
  const events = useQuery({
    // The unit's version in the key: a status change refetches the history.
    queryKey: ['audit', 'unit-status', unitId, version],
    queryFn: () =>
      api<z.infer<typeof AuditPage>>('/api/audit/events', {
        query: { entityType: 'unit', entityId: unitId, action: 'unit.status_changed', pageSize: 50 },
      }),
  });
  const tag = (s?: string) => (s ? <StatusTag tone={statusTone(s)}>{t(statusLabel(s))}</StatusTag> : null);
  return (
    <Card title={<h2 className="card-title">{t('units.status.history')}</h2>} style={{ marginTop: 16 }}>
      <ErrorAlert error={events.error} onRetry={() => events.refetch()} />
      <div className="table-scroll">
        <Table<Event>
          rowKey="id"
          size="small"
          loading={events.isPending}
          pagination={false}
          dataSource={events.data?.items ?? []}
          caption={<span className="sr-only">{t('units.status.history')}</span>}
          locale={{ emptyText: t('units.status.history.empty') }}
          columns={[
            {
              title: t('units.status.history.at'),
              dataIndex: 'occurredAt',
              onHeaderCell: col,
              render: (v) => formatDate(v, locale, true),
            },
            {
              title: t('units.status.history.change'),
              key: 'change',
              onHeaderCell: col,
              render: (_, e) => {
                const d = (e.details ?? {}) as Change;
                return (
                  <span>
                    {tag(d.from)} → {tag(d.to)}
                  </span>
                );
              },
            },
            {
              title: t('units.status.history.date'),
              key: 'date',
              onHeaderCell: col,
              render: (_, e) => formatDate((e.details as Change | null)?.date, locale),
            },
            {
              title: t('units.status.reason'),
              key: 'reason',
              onHeaderCell: col,
              render: (_, e) => (e.details as Change | null)?.reason || t('common.none'),
            },
            {
              title: t('scope.override.by'),
              dataIndex: 'actorName',
              onHeaderCell: col,
              render: (v) => v ?? t('common.none'),
            },
          ]}
        />
      </div>
    </Card>
  );
}
