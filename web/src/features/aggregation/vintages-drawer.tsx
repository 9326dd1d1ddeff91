/**
 * Every vintage (版本) of one unit's approved report: when it was approved and by whom, when it
 * was withdrawn (the report reopened), and what changed from the vintage before it.
 */
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Typography } from 'antd';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading, StatusTag } from '../../ui/ui.tsx';
import { aggregationApi, type MicroRow } from './api.ts';
import { formatDecimal } from './summary-table.tsx';
import { valueDiff } from './vintage-diff.ts';

export function VintagesDrawer({
  formId,
  period,
  unit,
  onClose,
}: {
  formId: string;
  period: string;
  unit: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const vintages = useQuery({
    queryKey: ['aggregation', 'vintages', formId, period, unit?.id],
    queryFn: () => aggregationApi.vintages(formId, period, unit!.id),
    enabled: !!unit,
  });
  const items = vintages.data?.items ?? [];
  return (
    <Drawer
      open={!!unit}
      onClose={onClose}
      size="large"
      title={unit ? t('agg.vintages.title', { unit: unit.name, period }) : ''}
    >
      <ErrorAlert error={vintages.error} onRetry={() => vintages.refetch()} />
      {vintages.isLoading ? <Loading /> : null}
      <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('agg.micro.vintages')}>
        {items.map((v, i) => (
          <li key={v.vintage} style={{ marginBottom: 24 }}>
            <Vintage v={v} previous={i > 0 ? items[i - 1]! : null} />
          </li>
        ))}
      </ol>
    </Drawer>
  );
}

/** One vintage: its times, who approved it, and its changes from the one before. */
function Vintage({ v, previous }: { v: MicroRow; previous: MicroRow | null }) {
  const { t, locale } = useI18n();
  const diff = previous ? valueDiff(previous.values, v.values) : [];
  return (
    <section aria-labelledby={`vintage-${v.vintage}`}>
      <h2 id={`vintage-${v.vintage}`} style={{ fontSize: 16, margin: '0 0 8px' }}>
        {t('agg.micro.vintage')} {v.vintage}{' '}
        {v.withdrawnAt ? (
          <StatusTag tone="neutral">{t('agg.vintages.withdrawn')}</StatusTag>
        ) : (
          <StatusTag tone="success">{t('agg.vintages.current')}</StatusTag>
        )}
      </h2>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'approved',
            label: t('agg.vintages.approved'),
            children: formatDate(v.approvedAt, locale, true),
          },
          { key: 'by', label: t('agg.vintages.by'), children: v.approvedBy },
          {
            key: 'withdrawn',
            label: t('agg.vintages.withdrawn'),
            children: v.withdrawnAt ? formatDate(v.withdrawnAt, locale, true) : '—',
          },
        ]}
      />
      {previous ? (
        diff.length ? (
          <table className="form-grid" style={{ fontSize: 13, marginTop: 8 }}>
            <caption style={{ fontSize: 14, textAlign: 'left' }}>{t('agg.vintages.diff')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agg.vintages.cell')}</th>
                <th scope="col">{t('agg.vintages.before')}</th>
                <th scope="col">{t('agg.vintages.after')}</th>
              </tr>
            </thead>
            <tbody>
              {diff.map((d) => (
                <tr key={d.cell}>
                  <th scope="row">{d.cell}</th>
                  <td style={{ textAlign: 'right' }}>{formatDecimal(d.before, locale)}</td>
                  <td style={{ textAlign: 'right' }}>{formatDecimal(d.after, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Typography.Paragraph style={{ marginTop: 8 }}>{t('agg.vintages.noDiff')}</Typography.Paragraph>
        )
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('agg.vintages.first')}
        </Typography.Paragraph>
      )}
      <details>
        <summary>{t('agg.vintages.values')}</summary>
        <table className="form-grid" style={{ fontSize: 13, marginTop: 8 }}>
          <caption className="sr-only">{t('agg.vintages.values')}</caption>
          <tbody>
            {Object.entries(v.values)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, val]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td style={{ textAlign: 'right' }}>{formatDecimal(val, locale)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
