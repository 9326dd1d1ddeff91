/**
 * Import historical series (历史数据导入): upload a CSV or Excel file in the long layout or as a
 * yearbook table. The server checks the whole file first; a refusal lists every problem with its
 * row and column and nothing is written; success says how many values were new.
 */
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, Radio, Row, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { asProblem } from '../../api/problem.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Page } from '../../ui/ui.tsx';
import { type ImportProblem, statdbApi } from './api.ts';
import { ScrollBox } from './scroll-box.tsx';

type Layout = 'auto' | 'long' | 'wide';

export default function ImportPage() {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const client = useQueryClient();
  const indicators = useQuery({ queryKey: ['statdb', 'indicators'], queryFn: statdbApi.indicators });
  const [file, setFile] = useState<File | null>(null);
  const [layout, setLayout] = useState<Layout>('auto');
  const [indicator, setIndicator] = useState<string | undefined>();
  const [status, setStatus] = useState<'final' | 'revised' | 'preliminary'>('final');
  const [region, setRegion] = useState('');
  const [source, setSource] = useState('');
  const upload = useMutation({
    mutationFn: (f: File) =>
      statdbApi.import(f, {
        layout: layout === 'auto' ? undefined : layout,
        indicator,
        status: layout === 'long' ? undefined : status,
        region: region || undefined,
        source: source || undefined,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['statdb'] }),
  });
  const problem = upload.error ? asProblem(upload.error) : null;
  const problems = ((problem?.details as { problems?: ImportProblem[] } | undefined)?.problems ??
    []) as ImportProblem[];
  const n = (v: number) => formatNumber(v, locale);
  return (
    <Page title={t('statdb.import.title')}>
      <Typography.Paragraph>{t('statdb.import.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Form.Item label={t('statdb.import.layout')}>
            <Radio.Group
              aria-label={t('statdb.import.layout')}
              value={layout}
              onChange={(e) => setLayout(e.target.value)}
              options={(['auto', 'long', 'wide'] as const).map((l) => ({
                value: l,
                label: t(`statdb.import.layout.${l}`),
              }))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('statdb.import.indicator')} htmlFor="statdb-import-indicator">
                <Select
                  id="statdb-import-indicator"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  value={indicator}
                  onChange={setIndicator}
                  options={(indicators.data?.items ?? []).map((i) => ({
                    value: i.code,
                    label: `${i.name[lang]}（${i.code}）`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={5}>
              <Form.Item label={t('statdb.import.status')} htmlFor="statdb-import-status">
                <Select
                  id="statdb-import-status"
                  value={status}
                  onChange={setStatus}
                  options={(['final', 'revised', 'preliminary'] as const).map((s) => ({
                    value: s,
                    label: t(`statdb.status.${s}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={5}>
              <Form.Item label={t('statdb.import.region')} htmlFor="statdb-import-region">
                <Input
                  id="statdb-import-region"
                  value={region}
                  onChange={(e) => setRegion(e.target.value.trim())}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label={t('statdb.import.source')} htmlFor="statdb-import-source">
                <Input id="statdb-import-source" value={source} onChange={(e) => setSource(e.target.value)} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Upload.Dragger
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          maxCount={1}
          multiple={false}
          beforeUpload={(f) => {
            setFile(f);
            upload.reset();
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('statdb.import.drop')}</p>
          <p className="ant-upload-hint">xlsx / csv</p>
        </Upload.Dragger>
        <Button
          type="primary"
          style={{ marginTop: 16 }}
          disabled={!file}
          loading={upload.isPending}
          onClick={() => file && upload.mutate(file)}
        >
          {t('statdb.import.upload')}
        </Button>
      </Card>

      {problems.length ? (
        <Card
          title={<h2 className="card-title">{t('statdb.import.problems', { count: problems.length })}</h2>}
        >
          <Alert
            role="alert"
            type="error"
            showIcon
            title={problem!.messageIn(locale)}
            description={t('statdb.import.problems.hint')}
            style={{ marginBottom: 16 }}
          />
          <ScrollBox label={t('statdb.import.reason')}>
            <table id="statdb-import-problems" style={{ width: '100%', borderCollapse: 'collapse' }}>
              <thead>
                <tr>
                  {(['row', 'column', 'value', 'reason'] as const).map((c) => (
                    <th key={c} scope="col" style={{ textAlign: 'left', padding: '4px 8px' }}>
                      {t(`statdb.import.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id and never reorder
                  <tr key={i} style={{ borderTop: '1px solid #e5e7eb' }}>
                    <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal', padding: '4px 8px' }}>
                      {p.row}
                    </th>
                    <td style={{ padding: '4px 8px' }}>{p.column ?? '—'}</td>
                    <td style={{ padding: '4px 8px' }}>{p.value ?? ''}</td>
                    <td style={{ padding: '4px 8px' }}>{p.messages[locale]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </Card>
      ) : (
        <ErrorAlert error={upload.error} />
      )}

      {upload.data ? (
        <>
          <Alert
            role="status"
            type="success"
            showIcon
            title={t('statdb.import.done', {
              rows: n(upload.data.rows),
              written: n(upload.data.written),
              unchanged: n(upload.data.unchanged),
            })}
            description={`${t('statdb.import.indicators')}：${upload.data.indicators.join('、')}`}
          />
          {upload.data.indicators[0] ? (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              <Link to={`/statdb?indicator=${encodeURIComponent(upload.data.indicators[0])}`}>
                {t('statdb.import.open')}
              </Link>
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
