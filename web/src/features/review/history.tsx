/** The decisions taken on a submission so far (审核记录), oldest first. */
import { Table } from 'antd';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState } from '../../ui/ui.tsx';
import type { Detail } from './api.ts';
import { ScrollRegion } from './scroll-region.tsx';
import { levelLabel } from './selection.ts';

export function DecisionHistory({ decisions }: { decisions: Detail['decisions'] }) {
  const { t, locale } = useI18n();
  const col = () => ({ scope: 'col' });
  return (
    <ScrollRegion label={t('review.history')}>
      <Table
        rowKey="seq"
        size="small"
        style={{ minWidth: 640 }}
        pagination={false}
        dataSource={decisions}
        caption={<span className="sr-only">{t('review.history')}</span>}
        locale={{ emptyText: <EmptyState title={t('review.history.none')} /> }}
        columns={[
          {
            title: t('review.history.at'),
            dataIndex: 'decidedAt',
            onHeaderCell: col,
            render: (v) => formatDate(v, locale, true),
          },
          { title: t('review.history.round'), dataIndex: 'round', onHeaderCell: col },
          {
            title: t('review.history.level'),
            dataIndex: 'level',
            onHeaderCell: col,
            render: (v) => t(levelLabel(v)),
          },
          {
            title: t('review.history.decision'),
            dataIndex: 'decision',
            onHeaderCell: col,
            render: (v, d) =>
              v === 'return_to_level' && d.toLevel
                ? t('review.decision.return_to_level', { level: t(levelLabel(d.toLevel)) })
                : t(`review.decision.${v}` as 'review.decision.approve'),
          },
          {
            title: t('review.history.reason'),
            dataIndex: 'reason',
            onHeaderCell: col,
            render: (v) => v ?? '—',
          },
          {
            title: t('review.history.by'),
            dataIndex: 'actorName',
            onHeaderCell: col,
            render: (v) => v ?? '—',
          },
        ]}
      />
    </ScrollRegion>
  );
}
