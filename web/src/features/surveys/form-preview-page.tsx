/** A version's form exactly as an enterprise will see it, with the version's facts above. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Space } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading, NotFound, Page, StatusTag } from '../../ui/ui.tsx';
import { surveysApi } from './api.ts';
import { FormGrid } from './form-grid/FormGrid.tsx';
import { local, statusLabel, statusTone } from './labels.ts';

export default function FormPreviewPage() {
  const { versionId = '' } = useParams();
  const { t, locale } = useI18n();
  const version = useQuery({
    queryKey: ['surveys', 'version', versionId],
    queryFn: () => surveysApi.version(versionId),
  });
  if (version.isPending) return <Loading />;
  if (version.error) {
    const status = (version.error as { status?: number }).status;
    return status === 404 || status === 400 ? (
      <NotFound />
    ) : (
      <ErrorAlert error={version.error} onRetry={() => version.refetch()} />
    );
  }
  const v = version.data;
  const def = v.definition;
  return (
    <Page
      title={`${t('surveys.preview')}：${def.form.code} ${local(def.form.name, locale)}`}
      extra={<Link to={`/surveys/forms/${v.formId}`}>{t('common.back')}</Link>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <StatusTag tone={statusTone(v.status)}>{t(statusLabel(v.status))}</StatusTag>
        <span>
          {t('surveys.preview.version', { number: v.number, status: t(statusLabel(v.status)), from: v.from })}
        </span>
      </Space>
      <Alert type="info" showIcon title={t('surveys.preview.hint')} style={{ marginBottom: 16 }} />
      <FormGrid definition={def} />
    </Page>
  );
}
