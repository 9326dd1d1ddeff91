/**
 * The failing rules of a submission, each with the values it read and, for a verify failure,
 * the unit's explanation (说明) beside it with the reviewer's verdict: accept, or reject with a note.
 */
import { Button, Descriptions, Flex, Input, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, StatusTag } from '../../ui/ui.tsx';
import type { FailedRule, Verdict } from './api.ts';
import { levelLabel, ruleValues } from './selection.ts';

const SEVERITY_TONE = { fatal: 'danger', verify: 'warning', hint: 'neutral' } as const;

export function RuleResults({
  rules,
  canJudge,
  onJudge,
}: {
  rules: FailedRule[];
  canJudge: boolean;
  onJudge: (ruleId: string, v: Verdict) => Promise<unknown>;
}) {
  const { t, locale } = useI18n();
  const [rejecting, setRejecting] = useState<FailedRule | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const judge = async (ruleId: string, v: Verdict) => {
    setBusy(ruleId);
    setError(null);
    try {
      await onJudge(ruleId, v);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (!rules.length) return <EmptyState title={t('review.rules.none')} />;
  return (
    <>
      {rejecting ? null : <ErrorAlert error={error} />}
      <List
        dataSource={rules}
        rowKey="ruleId"
        renderItem={(r) => {
          const verdict = r.verdict?.current ? r.verdict : null;
          return (
            <List.Item aria-label={t('review.rules.item', { rule: r.ruleId })} style={{ display: 'block' }}>
              <Flex gap="small" align="center" wrap>
                <StatusTag tone={SEVERITY_TONE[r.severity]}>{t(`review.severity.${r.severity}`)}</StatusTag>
                <Typography.Text strong>{r.ruleId}</Typography.Text>
                <span>{r.message ? r.message[locale] : ''}</span>
              </Flex>
              <Descriptions
                size="small"
                column={1}
                style={{ marginTop: 8 }}
                items={[
                  {
                    key: 'values',
                    label: t('review.rules.values'),
                    children: (
                      <span>
                        {ruleValues(r.values).map((x) => (
                          <code key={x.cell} style={{ marginInlineEnd: 12 }}>
                            {x.cell} = {x.value}
                          </code>
                        ))}
                      </span>
                    ),
                  },
                  ...(r.severity === 'verify'
                    ? [
                        {
                          key: 'explanation',
                          label: t('review.rules.explanation'),
                          children: r.explanation ? (
                            <blockquote style={{ margin: 0 }}>
                              {r.explanation}
                              {r.explanationBy ? (
                                <Typography.Text type="secondary"> — {r.explanationBy}</Typography.Text>
                              ) : null}
                            </blockquote>
                          ) : (
                            <Typography.Text type="secondary">
                              {t('review.rules.noExplanation')}
                            </Typography.Text>
                          ),
                        },
                        {
                          key: 'verdict',
                          label: t('review.rules.verdict'),
                          children: verdict ? (
                            <span>
                              <StatusTag tone={verdict.verdict === 'accepted' ? 'success' : 'danger'}>
                                {t(`review.verdict.${verdict.verdict}`)}
                              </StatusTag>
                              {verdict.reviewerName}
                              {verdict.level ? ` (${t(levelLabel(verdict.level))})` : ''}{' '}
                              {formatDate(verdict.reviewedAt, locale, true)}
                              {verdict.note ? <div>{verdict.note}</div> : null}
                            </span>
                          ) : r.verdict && !r.verdict.current ? (
                            <span>{t('review.verdict.rewritten')}</span>
                          ) : (
                            <span>{t('review.verdict.pending')}</span>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
              {canJudge && r.severity === 'verify' && r.explanation ? (
                <Flex gap="small" wrap style={{ marginTop: 8 }}>
                  <Button
                    size="small"
                    loading={busy === r.ruleId}
                    disabled={verdict?.verdict === 'accepted'}
                    onClick={() => judge(r.ruleId, { verdict: 'accepted' })}
                    aria-label={t('review.verdict.accept.for', { rule: r.ruleId })}
                  >
                    {t('review.verdict.accept')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    disabled={verdict?.verdict === 'rejected'}
                    onClick={() => {
                      setNote('');
                      setRejecting(r);
                    }}
                    aria-label={t('review.verdict.reject.for', { rule: r.ruleId })}
                  >
                    {t('review.verdict.reject')}
                  </Button>
                </Flex>
              ) : null}
            </List.Item>
          );
        }}
      />
      <Modal
        open={!!rejecting}
        title={t('review.verdict.reject.title', { rule: rejecting?.ruleId ?? '' })}
        okText={t('review.verdict.reject')}
        okButtonProps={{ danger: true, disabled: !note.trim(), loading: !!busy }}
        cancelText={t('common.cancel')}
        onCancel={() => setRejecting(null)}
        onOk={async () => {
          if (rejecting && (await judge(rejecting.ruleId, { verdict: 'rejected', note: note.trim() })))
            setRejecting(null);
        }}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <label htmlFor="reject-note">{t('review.verdict.note')}</label>
        <Input.TextArea
          id="reject-note"
          rows={3}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </>
  );
}
