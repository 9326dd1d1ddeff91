/**
 * 公开数据表 (public datasets): each with its statdb indicators, dimensions and whether it is
 * public yet; define or edit one (the server checks indicators, frequency and dimensions and
 * lists every problem).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { type Dataset, publicationApi } from './api.ts';
import { DatasetDialog, subjectLabel } from './dataset-dialog.tsx';

export default function DatasetsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const datasets = useQuery({ queryKey: ['publication', 'datasets'], queryFn: publicationApi.datasets });
  const [editing, setEditing] = useState<Dataset | 'new' | null>(null);
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);

  return (
    <Page
      title={t('pub.datasets.title')}
      extra={
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('pub.datasets.new')}
        </Button>
      }
    >
      <ErrorAlert error={datasets.error} onRetry={() => datasets.refetch()} />
      {datasets.data && !datasets.data.items.length ? (
        <EmptyState title={t('pub.datasets.empty')} />
      ) : (
        <ScrollRegion label={t('pub.datasets.caption')}>
          <table id="pub-datasets" className="form-grid" style={{ fontSize: 13, width: '100%' }}>
            <caption className="sr-only">{t('pub.datasets.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pub.ds.code')}</th>
                <th scope="col">{t('pub.ds.titleZh')}</th>
                <th scope="col">{t('pub.ds.subject')}</th>
                <th scope="col">{t('pub.ds.frequency')}</th>
                <th scope="col">{t('pub.ds.indicators')}</th>
                <th scope="col">{t('pub.ds.dimensions')}</th>
                <th scope="col">{t('pub.ds.public')}</th>
                <th scope="col">{t('pub.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(datasets.data?.items ?? []).map((d) => (
                <tr key={d.code}>
                  <td>
                    <code>{d.code}</code>
                  </td>
                  <th scope="row">{name(d.title)}</th>
                  <td>{subjectLabel(d.subject, locale)}</td>
                  <td>{t(`pub.freq.${d.frequency}`)}</td>
                  <td>{d.indicators.join(', ')}</td>
                  <td>{d.dimensions.map((x) => t(`pub.dim.${x}`)).join('、')}</td>
                  <td>
                    {d.publicSince ? (
                      <StatusTag tone="success">
                        {t('pub.ds.publicSince', { at: formatDate(d.publicSince, locale, true) })}
                      </StatusTag>
                    ) : (
                      <StatusTag tone="neutral">{t('pub.ds.notPublic')}</StatusTag>
                    )}
                  </td>
                  <td>
                    <Button size="small" onClick={() => setEditing(d)}>
                      {t('pub.datasets.edit')}
                      <span className="sr-only"> {d.code}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {editing ? (
        <DatasetDialog
          dataset={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(d) => {
            setEditing(null);
            client.invalidateQueries({ queryKey: ['publication'] });
            message.success(t('pub.datasets.saved', { code: d.code }));
          }}
        />
      ) : null}
    </Page>
  );
}
