/**
 * One article (or a new one): the fields, the body editor, attachments, preview, the workflow
 * buttons the signed-in person may use now, and the versions. Every save is a new version; a
 * published article stays public as it was until the new version is published.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Row,
  Select,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading, Page, StatusTag } from '../../ui/ui.tsx';
import { type Article, cmsApi, type StoredFile } from './api.ts';
import { CHANNELS, categoryKey, channelKey, OPEN_GOV_CATEGORIES, STATUS_TONE, statusKey } from './labels.ts';
import { RichEditor } from './rich-editor.tsx';
import { VersionsCard } from './versions-card.tsx';
import { WorkflowBar } from './workflow-bar.tsx';

interface Fields {
  title: string;
  slug: string;
  channel: string;
  category: string | null;
  summary: string;
  bodyHtml: string;
  attachments: StoredFile[];
}

const EMPTY: Fields = {
  title: '',
  slug: '',
  channel: 'news',
  category: null,
  summary: '',
  bodyHtml: '',
  attachments: [],
};

const fieldsOf = (a: Article): Fields => ({
  title: a.title,
  slug: a.slug,
  channel: a.channel,
  category: a.category,
  summary: a.summary,
  bodyHtml: a.bodyHtml,
  attachments: a.attachments,
});

export default function ArticlePage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const article = useQuery({
    queryKey: ['cms', 'article', id],
    queryFn: () => cmsApi.article(id),
    enabled: !isNew,
  });
  const [f, setF] = useState<Fields>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (article.data) setF(fieldsOf(article.data));
  }, [article.data]);

  const refresh = (a: Article) => {
    client.setQueryData(['cms', 'article', a.id], a);
    client.invalidateQueries({ queryKey: ['cms', 'articles'] });
    client.invalidateQueries({ queryKey: ['cms', 'versions', a.id] });
  };
  const input = () => ({
    title: f.title,
    slug: f.slug,
    channel: f.channel as Article['channel'],
    category: (f.channel === 'open-gov' ? f.category : null) as never,
    summary: f.summary,
    bodyHtml: f.bodyHtml,
    attachments: f.attachments.map((x) => x.id),
  });
  const save = useMutation({
    mutationFn: () =>
      isNew
        ? cmsApi.create(input())
        : cmsApi.save(id, { ...input(), baseVersion: article.data?.version ?? 1 }),
    onSuccess: (a) => {
      setError(null);
      refresh(a);
      message.success(t('cms.saved', { version: a.version }));
      if (isNew) navigate(`/cms/articles/${a.id}`, { replace: true });
    },
    onError: setError,
  });
  const showPreview = useMutation({
    mutationFn: () => cmsApi.preview(f.bodyHtml),
    onSuccess: (p) => setPreview(p.bodyHtml),
    onError: setError,
  });

  if (!isNew && article.isLoading) return <Loading />;
  if (!isNew && article.error) return <ErrorAlert error={article.error} onRetry={() => article.refetch()} />;
  const a = article.data;
  const editable = isNew || !!a?.canEdit;
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => setF((x) => ({ ...x, [k]: v }));

  return (
    <Page
      title={isNew ? t('cms.edit.titleNew') : t('cms.edit.title')}
      extra={
        <>
          <Link to="/cms/articles">{t('cms.edit.back')}</Link>
          {a ? <StatusTag tone={STATUS_TONE[a.status]}>{t(statusKey(a.status))}</StatusTag> : null}
        </>
      }
    >
      {a?.reviewComment ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('cms.reviewComment', { comment: a.reviewComment })}
        />
      ) : null}
      {a?.live ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(a.live.scheduled ? 'cms.scheduledNotice' : 'cms.liveNotice', {
            version: a.live.version,
            at: formatDate(a.live.visibleFrom, locale, true),
          })}
        />
      ) : null}
      <ErrorAlert error={error} />
      <Row gutter={16}>
        <Col xs={24} lg={17}>
          <Card>
            <Form layout="vertical" disabled={!editable}>
              <Form.Item label={t('cms.field.title')} htmlFor="cms-title" required>
                <Input
                  id="cms-title"
                  value={f.title}
                  maxLength={200}
                  onChange={(e) => set('title', e.target.value)}
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <Form.Item
                    label={t('cms.field.slug')}
                    htmlFor="cms-slug"
                    extra={t('cms.field.slug.hint')}
                    required
                  >
                    <Input
                      id="cms-slug"
                      value={f.slug}
                      maxLength={80}
                      onChange={(e) => set('slug', e.target.value.trim().toLowerCase())}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={7}>
                  <Form.Item label={t('cms.field.channel')} htmlFor="cms-channel" required>
                    <Select
                      id="cms-channel"
                      value={f.channel}
                      onChange={(v) => set('channel', v)}
                      options={CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))}
                    />
                  </Form.Item>
                </Col>
                {f.channel === 'open-gov' ? (
                  <Col xs={24} md={7}>
                    <Form.Item label={t('cms.field.category')} htmlFor="cms-category" required>
                      <Select
                        id="cms-category"
                        value={f.category ?? undefined}
                        onChange={(v) => set('category', v)}
                        options={OPEN_GOV_CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))}
                      />
                    </Form.Item>
                  </Col>
                ) : null}
              </Row>
              <Form.Item label={t('cms.field.summary')} htmlFor="cms-summary">
                <Input.TextArea
                  id="cms-summary"
                  rows={2}
                  maxLength={1000}
                  value={f.summary}
                  onChange={(e) => set('summary', e.target.value)}
                />
              </Form.Item>
              <Typography.Text strong id="cms-body-label" style={{ display: 'block', marginBottom: 8 }}>
                {t('cms.field.body')}
              </Typography.Text>
            </Form>
            <RichEditor
              value={f.bodyHtml}
              onChange={(html) => set('bodyHtml', html)}
              labelledBy="cms-body-label"
              onError={setError}
              editable={editable}
            />
            <Attachments
              files={f.attachments}
              editable={editable}
              onAdd={(file) => setF((x) => ({ ...x, attachments: [...x.attachments, file] }))}
              onRemove={(id) =>
                setF((x) => ({ ...x, attachments: x.attachments.filter((a) => a.id !== id) }))
              }
              onError={setError}
            />
            <Flex gap="small" wrap style={{ marginTop: 16 }}>
              {editable ? (
                <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
                  {t('cms.save')}
                </Button>
              ) : null}
              <Button loading={showPreview.isPending} onClick={() => showPreview.mutate()}>
                {t('cms.preview')}
              </Button>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={7}>
          {a ? (
            <>
              <WorkflowBar article={a} onDone={refresh} onError={setError} />
              <VersionsCard id={a.id} />
            </>
          ) : null}
        </Col>
      </Row>
      <Modal
        open={preview !== null}
        title={t('cms.preview.title')}
        footer={null}
        onCancel={() => setPreview(null)}
        width={860}
      >
        <article className="cms-body">
          <h2>{f.title}</h2>
          {/* The server's sanitised HTML (the same allowlist as a save). */}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server's allowlist */}
          <div dangerouslySetInnerHTML={{ __html: preview ?? '' }} />
        </article>
      </Modal>
    </Page>
  );
}

function Attachments({
  files,
  editable,
  onAdd,
  onRemove,
  onError,
}: {
  files: StoredFile[];
  editable: boolean;
  onAdd: (f: StoredFile) => void;
  onRemove: (id: string) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="cms-attachments" style={{ marginTop: 16 }}>
      <Typography.Title level={2} id="cms-attachments" style={{ fontSize: 16 }}>
        {t('cms.field.attachments')}
      </Typography.Title>
      <List
        size="small"
        dataSource={files}
        locale={{ emptyText: '—' }}
        renderItem={(file) => (
          <List.Item
            actions={
              editable
                ? [
                    <Button
                      key="remove"
                      size="small"
                      type="link"
                      aria-label={t('cms.upload.remove', { name: file.name })}
                      onClick={() => onRemove(file.id)}
                    >
                      ×
                    </Button>,
                  ]
                : []
            }
          >
            <a href={file.url} target="_blank" rel="noreferrer">
              {file.name}
            </a>
          </List.Item>
        )}
      />
      {editable ? (
        <>
          <Upload
            accept=".png,.jpg,.jpeg,.webp,.gif,.pdf,.xlsx,.docx,.csv,.txt"
            showUploadList={false}
            beforeUpload={(file) => {
              cmsApi.upload(file).then(onAdd).catch(onError);
              return false;
            }}
          >
            <Button>{t('cms.upload.attachment')}</Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('cms.upload.hint')}
          </Typography.Paragraph>
        </>
      ) : null}
    </section>
  );
}
