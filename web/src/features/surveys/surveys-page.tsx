/** Surveys (调查制度) and their forms (报表): form number, name, frequency, deadline, versions. */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Space, Table } from 'antd';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { SURVEY_DESIGNERS } from '../../app/nav.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Loading, Page, StatusTag } from '../../ui/ui.tsx';
import { type Form, surveysApi } from './api.ts';
import { freqLabel, local, statusLabel, statusTone } from './labels.ts';

export default function SurveysPage() {
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: surveysApi.surveys });
  const col = () => ({ scope: 'col' });

  return (
    <Page
      title={t('surveys.title')}
      extra={
        hasRole(...SURVEY_DESIGNERS) ? (
          <Link to="/surveys/import">
            <Button>{t('surveys.import')}</Button>
          </Link>
        ) : null
      }
    >
      <ErrorAlert error={surveys.error} onRetry={() => surveys.refetch()} />
      {surveys.isPending ? <Loading /> : null}
      {surveys.data && surveys.data.length === 0 ? <EmptyState title={t('surveys.empty')} /> : null}
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {surveys.data?.map((s) => (
          <Card key={s.id} title={<h2 className="card-title">{local(s.name, locale)}</h2>}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('surveys.code')}>{s.code}</Descriptions.Item>
              <Descriptions.Item label={t('surveys.authority')}>{local(s.issuer, locale)}</Descriptions.Item>
              {s.documentNumber ? (
                <Descriptions.Item label={t('surveys.document')}>{s.documentNumber}</Descriptions.Item>
              ) : null}
            </Descriptions>
            <div className="table-scroll">
              <Table<Form>
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={s.forms}
                caption={
                  <span className="sr-only">{`${local(s.name, locale)} — ${t('surveys.forms')}`}</span>
                }
                locale={{ emptyText: <EmptyState title={t('surveys.noForms')} /> }}
                columns={[
                  {
                    title: t('surveys.formCode'),
                    dataIndex: 'code',
                    onHeaderCell: col,
                    render: (code, f) => <Link to={`/surveys/forms/${f.id}`}>{code}</Link>,
                  },
                  {
                    title: t('surveys.formName'),
                    dataIndex: 'name',
                    onHeaderCell: col,
                    render: (n, f) => <Link to={`/surveys/forms/${f.id}`}>{local(n, locale)}</Link>,
                  },
                  {
                    title: t('surveys.frequency'),
                    dataIndex: 'frequency',
                    onHeaderCell: col,
                    render: (v) => t(freqLabel(v)),
                  },
                  {
                    title: t('surveys.deadline'),
                    dataIndex: 'deadlineText',
                    onHeaderCell: col,
                    render: (v: Form['deadlineText']) => v[locale],
                  },
                  {
                    title: t('surveys.versions'),
                    key: 'versions',
                    onHeaderCell: col,
                    render: (_, f) => (
                      <Space size={4} wrap>
                        {f.activeVersions.map((v) => (
                          <StatusTag key={v.id} tone="success">
                            v{v.number} {v.from}–{v.until ?? ''}
                          </StatusTag>
                        ))}
                        {f.latestVersion && f.latestVersion.status !== 'active' ? (
                          <StatusTag tone={statusTone(f.latestVersion.status)}>
                            v{f.latestVersion.number} {t(statusLabel(f.latestVersion.status))}
                          </StatusTag>
                        ) : null}
                      </Space>
                    ),
                  },
                  {
                    title: t('common.actions'),
                    key: 'preview',
                    onHeaderCell: col,
                    render: (_, f) => {
                      const v = f.activeVersions[f.activeVersions.length - 1] ?? f.latestVersion;
                      return v ? (
                        <Link
                          to={`/surveys/versions/${v.id}/preview`}
                          aria-label={`${t('surveys.preview')} ${f.code}`}
                        >
                          {t('surveys.preview')}
                        </Link>
                      ) : null;
                    },
                  },
                ]}
              />
            </div>
          </Card>
        ))}
      </Space>
    </Page>
  );
}
