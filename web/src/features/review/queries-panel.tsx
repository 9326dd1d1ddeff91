/**
 * Cell queries (查询): a reviewer asks about a cell, the unit answers, the thread is kept. Open
 * threads take replies and can be closed; a new query names a cell of the form.
 */
import { Button, Card, Flex, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, StatusTag } from '../../ui/ui.tsx';
import type { QueryThread } from './api.ts';
import { levelLabel, levelOfRole } from './selection.ts';

export function QueriesPanel({
  queries,
  cells,
  canAsk,
  onAsk,
  onReply,
  onClose,
}: {
  queries: QueryThread[];
  /** The form's cells to ask about: `ref` and a readable label. */
  cells: { value: string; label: string }[];
  canAsk: boolean;
  onAsk: (cell: string, body: string) => Promise<unknown>;
  onReply: (queryId: string, body: string) => Promise<unknown>;
  onClose: (queryId: string) => Promise<unknown>;
}) {
  const { t, locale } = useI18n();
  const [cell, setCell] = useState<string | undefined>();
  const [body, setBody] = useState('');
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const authorLabel = (role: string) => {
    if (role === 'enterprise') return t('review.queries.unit');
    const level = levelOfRole(role);
    return level ? t(levelLabel(level)) : t(`role.${role}` as 'role.admin');
  };
  const cellName = new Map(cells.map((c) => [c.value, c.label]));

  const run = async (key: string, f: () => Promise<unknown>, after: () => void) => {
    setBusy(key);
    setError(null);
    try {
      await f();
      after();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div>
      <ErrorAlert error={error} />
      {queries.length === 0 ? <EmptyState title={t('review.queries.none')} /> : null}
      <Flex vertical gap="middle">
        {queries.map((q) => (
          <Card
            key={q.id}
            size="small"
            title={
              <h3 className="card-title" style={{ fontSize: 14 }}>
                {t('review.queries.about', { cell: cellName.get(q.cell) ?? q.cell })}
              </h3>
            }
            extra={
              <StatusTag tone={q.status === 'open' ? 'info' : 'neutral'}>
                {t(`review.queries.${q.status}`)}
              </StatusTag>
            }
          >
            <ol style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {q.messages.map((m) => (
                <li key={m.seq} style={{ marginBottom: 8 }}>
                  <Typography.Text strong>
                    {m.authorName ?? '—'} ({authorLabel(m.authorRole)})
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">{formatDate(m.writtenAt, locale, true)}</Typography.Text>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
                </li>
              ))}
            </ol>
            {q.status === 'open' && canAsk ? (
              <Flex vertical gap="small">
                <label htmlFor={`reply-${q.id}`}>{t('review.queries.reply')}</label>
                <Input.TextArea
                  id={`reply-${q.id}`}
                  rows={2}
                  maxLength={2000}
                  value={replies[q.id] ?? ''}
                  onChange={(e) => setReplies({ ...replies, [q.id]: e.target.value })}
                />
                <Flex gap="small" wrap>
                  <Button
                    size="small"
                    disabled={!(replies[q.id] ?? '').trim()}
                    loading={busy === `r-${q.id}`}
                    onClick={() =>
                      run(
                        `r-${q.id}`,
                        () => onReply(q.id, (replies[q.id] ?? '').trim()),
                        () => setReplies({ ...replies, [q.id]: '' }),
                      )
                    }
                  >
                    {t('review.queries.send')}
                  </Button>
                  <Button
                    size="small"
                    loading={busy === `c-${q.id}`}
                    onClick={() =>
                      run(
                        `c-${q.id}`,
                        () => onClose(q.id),
                        () => {},
                      )
                    }
                  >
                    {t('review.queries.close')}
                  </Button>
                </Flex>
              </Flex>
            ) : q.closedAt ? (
              <Typography.Text type="secondary">
                {t('review.queries.closedBy', {
                  who: q.closedBy ?? '—',
                  at: formatDate(q.closedAt, locale, true),
                })}
              </Typography.Text>
            ) : null}
          </Card>
        ))}
      </Flex>
      {canAsk ? (
        <Flex vertical gap="small" style={{ marginTop: 16 }}>
          <h3 className="card-title" style={{ fontSize: 14 }}>
            {t('review.queries.new')}
          </h3>
          <label htmlFor="query-cell">{t('review.queries.cell')}</label>
          <Select
            id="query-cell"
            showSearch={{ optionFilterProp: 'label' }}
            value={cell}
            onChange={setCell}
            options={cells}
            style={{ maxWidth: 420 }}
          />
          <label htmlFor="query-body">{t('review.queries.question')}</label>
          <Input.TextArea
            id="query-body"
            rows={2}
            maxLength={2000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div>
            <Button
              disabled={!cell || !body.trim()}
              loading={busy === 'ask'}
              onClick={() =>
                run(
                  'ask',
                  () => onAsk(cell!, body.trim()),
                  () => {
                    setBody('');
                    setCell(undefined);
                  },
                )
              }
            >
              {t('review.queries.ask')}
            </Button>
          </div>
        </Flex>
      ) : null}
    </div>
  );
}
