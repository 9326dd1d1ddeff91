/** Schedule a release, or edit one (a new time moves it with everything staged for it). */
import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { RELEASE_KINDS, type ReleaseKind } from '../../../../src/modules/publication/contract.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ui.tsx';
import { fromLocalInput, localInput } from '../aggregation/selection.tsx';
import { publicationApi, type Release } from './api.ts';

/** Tomorrow 09:30 local time: when releases usually go out. */
function nextMorning() {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 30, 0, 0);
  return d.toISOString();
}

export function ReleaseDialog({
  release,
  onClose,
  onSaved,
}: {
  release: Release | null;
  onClose: () => void;
  onSaved: (r: Release) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState({
    titleZh: release?.title.zh ?? '',
    titleEn: release?.title.en ?? '',
    kind: (release?.kind ?? 'data') as ReleaseKind,
    // Minutes only: the server refuses seconds.
    at: localInput(release?.releaseAt ?? nextMorning()).slice(0, 16),
    descriptionZh: release?.description.zh ?? '',
    descriptionEn: release?.description.en ?? '',
  });
  const save = useMutation({
    mutationFn: () => {
      const body = {
        title: { zh: draft.titleZh, en: draft.titleEn || draft.titleZh },
        kind: draft.kind,
        releaseAt: fromLocalInput(draft.at) ?? draft.at,
        description: { zh: draft.descriptionZh, en: draft.descriptionEn },
      };
      if (!release) return publicationApi.createRelease(body);
      const moved = body.releaseAt !== release.releaseAt;
      return publicationApi.editRelease(release.id, {
        title: body.title,
        kind: body.kind,
        description: body.description,
        ...(moved ? { releaseAt: body.releaseAt } : {}),
      });
    },
    onSuccess: onSaved,
  });
  const field = (key: keyof typeof draft) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const locked = !!release?.released;

  return (
    <Modal
      open
      title={release ? t('pub.release.editTitle', { title: release.title.zh }) : t('pub.calendar.new')}
      okText={t('pub.release.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => save.mutate()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} />
      <Form layout="vertical" onFinish={() => save.mutate()}>
        <Form.Item label={t('pub.release.titleZh')} htmlFor="pub-release-title" required>
          <Input id="pub-release-title" maxLength={200} {...field('titleZh')} />
        </Form.Item>
        <Form.Item label={t('pub.release.titleEn')} htmlFor="pub-release-title-en">
          <Input id="pub-release-title-en" maxLength={200} {...field('titleEn')} />
        </Form.Item>
        <Form.Item label={t('pub.release.kind')} htmlFor="pub-release-kind">
          <Select<ReleaseKind>
            id="pub-release-kind"
            value={draft.kind}
            onChange={(kind) => setDraft((d) => ({ ...d, kind }))}
            options={RELEASE_KINDS.map((k) => ({ value: k, label: t(`pub.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('pub.release.at')}
          htmlFor="pub-release-at"
          required
          extra={release ? t('pub.release.at.hint') : undefined}
        >
          <Input id="pub-release-at" type="datetime-local" step={60} disabled={locked} {...field('at')} />
        </Form.Item>
        {locked ? (
          <Typography.Paragraph type="secondary">{t('pub.release.locked')}</Typography.Paragraph>
        ) : null}
        <Form.Item label={t('pub.release.descriptionZh')} htmlFor="pub-release-description">
          <Input.TextArea
            id="pub-release-description"
            rows={2}
            maxLength={4000}
            {...field('descriptionZh')}
          />
        </Form.Item>
        <Form.Item label={t('pub.release.descriptionEn')} htmlFor="pub-release-description-en">
          <Input.TextArea
            id="pub-release-description-en"
            rows={2}
            maxLength={4000}
            {...field('descriptionEn')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
