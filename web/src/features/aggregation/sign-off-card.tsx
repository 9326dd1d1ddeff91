/**
 * 封库 (sign-off) of a form's period: the list of sign-offs, each viewable "as signed off" (the
 * table as known at its time), and for city statisticians and admins the sign-off itself with a
 * note, behind a confirm dialog because it publishes the totals into the statistical database.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ui.tsx';
import { aggregationApi } from './api.ts';

export function SignOffCard({
  formId,
  period,
  canSign,
  shownAsOf,
  onView,
}: {
  formId: string;
  period: string;
  canSign: boolean;
  shownAsOf: string | undefined;
  onView: (at: string) => void;
}) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const list = useQuery({
    queryKey: ['aggregation', 'sign-offs', formId, period],
    queryFn: () => aggregationApi.signOffs(formId, period),
    refetchOnWindowFocus: true,
  });
  const sign = useMutation({
    mutationFn: () => aggregationApi.signOff(formId, period, note.trim()),
    onSuccess: () => {
      setOpen(false);
      setNote('');
      client.invalidateQueries({ queryKey: ['aggregation'] });
    },
  });
  const items = list.data?.items ?? [];

  return (
    <Card
      title={<h2 className="card-title">{t('agg.signOffs')}</h2>}
      extra={
        canSign ? (
          <Button type="primary" onClick={() => setOpen(true)}>
            {t('agg.signOff')}
          </Button>
        ) : null
      }
      style={{ marginBottom: 16 }}
    >
      <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      {sign.data ? (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ marginBottom: 12 }}
          title={t('agg.signOff.done', { seq: sign.data.seq, published: sign.data.published })}
        />
      ) : null}
      {items.length ? (
        <table className="form-grid" style={{ fontSize: 13 }}>
          <caption className="sr-only">{t('agg.signOffs.caption', { period })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agg.signOff.seq')}</th>
              <th scope="col">{t('agg.signOff.at')}</th>
              <th scope="col">{t('agg.signOff.by')}</th>
              <th scope="col">{t('agg.signOff.note')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.seq}>
                <td style={{ textAlign: 'right' }}>{s.seq}</td>
                <td>{formatDate(s.signedAt, locale, true)}</td>
                <td>{s.signedBy}</td>
                <td>{s.note ?? '—'}</td>
                <td>
                  <Button
                    size="small"
                    aria-pressed={shownAsOf === s.signedAt}
                    onClick={() => onView(s.signedAt)}
                    aria-label={t('agg.signOff.view.label', { seq: s.seq })}
                  >
                    {t('agg.signOff.view')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('agg.signOffs.none')}
        </Typography.Paragraph>
      )}
      <Modal
        open={open}
        title={t('agg.signOff.confirm', { period })}
        okText={t('agg.signOff.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={sign.isPending}
        onOk={() => sign.mutate()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('agg.signOff.explain')}</Typography.Paragraph>
        <ErrorAlert error={sign.error} />
        <Form layout="vertical">
          <Form.Item label={t('agg.signOff.note')} htmlFor="agg-signoff-note">
            <Input.TextArea
              id="agg-signoff-note"
              rows={3}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
