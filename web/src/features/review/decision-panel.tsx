/**
 * What the signed-in reviewer may decide on a submission: approve at their level; return with a
 * reason to the unit or to a named lower level; reopen after final approval (top level only,
 * with a reason). A decision over someone else's (409) is shown plainly, with a reload.
 */
import { Alert, Button, Flex, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { ApiProblem } from '../../api/problem.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ui.tsx';
import type { Detail } from './api.ts';
import { levelLabel } from './selection.ts';

export type DecisionInput =
  | { kind: 'approve' }
  | { kind: 'return'; to: string; reason: string }
  | { kind: 'reopen'; reason: string };

/** A 409 from a decision: someone else decided first, or the unit resubmitted. */
export const isConflict = (e: unknown) => e instanceof ApiProblem && e.status === 409;

export function DecisionPanel({
  detail,
  allowed,
  onDecide,
  onReload,
}: {
  detail: Detail;
  allowed: { decide: boolean; reopen: boolean; returnTo: string[] };
  onDecide: (d: DecisionInput) => Promise<unknown>;
  onReload: () => void;
}) {
  const { t, locale } = useI18n();
  const [to, setTo] = useState('unit');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (key: string, d: DecisionInput) => {
    setBusy(key);
    setError(null);
    setDone(null);
    try {
      await onDecide(d);
      setReason('');
      setDone(key);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const conflict = isConflict(error) ? (error as ApiProblem) : null;
  const { review } = detail;

  return (
    <div>
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('review.conflict.title')}
          description={conflict.messageIn(locale)}
          action={
            <Button
              size="small"
              onClick={() => {
                setError(null);
                onReload();
              }}
            >
              {t('review.conflict.reload')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      ) : (
        <ErrorAlert error={error} />
      )}
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t(`review.done.${done}` as 'review.done.approve')}
          style={{ marginBottom: 12 }}
        />
      ) : null}

      {allowed.decide ? (
        <Flex vertical gap="small">
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('review.decide.at', { level: t(levelLabel(review.level)) })}
          </Typography.Paragraph>
          <Button
            type="primary"
            loading={busy === 'approve'}
            onClick={() => run('approve', { kind: 'approve' })}
          >
            {review.level === detail.levels.at(-1)
              ? t('review.decide.approveFinal')
              : t('review.decide.approve')}
          </Button>
          <fieldset style={{ border: 0, padding: 0, margin: '8px 0 0' }}>
            <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 4 }}>
              {t('review.decide.returnTo')}
            </legend>
            <Radio.Group value={to} onChange={(e) => setTo(e.target.value)}>
              <Radio value="unit">{t('review.decide.toUnit')}</Radio>
              {allowed.returnTo.map((l) => (
                <Radio key={l} value={l}>
                  {t('review.decide.toLevel', { level: t(levelLabel(l)) })}
                </Radio>
              ))}
            </Radio.Group>
          </fieldset>
          <label htmlFor="decision-reason">{t('review.decide.reason')}</label>
          <Input.TextArea
            id="decision-reason"
            rows={3}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button
            danger
            disabled={!reason.trim()}
            loading={busy === 'return'}
            onClick={() => run('return', { kind: 'return', to, reason: reason.trim() })}
          >
            {t('review.decide.return')}
          </Button>
        </Flex>
      ) : allowed.reopen ? (
        <Flex vertical gap="small">
          <Typography.Paragraph style={{ margin: 0 }}>{t('review.reopen.hint')}</Typography.Paragraph>
          <label htmlFor="reopen-reason">{t('review.reopen.reason')}</label>
          <Input.TextArea
            id="reopen-reason"
            rows={3}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button
            disabled={!reason.trim()}
            loading={busy === 'reopen'}
            onClick={() => run('reopen', { kind: 'reopen', reason: reason.trim() })}
          >
            {t('review.reopen')}
          </Button>
        </Flex>
      ) : (
        <Flex vertical gap="small">
          <Typography.Paragraph style={{ margin: 0 }}>
            {review.status === 'pending'
              ? t('review.decide.waiting', { level: t(levelLabel(review.level)) })
              : review.status === 'returned'
                ? t('review.decide.returned')
                : t('review.decide.approved')}
          </Typography.Paragraph>
        </Flex>
      )}
    </div>
  );
}
