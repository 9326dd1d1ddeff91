/**
 * Register import: upload xlsx/csv → preview listing every bad row with its reason → confirm
 * (all rows or none) or discard. Nothing is written before the confirmation.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Dropdown, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { formatNumber } from '../../i18n/format.ts';
import { type MessageKey, useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Page } from '../../ui/ui.tsx';
import { type ImportPreview, registryApi } from './api.ts';

type RowError = ImportPreview['errors'][number];

/** The file's column names for the fields the server reports (as the template labels them). */
const COLUMN_LABELS: Record<string, MessageKey> = {
  creditCode: 'units.creditCode',
  name: 'units.name',
  townshipCode: 'units.township',
  industryCode: 'units.industryCode',
  registrationType: 'units.registrationType',
  employees: 'units.employees',
  revenueThousandYuan: 'units.revenue',
  status: 'units.status',
  entryDate: 'units.entryDate',
  exitDate: 'units.exitDate',
  address: 'units.address',
  contactName: 'units.contact.name',
  contactPhone: 'units.contact.phone',
  contactEmail: 'units.contact.email',
};

export default function ImportPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);

  const upload = useMutation({
    mutationFn: (f: File) => registryApi.uploadImport(f),
    onSuccess: setPreview,
  });
  const confirm = useMutation({
    mutationFn: (id: string) => registryApi.confirmImport(id),
    onSuccess: (r) => {
      message.success(t('import.done', { count: r.inserted + r.updated }));
      setPreview(null);
      setFile(null);
      client.invalidateQueries({ queryKey: ['registry', 'units'] });
    },
  });
  const discard = useMutation({
    mutationFn: (id: string) => registryApi.discardImport(id),
    onSuccess: () => {
      message.info(t('import.cancelled'));
      setPreview(null);
      setFile(null);
    },
  });
  const template = async (format: 'xlsx' | 'csv') => {
    try {
      await registryApi.template(format);
    } catch (e) {
      message.error((e as { messageIn?: (l: string) => string }).messageIn?.(locale) ?? String(e));
    }
  };

  const n = (v: number) => formatNumber(v, locale);
  const col = () => ({ scope: 'col' });

  return (
    <Page
      title={t('import.title')}
      extra={
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', label: 'Excel (xlsx)' },
              { key: 'csv', label: 'CSV' },
            ],
            onClick: ({ key }) => template(key as 'xlsx' | 'csv'),
          }}
        >
          <Button icon={<DownloadOutlined />}>{t('units.template')}</Button>
        </Dropdown>
      }
    >
      <Typography.Paragraph>{t('import.intro')}</Typography.Paragraph>
      {preview ? null : (
        <Card style={{ marginBottom: 16 }}>
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
            <p className="ant-upload-text">{t('import.drop')}</p>
            <p className="ant-upload-hint">xlsx / csv</p>
          </Upload.Dragger>
          <Button
            type="primary"
            style={{ marginTop: 16 }}
            disabled={!file}
            loading={upload.isPending}
            onClick={() => file && upload.mutate(file)}
          >
            {t('import.upload')}
          </Button>
        </Card>
      )}
      <ErrorAlert error={upload.error ?? confirm.error ?? discard.error} />

      {preview ? (
        <Card title={<h2 className="card-title">{t('import.preview')}</h2>}>
          <Alert
            role="status"
            type={preview.badRows ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 16 }}
            title={t('import.summary', {
              total: n(preview.totalRows),
              ok: n(preview.validRows),
              bad: n(preview.badRows),
            })}
            description={preview.badRows ? t('import.confirm.blocked') : t('import.noErrors')}
          />
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('import.file')}>{preview.fileName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('import.created')}>{n(preview.inserts)}</Descriptions.Item>
            <Descriptions.Item label={t('import.updated')}>{n(preview.updates)}</Descriptions.Item>
          </Descriptions>
          {preview.errors.length ? (
            <>
              <h3 style={{ fontSize: 16 }}>{t('import.badRows')}</h3>
              <div className="table-scroll">
                <Table<RowError>
                  rowKey={(e) => `${e.row}|${e.column}|${e.code}`}
                  size="small"
                  caption={<span className="sr-only">{t('import.badRows')}</span>}
                  dataSource={preview.errors}
                  pagination={preview.errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                  columns={[
                    { title: t('import.row'), dataIndex: 'row', width: 80, onHeaderCell: col },
                    {
                      title: t('import.column'),
                      dataIndex: 'column',
                      onHeaderCell: col,
                      render: (v) => (v ? (COLUMN_LABELS[v] ? t(COLUMN_LABELS[v]) : v) : '—'),
                    },
                    {
                      title: t('import.value'),
                      dataIndex: 'value',
                      onHeaderCell: col,
                      render: (v) => (v ? <code>{v}</code> : '—'),
                    },
                    {
                      title: t('import.reason'),
                      dataIndex: 'message',
                      onHeaderCell: col,
                      render: (m: RowError['message']) => m[locale],
                    },
                  ]}
                />
              </div>
            </>
          ) : null}
          <Space style={{ marginTop: 16 }}>
            <Button
              type="primary"
              disabled={preview.badRows > 0 || preview.validRows === 0}
              loading={confirm.isPending}
              onClick={() => confirm.mutate(preview.id)}
            >
              {t('import.confirm')}
            </Button>
            <Button loading={discard.isPending} onClick={() => discard.mutate(preview.id)}>
              {t('import.cancel')}
            </Button>
          </Space>
        </Card>
      ) : null}
    </Page>
  );
}
