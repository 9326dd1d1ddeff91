/**
 * The workflow buttons the signed-in person may use on an article now (the server says which):
 * submit, approve, return with a comment, publish (now, at a minute, with a release), withdraw.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { type MessageKey, useI18n } from '../../i18n/i18n.tsx';
import { type Article, cmsApi, type PublishInput } from './api.ts';

type Action = Article['actions'][number];

export function WorkflowBar({
  article,
  onDone,
  onError,
}: {
  article: Article;
  onDone: (a: Article) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Action | null>(null);
  const run = useMutation({
    mutationFn: async (x: { action: Action; comment?: string; publish?: PublishInput }) => {
      if (x.action === 'return') return cmsApi.returnTo(article.id, x.comment ?? '');
      if (x.action === 'publish') return cmsApi.publish(article.id, x.publish ?? { mode: 'now' });
      return cmsApi.act(article.id, x.action);
    },
    onSuccess: (a, x) => {
      setDialog(null);
      onDone(a);
      message.success(t('cms.action.done', { action: t(`cms.action.${x.action}` as MessageKey) }));
    },
    onError,
  });
  if (article.actions.length === 0) return null;
  return (
    <Card title={t('cms.col.status')} style={{ marginBottom: 16 }}>
      <Flex gap="small" wrap>
        {article.actions.map((action) => (
          <Button
            key={action}
            type={action === 'publish' || action === 'approve' || action === 'submit' ? 'primary' : 'default'}
            danger={action === 'withdraw'}
            loading={run.isPending && run.variables?.action === action}
            onClick={() =>
              action === 'submit' || action === 'approve' ? run.mutate({ action }) : setDialog(action)
            }
          >
            {t(`cms.action.${action}` as MessageKey)}
          </Button>
        ))}
      </Flex>
      <ReturnDialog
        open={dialog === 'return'}
        busy={run.isPending}
        onClose={() => setDialog(null)}
        onOk={(comment) => run.mutate({ action: 'return', comment })}
      />
      <PublishDialog
        open={dialog === 'publish'}
        busy={run.isPending}
        onClose={() => setDialog(null)}
        onOk={(publish) => run.mutate({ action: 'publish', publish })}
      />
      <Modal
        open={dialog === 'withdraw'}
        title={t('cms.action.withdraw')}
        okText={t('cms.action.withdraw')}
        okButtonProps={{ danger: true, loading: run.isPending }}
        onCancel={() => setDialog(null)}
        onOk={() => run.mutate({ action: 'withdraw' })}
      >
        {t('cms.withdraw.confirm')}
      </Modal>
    </Card>
  );
}

function ReturnDialog({
  open,
  busy,
  onClose,
  onOk,
}: {
  open: boolean;
  busy: boolean;
  onClose: () => void;
  onOk: (comment: string) => void;
}) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  return (
    <Modal
      open={open}
      title={t('cms.action.return')}
      okText={t('cms.action.return')}
      okButtonProps={{ disabled: !comment.trim(), loading: busy }}
      onCancel={onClose}
      onOk={() => onOk(comment.trim())}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('cms.return.comment')} htmlFor="cms-return-comment" required>
          <Input.TextArea
            id="cms-return-comment"
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PublishDialog({
  open,
  busy,
  onClose,
  onOk,
}: {
  open: boolean;
  busy: boolean;
  onClose: () => void;
  onOk: (p: PublishInput) => void;
}) {
  const { t, locale } = useI18n();
  const [mode, setMode] = useState<PublishInput['mode']>('now');
  const [at, setAt] = useState<Dayjs | null>(null);
  const [releaseId, setReleaseId] = useState<string | undefined>();
  const releases = useQuery({
    queryKey: ['cms', 'releases'],
    queryFn: cmsApi.releases,
    enabled: open && mode === 'release',
  });
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const ready = mode === 'now' || (mode === 'at' && !!at) || (mode === 'release' && !!releaseId);
  const input = (): PublishInput =>
    mode === 'at'
      ? { mode, publishAt: (at as Dayjs).second(0).millisecond(0).toISOString() }
      : mode === 'release'
        ? { mode, releaseId: releaseId as string }
        : { mode: 'now' };
  return (
    <Modal
      open={open}
      title={t('cms.action.publish')}
      okText={t('cms.action.publish')}
      okButtonProps={{ disabled: !ready, loading: busy }}
      onCancel={onClose}
      onOk={() => onOk(input())}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('cms.publish.mode')}>
          <Radio.Group
            aria-label={t('cms.publish.mode')}
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={[
              { value: 'now', label: t('cms.publish.now') },
              { value: 'at', label: t('cms.publish.at') },
              { value: 'release', label: t('cms.publish.release') },
            ]}
          />
        </Form.Item>
        {mode === 'at' ? (
          <Form.Item label={t('cms.publish.time')} htmlFor="cms-publish-at">
            <DatePicker
              id="cms-publish-at"
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              value={at}
              onChange={setAt}
            />
          </Form.Item>
        ) : null}
        {mode === 'release' ? (
          <Form.Item label={t('cms.publish.releaseSelect')} htmlFor="cms-publish-release">
            <Select
              id="cms-publish-release"
              loading={releases.isLoading}
              value={releaseId}
              onChange={setReleaseId}
              options={(releases.data?.items ?? [])
                .filter((r) => r.status === 'scheduled' && !r.released)
                .map((r) => ({
                  value: r.id,
                  label: `${r.title[lang]} · ${formatDate(r.releaseAt, locale, true)}`,
                }))}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
