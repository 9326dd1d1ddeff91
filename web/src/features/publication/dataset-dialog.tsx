/** Define or edit a public dataset over statdb indicators (the server lists every problem). */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { SUBJECTS, type Subject } from '../../../../src/modules/publication/contract.ts';
import { DIMENSIONS, type Dimension } from '../../../../src/modules/statdb/contract.ts';
import type { Locale } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ui.tsx';
import { type Dataset, publicationApi } from './api.ts';

/** A subject's name in the chosen language (the code when unknown). */
export const subjectLabel = (code: string, locale: Locale) => {
  const s = SUBJECTS[code as Subject];
  return s ? (locale === 'en-US' ? s.en : s.zh) : code;
};

export function DatasetDialog({
  dataset,
  onClose,
  onSaved,
}: {
  dataset: Dataset | null;
  onClose: () => void;
  onSaved: (d: Dataset) => void;
}) {
  const { t, locale } = useI18n();
  const sources = useQuery({ queryKey: ['publication', 'sources'], queryFn: publicationApi.sources });
  const [draft, setDraft] = useState({
    code: dataset?.code ?? '',
    titleZh: dataset?.title.zh ?? '',
    titleEn: dataset?.title.en ?? '',
    descriptionZh: dataset?.description.zh ?? '',
    descriptionEn: dataset?.description.en ?? '',
    subject: (dataset?.subject ?? 'other') as Subject,
    indicators: dataset?.indicators ?? [],
    dimensions: (dataset?.dimensions ?? ['region']) as Dimension[],
    source: dataset?.source ?? '',
    noteZh: dataset?.notes[0]?.zh ?? '',
    noteEn: dataset?.notes[0]?.en ?? '',
  });
  const save = useMutation({
    mutationFn: () => {
      const body = {
        title: { zh: draft.titleZh, en: draft.titleEn || draft.titleZh },
        description: { zh: draft.descriptionZh, en: draft.descriptionEn },
        subject: draft.subject,
        indicators: draft.indicators,
        dimensions: draft.dimensions,
        notes: [
          ...(draft.noteZh || draft.noteEn ? [{ zh: draft.noteZh, en: draft.noteEn }] : []),
          ...(dataset?.notes.slice(1) ?? []),
        ],
        source: draft.source,
      };
      return dataset
        ? publicationApi.editDataset(dataset.code, body)
        : publicationApi.createDataset({ ...body, code: draft.code });
    },
    onSuccess: onSaved,
  });
  const field = (
    key: 'code' | 'titleZh' | 'titleEn' | 'descriptionZh' | 'descriptionEn' | 'source' | 'noteZh' | 'noteEn',
  ) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);

  return (
    <Modal
      open
      width={680}
      title={dataset ? t('pub.datasets.editTitle', { code: dataset.code }) : t('pub.datasets.new')}
      okText={t('pub.ds.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => save.mutate()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={save.error ?? sources.error} />
      <Form layout="vertical" onFinish={() => save.mutate()}>
        <Form.Item label={t('pub.ds.code')} htmlFor="pub-ds-code" required>
          <Input id="pub-ds-code" disabled={!!dataset} placeholder="retail-sales" {...field('code')} />
        </Form.Item>
        <Form.Item label={t('pub.ds.titleZh')} htmlFor="pub-ds-title" required>
          <Input id="pub-ds-title" maxLength={200} {...field('titleZh')} />
        </Form.Item>
        <Form.Item label={t('pub.ds.titleEn')} htmlFor="pub-ds-title-en">
          <Input id="pub-ds-title-en" maxLength={200} {...field('titleEn')} />
        </Form.Item>
        <Form.Item label={t('pub.ds.subject')} htmlFor="pub-ds-subject">
          <Select<Subject>
            id="pub-ds-subject"
            value={draft.subject}
            onChange={(subject) => setDraft((d) => ({ ...d, subject }))}
            options={(Object.keys(SUBJECTS) as Subject[]).map((s) => ({
              value: s,
              label: subjectLabel(s, locale),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('pub.ds.indicators')} htmlFor="pub-ds-indicators" required>
          <Select<string[]>
            id="pub-ds-indicators"
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            value={draft.indicators}
            onChange={(indicators) => setDraft((d) => ({ ...d, indicators }))}
            options={(sources.data?.items ?? []).map((i) => ({
              value: i.code,
              label: `${name(i.name)}（${i.code}，${t(`pub.freq.${i.frequency}`)}）`,
            }))}
          />
        </Form.Item>
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
          <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('pub.ds.dimensions')}</legend>
          <Checkbox.Group<Dimension>
            value={draft.dimensions}
            onChange={(dimensions) => setDraft((d) => ({ ...d, dimensions }))}
            options={DIMENSIONS.map((x) => ({ value: x, label: t(`pub.dim.${x}`) }))}
          />
        </fieldset>
        <Form.Item label={t('pub.ds.source')} htmlFor="pub-ds-source" required>
          <Input id="pub-ds-source" maxLength={500} {...field('source')} />
        </Form.Item>
        <Form.Item label={t('pub.ds.descriptionZh')} htmlFor="pub-ds-description">
          <Input.TextArea id="pub-ds-description" rows={2} maxLength={4000} {...field('descriptionZh')} />
        </Form.Item>
        <Form.Item label={t('pub.ds.descriptionEn')} htmlFor="pub-ds-description-en">
          <Input.TextArea id="pub-ds-description-en" rows={2} maxLength={4000} {...field('descriptionEn')} />
        </Form.Item>
        <Form.Item label={t('pub.ds.noteZh')} htmlFor="pub-ds-note">
          <Input.TextArea id="pub-ds-note" rows={2} maxLength={4000} {...field('noteZh')} />
        </Form.Item>
        <Form.Item label={t('pub.ds.noteEn')} htmlFor="pub-ds-note-en">
          <Input.TextArea id="pub-ds-note-en" rows={2} maxLength={4000} {...field('noteEn')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
