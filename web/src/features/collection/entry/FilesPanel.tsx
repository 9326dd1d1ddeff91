/**
 * Excel and PDF (离线填报): download the template pre-filled with what is saved, upload it filled
 * in — checked as the screen is, every problem listed by cell — and the submitted form as PDF.
 */
import { Alert, Button, Flex, Table, Typography } from 'antd';
import { useId, useRef, useState } from 'react';
import { asProblem } from '../../../api/problem.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { ErrorAlert } from '../../../ui/ui.tsx';
import { collectionApi, type Submission } from '../api.ts';
import { type UploadProblem, uploadProblems } from './upload-problems.ts';

export function FilesPanel({
  formId,
  period,
  editable,
  submitted,
  onUploaded,
}: {
  formId: string;
  period: string;
  editable: boolean;
  submitted: boolean;
  onUploaded(res: Submission): void;
}) {
  const { t, locale } = useI18n();
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<UploadProblem[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const run = async (what: string, f: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    setProblems([]);
    setDone(false);
    try {
      await f();
    } catch (e) {
      const p = asProblem(e);
      const list = uploadProblems(p.details);
      if (what === 'upload' && list.length) setProblems(list);
      setError(p);
    } finally {
      setBusy(null);
    }
  };

  const upload = (file: File) =>
    run('upload', async () => {
      const res = await collectionApi.upload(formId, period, file);
      setDone(true);
      onUploaded(res);
    });

  return (
    <section aria-labelledby="files-title" className="entry-panel">
      <Typography.Title level={2} id="files-title" style={{ fontSize: 18 }}>
        {t('collection.files.title')}
      </Typography.Title>
      <Flex gap="small" wrap align="center">
        <Button
          loading={busy === 'template'}
          onClick={() => run('template', () => collectionApi.template(formId, period))}
        >
          {t('collection.files.template')}
        </Button>
        {editable ? (
          <>
            <input
              ref={input}
              id={fileId}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              // Opened by the button below (a file input cannot be styled as one); hidden from
              // the accessibility tree so the button is the one control a person meets.
              hidden
              aria-label={t('collection.files.upload')}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void upload(f);
              }}
            />
            <Button
              loading={busy === 'upload'}
              onClick={() => input.current?.click()}
              aria-describedby={`${fileId}-hint`}
            >
              {t('collection.files.upload')}
            </Button>
          </>
        ) : null}
        <Button
          disabled={!submitted}
          loading={busy === 'pdf'}
          onClick={() => run('pdf', () => collectionApi.pdf(formId, period))}
          aria-describedby={submitted ? undefined : `${fileId}-pdf`}
        >
          {t('collection.files.pdf')}
        </Button>
      </Flex>
      {editable ? (
        <Typography.Paragraph type="secondary" id={`${fileId}-hint`} style={{ fontSize: 13, marginTop: 8 }}>
          {t('collection.files.uploadHint')}
        </Typography.Paragraph>
      ) : null}
      {submitted ? null : (
        <Typography.Paragraph type="secondary" id={`${fileId}-pdf`} style={{ fontSize: 13 }}>
          {t('collection.files.pdfHint')}
        </Typography.Paragraph>
      )}
      <div role="status" aria-live="polite">
        {done ? (
          <Alert type="success" showIcon title={t('collection.files.uploaded')} style={{ marginTop: 8 }} />
        ) : null}
      </div>
      {problems.length ? (
        <>
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('collection.files.problems', { count: problems.length })}
            style={{ marginTop: 8, marginBottom: 8 }}
          />
          <Table<UploadProblem & { n: number }>
            size="small"
            rowKey="n"
            pagination={false}
            caption={
              <span className="sr-only">{t('collection.files.problems', { count: problems.length })}</span>
            }
            dataSource={problems.map((p, n) => ({ ...p, n }))}
            columns={[
              { title: t('collection.files.sheetCell'), dataIndex: 'sheetCell', key: 'sheetCell' },
              { title: t('collection.files.formCell'), dataIndex: 'cell', key: 'cell' },
              {
                title: t('collection.files.message'),
                key: 'message',
                render: (_, p) => (typeof p.message === 'string' ? p.message : p.message[locale]),
              },
            ]}
          />
        </>
      ) : error ? (
        <div style={{ marginTop: 8 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </section>
  );
}
