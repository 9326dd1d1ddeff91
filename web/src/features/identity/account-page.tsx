/** My account: profile, change password, API tokens (created token shown once; list; revoke). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { identityApi, type NewToken, type Token } from './api.ts';

function ChangePassword() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) =>
      identityApi.changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      form.resetFields();
      message.success(t('account.password.done'));
    },
  });
  return (
    <Card title={<h2 className="card-title">{t('account.password.title')}</h2>} style={{ marginBottom: 16 }}>
      <ErrorAlert error={change.error} />
      <Form form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={(v) => change.mutate(v)}>
        <Form.Item name="currentPassword" label={t('account.password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.password.new')}
          extra={t('account.password.rules')}
          rules={[{ required: true }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Tokens() {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [created, setCreated] = useState<NewToken | null>(null);
  const [form] = Form.useForm();
  const tokens = useQuery({ queryKey: ['auth', 'tokens'], queryFn: identityApi.tokens });
  const create = useMutation({
    mutationFn: (v: { name: string; expiresInDays?: number | null }) =>
      identityApi.createToken(v.name, v.expiresInDays ?? undefined),
    onSuccess: (tok) => {
      setCreated(tok);
      form.resetFields();
      client.invalidateQueries({ queryKey: ['auth', 'tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: identityApi.revokeToken,
    onSuccess: () => client.invalidateQueries({ queryKey: ['auth', 'tokens'] }),
  });
  return (
    <Card title={<h2 className="card-title">{t('tokens.title')}</h2>}>
      <Typography.Paragraph>{t('tokens.intro')}</Typography.Paragraph>
      <ErrorAlert error={create.error ?? revoke.error} />
      {created ? (
        <Alert
          type="success"
          showIcon
          closable={{ 'aria-label': t('common.close') }}
          onClose={() => setCreated(null)}
          style={{ marginBottom: 16 }}
          title={t('tokens.created')}
          description={
            <Typography.Paragraph
              code
              copyable={{ text: created.token }}
              style={{ wordBreak: 'break-all', margin: 0 }}
            >
              {created.token}
            </Typography.Paragraph>
          }
        />
      ) : null}
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => create.mutate(v)}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')}>
          <InputNumber min={1} max={3650} precision={0} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('tokens.create')}
        </Button>
      </Form>
      <ErrorAlert error={tokens.error} onRetry={() => tokens.refetch()} />
      <div className="table-scroll">
        <Table<Token>
          rowKey="id"
          size="small"
          loading={tokens.isPending}
          dataSource={tokens.data ?? []}
          pagination={false}
          locale={{ emptyText: <EmptyState title={t('tokens.empty')} /> }}
          columns={[
            { title: t('tokens.name'), dataIndex: 'name' },
            { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v) => <code>{v}…</code> },
            {
              title: t('tokens.createdAt'),
              dataIndex: 'createdAt',
              render: (v) => formatDate(v, locale, true),
            },
            {
              title: t('tokens.expiresAt'),
              dataIndex: 'expiresAt',
              render: (v) => (v ? formatDate(v, locale) : t('tokens.noExpiry')),
            },
            {
              title: t('tokens.lastUsedAt'),
              dataIndex: 'lastUsedAt',
              render: (v) => (v ? formatDate(v, locale, true) : t('tokens.never')),
            },
            {
              title: t('tokens.status'),
              dataIndex: 'revokedAt',
              render: (v) =>
                v ? (
                  <StatusTag>{t('tokens.revoked')}</StatusTag>
                ) : (
                  <StatusTag tone="success">{t('tokens.active')}</StatusTag>
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, tok) =>
                tok.revokedAt ? null : (
                  <Popconfirm
                    title={t('tokens.revoke.confirm', { name: tok.name })}
                    okText={t('tokens.revoke')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => revoke.mutateAsync(tok.id)}
                  >
                    <Button size="small" danger>
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </div>
    </Card>
  );
}

export default function AccountPage() {
  const { account } = useAuth();
  const { t } = useI18n();
  if (!account) return null;
  return (
    <Page title={t('account.title')}>
      <Card title={<h2 className="card-title">{t('account.profile')}</h2>} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('account.username')}>{account.username}</Descriptions.Item>
          <Descriptions.Item label={t('account.displayName')}>{account.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('account.role')}>{t(`role.${account.role}`)}</Descriptions.Item>
          <Descriptions.Item label={t('account.email')}>
            {account.email ?? t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('account.phone')}>
            {account.phone ?? t('common.none')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Space direction="vertical" style={{ width: '100%' }}>
        <ChangePassword />
        <Tokens />
      </Space>
    </Page>
  );
}
