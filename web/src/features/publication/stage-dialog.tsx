/**
 * Staging datasets into a release (暂存): what is staged already (with unstage), and a form to
 * stage another — preview first: how many values are added, restated or unchanged, each revision
 * with its old and new value, and the periods the public will see at the release minute.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, StatusTag } from '../../ui/ui.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { type Preview, publicationApi, type Release, type Staging } from './api.ts';

export function StageDialog({
  release,
  onClose,
  onChanged,
}: {
  release: Release;
  onClose: () => void;
  onChanged: (r: Release) => void;
}) {
  const { t, locale } = useI18n();
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);
  const datasets = useQuery({ queryKey: ['publication', 'datasets'], queryFn: publicationApi.datasets });
  const [draft, setDraft] = useState({ dataset: '', from: '', to: '', regions: '', note: '' });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const body = (): Staging => {
    const regions = draft.regions
      .split(/[,，\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      ...(draft.from.trim() ? { from: draft.from.trim() } : {}),
      ...(draft.to.trim() ? { to: draft.to.trim() } : {}),
      ...(regions.length ? { codes: { region: regions } } : {}),
      ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
    };
  };
  const look = useMutation({
    mutationFn: () => publicationApi.preview(release.id, draft.dataset, body()),
    onSuccess: setPreview,
  });
  const stage = useMutation({
    mutationFn: () => publicationApi.stage(release.id, draft.dataset, body()),
    onSuccess: (r) => {
      setDone(draft.dataset);
      setPreview(null);
      onChanged(r);
    },
  });
  const unstage = useMutation({
    mutationFn: (dataset: string) => publicationApi.unstage(release.id, dataset),
    onSuccess: onChanged,
  });
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [key]: e.target.value }));
    setPreview(null);
  };

  return (
    <Modal
      open
      width={760}
      title={t('pub.stage.title', { title: name(release.title) })}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('pub.col.time')}：
        <time dateTime={release.releaseAt}>{formatDate(release.releaseAt, locale, true)}</time>
      </Typography.Paragraph>
      <ErrorAlert error={datasets.error ?? unstage.error} />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('pub.stage.staged')}
      </Typography.Title>
      {release.stagings.length ? (
        <ul id="pub-stagings">
          {release.stagings.map((s) => (
            <li key={s.dataset} style={{ marginBottom: 4 }}>
              <Flex gap="small" align="center" wrap>
                <strong>
                  {name(s.title)}（{s.dataset}）
                </strong>
                <span>{t('pub.stage.counts', s)}</span>
                {s.note ? <StatusTag tone="warning">{s.note}</StatusTag> : null}
                <Button
                  size="small"
                  loading={unstage.isPending && unstage.variables === s.dataset}
                  onClick={() => unstage.mutate(s.dataset)}
                >
                  {t('pub.stage.unstage')}
                  <span className="sr-only"> {s.dataset}</span>
                </Button>
              </Flex>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{t('pub.stage.none')}</Typography.Paragraph>
      )}
      {done ? (
        <p role="status">
          <StatusTag tone="success">{t('pub.stage.done', { dataset: done })}</StatusTag>
        </p>
      ) : null}
      <Form layout="vertical" onFinish={() => look.mutate()}>
        <Form.Item label={t('pub.stage.dataset')} htmlFor="pub-stage-dataset" required>
          <Select
            id="pub-stage-dataset"
            showSearch={{ optionFilterProp: 'label' }}
            value={draft.dataset || undefined}
            onChange={(dataset: string) => {
              setDraft((d) => ({ ...d, dataset }));
              setPreview(null);
            }}
            options={(datasets.data?.items ?? []).map((d) => ({
              value: d.code,
              label: `${name(d.title)}（${d.code}）`,
            }))}
          />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item label={t('pub.stage.from')} htmlFor="pub-stage-from">
            <Input id="pub-stage-from" placeholder="2025-01" value={draft.from} onChange={set('from')} />
          </Form.Item>
          <Form.Item label={t('pub.stage.to')} htmlFor="pub-stage-to">
            <Input id="pub-stage-to" placeholder="2025-12" value={draft.to} onChange={set('to')} />
          </Form.Item>
        </Flex>
        <Form.Item label={t('pub.stage.regions')} htmlFor="pub-stage-regions">
          <Input id="pub-stage-regions" value={draft.regions} onChange={set('regions')} />
        </Form.Item>
        <Form.Item label={t('pub.stage.note')} htmlFor="pub-stage-note" extra={t('pub.stage.note.hint')}>
          <Input.TextArea
            id="pub-stage-note"
            rows={2}
            maxLength={1000}
            value={draft.note}
            onChange={set('note')}
          />
        </Form.Item>
        <ErrorAlert error={look.error ?? stage.error} />
        <Flex gap="small">
          <Button htmlType="submit" disabled={!draft.dataset} loading={look.isPending}>
            {t('pub.stage.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!preview || (preview.noteRequired && !draft.note.trim())}
            loading={stage.isPending}
            onClick={() => stage.mutate()}
          >
            {t('pub.stage.submit')}
          </Button>
        </Flex>
      </Form>
      {preview ? <PreviewResult preview={preview} release={release} hasNote={!!draft.note.trim()} /> : null}
    </Modal>
  );
}

function PreviewResult({
  preview,
  release,
  hasNote,
}: {
  preview: Preview;
  release: Release;
  hasNote: boolean;
}) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="pub-preview-title" style={{ marginTop: 16 }}>
      <Typography.Title level={3} id="pub-preview-title" style={{ fontSize: 16 }}>
        {t('pub.stage.result')}
      </Typography.Title>
      <div role="status">
        <Typography.Paragraph>
          {t('pub.stage.result.counts', { ...preview, revised: preview.revisions.length })}
        </Typography.Paragraph>
        <Typography.Paragraph>
          {t('pub.stage.result.public', {
            at: formatDate(release.releaseAt, locale, true),
            first: preview.periods.first ?? '—',
            last: preview.periods.last ?? '—',
          })}
        </Typography.Paragraph>
        {preview.noteRequired && !hasNote ? (
          <StatusTag tone="warning">{t('pub.stage.noteRequired')}</StatusTag>
        ) : null}
      </div>
      {preview.revisions.length ? (
        <ScrollRegion label={t('pub.stage.revisions')}>
          <table id="pub-revisions" className="form-grid" style={{ fontSize: 13 }}>
            <caption>{t('pub.stage.revisions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pub.stage.col.cell')}</th>
                <th scope="col">{t('pub.stage.col.old')}</th>
                <th scope="col">{t('pub.stage.col.new')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.revisions.map((r) => (
                <tr key={`${r.indicator}|${r.region}|${r.industry}|${r.size}|${r.regtype}|${r.period}`}>
                  <th scope="row">
                    {r.indicator} · {r.region} · {r.period}
                  </th>
                  <td>{r.old}</td>
                  <td>{r.new}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
