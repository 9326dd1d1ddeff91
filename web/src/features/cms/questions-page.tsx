/**
 * 互动交流 moderation: questions from the public by status; an editor drafts the answer, a
 * publisher publishes it (or declines the question with a reason). Texts are shown as plain
 * text — React escapes them — exactly as the public typed them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { cmsApi, type Question, type QuestionStatus } from './api.ts';
import { QUESTION_TONE, questionStatusKey } from './labels.ts';

const STATUSES: QuestionStatus[] = ['pending', 'answered', 'published', 'rejected'];

export default function QuestionsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'pending') as QuestionStatus | 'all';
  const list = useQuery({
    queryKey: ['cms', 'questions', status],
    queryFn: () => cmsApi.questions({ status: status === 'all' ? undefined : status, pageSize: 50 }),
  });
  return (
    <Page title={t('cms.questions.title')}>
      <Typography.Paragraph>{t('cms.questions.intro')}</Typography.Paragraph>
      <Select
        aria-label={t('cms.filter.status')}
        style={{ minWidth: 200, marginBottom: 16 }}
        value={status}
        onChange={(v) => setParams(v === 'pending' ? {} : { status: v }, { replace: true })}
        options={[
          ...STATUSES.map((s) => ({ value: s, label: t(questionStatusKey(s)) })),
          { value: 'all', label: t('cms.filter.all') },
        ]}
      />
      <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      {list.data && list.data.items.length === 0 ? <EmptyState title={t('cms.questions.empty')} /> : null}
      <Flex vertical gap="middle">
        {(list.data?.items ?? []).map((q) => (
          <QuestionCard key={q.id} question={q} />
        ))}
      </Flex>
    </Page>
  );
}

function QuestionCard({ question: q }: { question: Question }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const client = useQueryClient();
  const [answer, setAnswer] = useState(q.answer ?? '');
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setAnswer(q.answer ?? ''), [q.answer]);
  const run = useMutation({
    mutationFn: (step: 'answer' | 'publish' | 'unpublish' | 'reject') =>
      step === 'answer'
        ? cmsApi.answer(q.id, answer)
        : step === 'publish'
          ? cmsApi.publishQuestion(q.id)
          : step === 'unpublish'
            ? cmsApi.unpublishQuestion(q.id)
            : cmsApi.rejectQuestion(q.id, note),
    onSuccess: (_q, step) => {
      setError(null);
      setRejecting(false);
      client.invalidateQueries({ queryKey: ['cms', 'questions'] });
      message.success(
        t(step === 'answer' ? 'cms.q.saveAnswer' : step === 'reject' ? 'cms.q.reject' : `cms.q.${step}`),
      );
    },
    onError: setError,
  });
  const publisher = hasRole('publisher', 'admin');
  const open = q.status === 'pending' || q.status === 'answered';
  const headingId = `q-${q.id}`;
  return (
    <Card
      title={
        <span id={headingId} style={{ whiteSpace: 'normal' }}>
          {q.title}
        </span>
      }
      extra={<StatusTag tone={QUESTION_TONE[q.status]}>{t(questionStatusKey(q.status))}</StatusTag>}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'at', label: t('cms.q.askedAt'), children: formatDate(q.askedAt, locale, true) },
          { key: 'who', label: t('cms.q.asker'), children: q.name ?? t('cms.q.anonymous') },
          { key: 'contact', label: t('cms.q.contact'), children: q.contact ?? '—' },
        ]}
      />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{q.body}</Typography.Paragraph>
      {q.moderationNote ? (
        <Typography.Paragraph type="secondary">
          {t('cms.q.note', { note: q.moderationNote })}
        </Typography.Paragraph>
      ) : null}
      <ErrorAlert error={error} />
      <Form layout="vertical" disabled={!open}>
        <Form.Item label={t('cms.q.answer')} htmlFor={`answer-${q.id}`}>
          <Input.TextArea
            id={`answer-${q.id}`}
            rows={3}
            maxLength={5000}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
        </Form.Item>
      </Form>
      <Flex gap="small" wrap>
        {open ? (
          <Button
            onClick={() => run.mutate('answer')}
            disabled={!answer.trim()}
            loading={run.isPending && run.variables === 'answer'}
          >
            {t('cms.q.saveAnswer')}
          </Button>
        ) : null}
        {publisher && q.status === 'answered' ? (
          <Button
            type="primary"
            onClick={() => run.mutate('publish')}
            loading={run.isPending && run.variables === 'publish'}
          >
            {t('cms.q.publish')}
          </Button>
        ) : null}
        {publisher && q.status === 'published' ? (
          <Button onClick={() => run.mutate('unpublish')}>{t('cms.q.unpublish')}</Button>
        ) : null}
        {publisher && open ? (
          <Button danger onClick={() => setRejecting(true)}>
            {t('cms.q.reject')}
          </Button>
        ) : null}
      </Flex>
      <Modal
        open={rejecting}
        title={t('cms.q.reject')}
        okButtonProps={{ danger: true, disabled: !note.trim(), loading: run.isPending }}
        okText={t('cms.q.reject')}
        onCancel={() => setRejecting(false)}
        onOk={() => run.mutate('reject')}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('cms.q.rejectNote')} htmlFor={`note-${q.id}`} required>
            <Input.TextArea
              id={`note-${q.id}`}
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
