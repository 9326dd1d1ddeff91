/**
 * Import a form definition (YAML or JSON): paste or read a file, check it, import it as a draft
 * version. A bad definition is listed with every error (path and reason) at once.
 */
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { asProblem, issueText, type ProblemIssue } from '../../api/problem.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Page } from '../../ui/ui.tsx';
import { type Check, surveysApi, type VersionDetail } from './api.ts';

type Outcome =
  | { kind: 'checked'; result: Check }
  | { kind: 'imported'; version: VersionDetail }
  | { kind: 'rejected'; issues: ProblemIssue[]; error: unknown };

function ErrorTable({ issues }: { issues: ProblemIssue[] }) {
  const { t, locale } = useI18n();
  const col = () => ({ scope: 'col' });
  return (
    <div className="table-scroll">
      <Table<ProblemIssue & { n: number }>
        rowKey="n"
        size="small"
        pagination={false}
        caption={<span className="sr-only">{t('surveys.import.errors', { count: issues.length })}</span>}
        dataSource={issues.map((i, n) => ({ ...i, n }))}
        columns={[
          { title: '#', dataIndex: 'n', width: 56, onHeaderCell: col, render: (n) => n + 1 },
          {
            title: t('surveys.import.path'),
            dataIndex: 'path',
            onHeaderCell: col,
            render: (p) => <code>{p || '/'}</code>,
          },
          {
            title: t('surveys.import.message'),
            key: 'message',
            onHeaderCell: col,
            render: (_, i) => issueText(i, locale),
          },
        ]}
      />
    </div>
  );
}

export default function ImportDefinitionPage() {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = useMutation({
    mutationFn: async (mode: 'check' | 'import'): Promise<Outcome> => {
      try {
        if (mode === 'check') return { kind: 'checked', result: await surveysApi.check(text) };
        const version = await surveysApi.importDefinition(text);
        client.invalidateQueries({ queryKey: ['surveys'] });
        return { kind: 'imported', version };
      } catch (e) {
        const p = asProblem(e);
        if (p.issues().length) return { kind: 'rejected', issues: p.issues(), error: e };
        throw e;
      }
    },
    onMutate: () => setOutcome(null),
    onSuccess: setOutcome,
  });

  const empty = text.trim() === '';
  return (
    <Page title={t('surveys.import')}>
      <Typography.Paragraph>{t('surveys.import.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical" onFinish={() => run.mutate('import')}>
          <Form.Item label={t('surveys.import.text')} htmlFor="definition-text">
            <Input.TextArea
              id="definition-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 12, maxRows: 30 }}
              spellCheck={false}
              style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
            />
          </Form.Item>
          <Space wrap>
            <Upload
              accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
              showUploadList={false}
              beforeUpload={async (file) => {
                setText(await file.text());
                setOutcome(null);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>{t('surveys.import.upload')}</Button>
            </Upload>
            <Button
              disabled={empty}
              loading={run.isPending && run.variables === 'check'}
              onClick={() => run.mutate('check')}
            >
              {t('surveys.check')}
            </Button>
            <Button
              type="primary"
              htmlType="submit"
              disabled={empty}
              loading={run.isPending && run.variables === 'import'}
            >
              {t('surveys.import.submit')}
            </Button>
          </Space>
        </Form>
      </Card>
      <div aria-live="polite">
        <ErrorAlert error={run.error} />
        {outcome?.kind === 'rejected' ? (
          <Card>
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 12 }}
              title={asProblem(outcome.error).messageIn(locale)}
            />
            <ErrorTable issues={outcome.issues} />
          </Card>
        ) : null}
        {outcome?.kind === 'checked' ? (
          outcome.result.ok ? (
            <Alert
              type="success"
              showIcon
              title={t('surveys.check.ok', {
                form: outcome.result.formCode ?? '',
                version: outcome.result.versionNumber ?? '',
              })}
            />
          ) : (
            <Card>
              <Alert
                type="error"
                showIcon
                role="alert"
                style={{ marginBottom: 12 }}
                title={t('surveys.import.errors', { count: outcome.result.errors.length })}
              />
              <ErrorTable issues={outcome.result.errors} />
            </Card>
          )
        ) : null}
        {outcome?.kind === 'imported' ? (
          <Alert
            type="success"
            showIcon
            title={t('surveys.import.done', {
              form: outcome.version.formCode,
              version: outcome.version.number,
            })}
            action={
              <Link to={`/surveys/versions/${outcome.version.id}/preview`}>
                {t('surveys.import.goPreview')}
              </Link>
            }
          />
        ) : null}
      </div>
    </Page>
  );
}
