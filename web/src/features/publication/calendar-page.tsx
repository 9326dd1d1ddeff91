/**
 * 发布日程 (release calendar): the releases of a month with their status and staged datasets;
 * schedule, edit, move and cancel releases; stage datasets into one with a preview of what would
 * change (additions, revisions with their old and new values) and what the public sees at the minute.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { publicationApi, type Release } from './api.ts';
import { ReleaseDialog } from './release-dialog.tsx';
import { StageDialog } from './stage-dialog.tsx';

const NOWRAP = { whiteSpace: 'nowrap' } as const;
const monthStart = (d: Date) => new Date(d.getFullYear(), d.getMonth(), 1);
const addMonths = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth() + n, 1);

export default function CalendarPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [month, setMonth] = useState(() => monthStart(new Date()));
  const [editing, setEditing] = useState<Release | 'new' | null>(null);
  const [staging, setStaging] = useState<Release | null>(null);
  const from = month.toISOString();
  const to = new Date(addMonths(month, 1).getTime() - 60_000).toISOString();
  const releases = useQuery({
    queryKey: ['publication', 'releases', from],
    queryFn: () => publicationApi.releases(from, to),
  });
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);
  const cancel = useMutation({
    mutationFn: (r: Release) => publicationApi.cancelRelease(r.id),
    onSuccess: (r) => {
      client.invalidateQueries({ queryKey: ['publication'] });
      message.success(t('pub.release.cancelled', { title: name(r.title) }));
    },
  });
  const monthLabel = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(month);
  const status = (r: Release) =>
    r.status === 'cancelled' ? (
      <StatusTag tone="neutral">{t('pub.status.cancelled')}</StatusTag>
    ) : r.released ? (
      <StatusTag tone="success">{t('pub.status.released')}</StatusTag>
    ) : (
      <StatusTag tone="info">{t('pub.status.scheduled')}</StatusTag>
    );
  const saved = (r: Release) => {
    client.invalidateQueries({ queryKey: ['publication'] });
    setMonth(monthStart(new Date(r.releaseAt)));
    message.success(t('pub.release.saved', { title: name(r.title) }));
  };

  return (
    <Page
      title={t('pub.calendar.title')}
      extra={
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('pub.calendar.new')}
        </Button>
      }
    >
      <ErrorAlert error={releases.error ?? cancel.error} onRetry={() => releases.refetch()} />
      <Flex align="center" gap="small" wrap style={{ marginBottom: 12 }}>
        <Button onClick={() => setMonth(addMonths(month, -1))}>{t('pub.calendar.prev')}</Button>
        <Typography.Title level={2} style={{ fontSize: 18, margin: '0 8px' }} aria-live="polite">
          {monthLabel}
        </Typography.Title>
        <Button onClick={() => setMonth(addMonths(month, 1))}>{t('pub.calendar.next')}</Button>
        <Button type="link" onClick={() => setMonth(monthStart(new Date()))}>
          {t('pub.calendar.thisMonth')}
        </Button>
      </Flex>
      {releases.data ? (
        <Typography.Paragraph type="secondary">
          {t('pub.calendar.now', { now: formatDate(releases.data.now, locale, true) })}
        </Typography.Paragraph>
      ) : null}
      {releases.data && !releases.data.items.length ? (
        <EmptyState title={t('pub.calendar.empty')} />
      ) : (
        <ScrollRegion label={t('pub.calendar.caption', { month: monthLabel })}>
          <table id="pub-calendar" className="form-grid" style={{ fontSize: 13, width: '100%' }}>
            <caption className="sr-only">{t('pub.calendar.caption', { month: monthLabel })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pub.col.time')}</th>
                <th scope="col">{t('pub.col.title')}</th>
                <th scope="col">{t('pub.col.kind')}</th>
                <th scope="col">{t('pub.col.status')}</th>
                <th scope="col">{t('pub.col.datasets')}</th>
                <th scope="col">{t('pub.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(releases.data?.items ?? []).map((r) => {
                const open = r.status === 'scheduled' && !r.released;
                return (
                  <tr key={r.id}>
                    <td style={NOWRAP}>
                      <time dateTime={r.releaseAt}>{formatDate(r.releaseAt, locale, true)}</time>
                    </td>
                    <th scope="row">{name(r.title)}</th>
                    <td style={NOWRAP}>{t(`pub.kind.${r.kind}`)}</td>
                    <td style={NOWRAP}>{status(r)}</td>
                    <td>
                      {r.stagings.length
                        ? r.stagings.map((s) => (
                            <span key={s.dataset} title={s.dataset} style={{ marginInlineEnd: 8 }}>
                              {name(s.title)}
                              <span className="sr-only">（{s.dataset}）</span>
                            </span>
                          ))
                        : t('pub.release.none')}
                    </td>
                    <td>
                      <Flex gap="small" wrap>
                        {r.status === 'scheduled' ? (
                          <Button size="small" onClick={() => setEditing(r)}>
                            {t('pub.release.edit')}
                            <span className="sr-only"> {name(r.title)}</span>
                          </Button>
                        ) : null}
                        {open ? (
                          <>
                            <Button size="small" onClick={() => setStaging(r)}>
                              {t('pub.release.stage')}
                              <span className="sr-only"> {name(r.title)}</span>
                            </Button>
                            <Popconfirm
                              title={t('pub.release.cancelConfirm', { title: name(r.title) })}
                              okText={t('common.confirm')}
                              cancelText={t('common.cancel')}
                              onConfirm={() => cancel.mutate(r)}
                            >
                              <Button size="small" danger>
                                {t('pub.release.cancel')}
                                <span className="sr-only"> {name(r.title)}</span>
                              </Button>
                            </Popconfirm>
                          </>
                        ) : r.released ? (
                          <Typography.Text type="secondary">{t('pub.release.locked')}</Typography.Text>
                        ) : null}
                      </Flex>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {editing ? (
        <ReleaseDialog
          release={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            saved(r);
          }}
        />
      ) : null}
      {staging ? (
        <StageDialog
          release={staging}
          onClose={() => setStaging(null)}
          onChanged={(r) => {
            setStaging(r);
            client.invalidateQueries({ queryKey: ['publication'] });
          }}
        />
      ) : null}
    </Page>
  );
}
