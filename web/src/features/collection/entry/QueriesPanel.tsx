/**
 * Review queries (查询) on this submission: a reviewer asks about a cell, the unit answers; every
 * message of each thread is kept and shown. Queries exist only once the form has been handed in.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Typography } from 'antd';
import { useState } from 'react';
import { asProblem } from '../../../api/problem.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { ErrorAlert, StatusTag } from '../../../ui/ui.tsx';
import { collectionApi, type Review } from '../api.ts';
import { beijingTime } from '../labels.ts';
import { focusCell } from './ProblemPanel.tsx';

type Query = Review['queries'][number];

function Thread({ q, onAnswer }: { q: Query; onAnswer(body: string): Promise<unknown> }) {
  const { t, locale } = useI18n();
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `query-${q.id}`;
  return (
    <li className="query" aria-labelledby={`${id}-title`}>
      <Typography.Title level={3} id={`${id}-title`} style={{ fontSize: 15 }}>
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => focusCell(q.cell)}>
          {t('collection.queries.cell', { cell: q.cell })}
        </Button>{' '}
        <StatusTag tone={q.status === 'open' ? 'warning' : 'neutral'}>
          {t(q.status === 'open' ? 'collection.queries.open' : 'collection.queries.closed')}
        </StatusTag>
      </Typography.Title>
      <ol className="query-thread">
        {q.messages.map((m) => (
          <li key={m.seq}>
            <Typography.Text strong>{m.authorName ?? m.authorRole}</Typography.Text>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {beijingTime(m.writtenAt, locale)}
            </Typography.Text>
            <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
          </li>
        ))}
      </ol>
      {q.status === 'open' ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!body.trim()) return;
            setBusy(true);
            setError(null);
            try {
              await onAnswer(body.trim());
              setBody('');
            } catch (err) {
              setError(asProblem(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          <label htmlFor={`${id}-answer`} className="explain-label">
            {t('collection.queries.answerLabel', { cell: q.cell })}
          </label>
          <Input.TextArea
            id={`${id}-answer`}
            value={body}
            maxLength={2000}
            autoSize={{ minRows: 2, maxRows: 6 }}
            onChange={(e) => setBody(e.target.value)}
          />
          {error ? <ErrorAlert error={error} /> : null}
          <Button
            htmlType="submit"
            type="primary"
            loading={busy}
            disabled={!body.trim()}
            style={{ marginTop: 6 }}
          >
            {t('collection.queries.send')}
          </Button>
        </form>
      ) : null}
    </li>
  );
}

export function QueriesPanel({ unitId, formId, period }: { unitId: string; formId: string; period: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const key = ['collection', 'review', unitId, formId, period];
  const review = useQuery({
    queryKey: key,
    queryFn: async () => {
      try {
        return await collectionApi.review(unitId, formId, period);
      } catch (e) {
        // Not handed in yet (or never): there is nothing to query.
        if (asProblem(e).status === 404) return null;
        throw e;
      }
    },
  });
  const answer = useMutation({
    mutationFn: (a: { queryId: string; body: string }) =>
      collectionApi.answer(unitId, formId, period, a.queryId, a.body),
    onSuccess: (detail) => qc.setQueryData(key, detail),
  });
  const queries = review.data?.queries ?? [];
  if (review.isPending) return null;
  return (
    <section aria-labelledby="queries-title" className="entry-panel">
      <Typography.Title level={2} id="queries-title" style={{ fontSize: 18 }}>
        {t('collection.queries.title')}
      </Typography.Title>
      {review.error ? <ErrorAlert error={review.error} onRetry={() => review.refetch()} /> : null}
      {queries.length ? (
        <ul className="query-list">
          {queries.map((q) => (
            <Thread key={q.id} q={q} onAnswer={(body) => answer.mutateAsync({ queryId: q.id, body })} />
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{t('collection.queries.none')}</Typography.Paragraph>
      )}
    </section>
  );
}
