/** Administrator: list, search, create, disable/enable and unlock accounts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import type { Account, Role } from '../../app/auth.tsx';
import { STATISTICIANS } from '../../app/nav.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { OfficeSelect, UnitSelect } from '../registry/pickers.tsx';
import { type AccountChange, identityApi, type NewAccount } from './api.ts';

const ROLES: Role[] = [
  'enterprise',
  'township_statistician',
  'county_statistician',
  'city_statistician',
  'designer',
  'editor',
  'publisher',
  'admin',
];

function CreateAccount({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<NewAccount>();
  const role = Form.useWatch('role', form);
  const create = useMutation({
    mutationFn: identityApi.createAccount,
    onSuccess: () => {
      message.success(t('accounts.saved'));
      client.invalidateQueries({ queryKey: ['accounts'] });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('accounts.create')}
      onCancel={onClose}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert error={create.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          const body: NewAccount = { ...v };
          for (const k of ['officeId', 'unitId', 'email', 'phone'] as const) if (!body[k]) delete body[k];
          create.mutate(body);
        }}
      >
        <Form.Item name="username" label={t('account.username')} rules={[{ required: true, min: 3 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('account.displayName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('account.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        {role && STATISTICIANS.includes(role) ? (
          <Form.Item name="officeId" label={t('accounts.office')} rules={[{ required: true }]}>
            <OfficeSelect role={role} />
          </Form.Item>
        ) : null}
        {role === 'enterprise' ? (
          <Form.Item
            name="unitId"
            label={t('accounts.unit')}
            extra={t('accounts.unit.hint')}
            rules={[{ required: true }]}
          >
            <UnitSelect />
          </Form.Item>
        ) : null}
        <Form.Item
          name="password"
          label={t('accounts.initialPassword')}
          extra={t('account.password.rules')}
          rules={[{ required: true }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="email"
          label={`${t('account.email')} ${t('common.optional')}`}
          rules={[{ type: 'email' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={`${t('account.phone')} ${t('common.optional')}`}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function AccountsPage() {
  const { t, locale } = useI18n();
  const { modal } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const query = { q: q || undefined, role, ...page };
  const accounts = useQuery({
    queryKey: ['accounts', query],
    queryFn: () => identityApi.accounts(query),
    placeholderData: (prev) => prev,
  });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: AccountChange }) =>
      identityApi.updateAccount(id, change),
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
  });

  return (
    <Page
      title={t('accounts.title')}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('accounts.create')}
        </Button>
      }
    >
      <Flex gap="small" wrap style={{ marginBottom: 16 }} role="search">
        <Input.Search
          aria-label={t('accounts.search')}
          placeholder={t('accounts.search')}
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ maxWidth: 280 }}
        />
        <Select<Role>
          aria-label={t('accounts.role')}
          placeholder={t('accounts.allRoles')}
          allowClear
          value={role}
          onChange={(v) => {
            setRole(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ minWidth: 180 }}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
      </Flex>
      <ErrorAlert error={accounts.error ?? update.error} onRetry={() => accounts.refetch()} />
      <div className="table-scroll">
        <Table<Account>
          rowKey="id"
          size="small"
          loading={accounts.isFetching}
          dataSource={accounts.data?.items ?? []}
          locale={{ emptyText: <EmptyState title={t('accounts.empty')} /> }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: accounts.data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            { title: t('account.username'), dataIndex: 'username', onHeaderCell: () => ({ scope: 'col' }) },
            { title: t('account.displayName'), dataIndex: 'displayName' },
            { title: t('account.role'), dataIndex: 'role', render: (r: Role) => t(`role.${r}`) },
            { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (v) => formatDate(v, locale) },
            {
              title: t('accounts.status'),
              key: 'status',
              render: (_, a) => (
                <Space size={4}>
                  {a.disabled ? (
                    <StatusTag>{t('accounts.disabled')}</StatusTag>
                  ) : (
                    <StatusTag tone="success">{t('accounts.active')}</StatusTag>
                  )}
                  {a.locked ? <StatusTag tone="danger">{t('accounts.locked')}</StatusTag> : null}
                </Space>
              ),
            },
            {
              title: t('accounts.actions'),
              key: 'actions',
              render: (_, a) => (
                <Space size={4} wrap>
                  {a.locked ? (
                    <Button
                      size="small"
                      onClick={() =>
                        update.mutate({ id: a.id, change: { version: a.version, unlock: true } })
                      }
                    >
                      {t('accounts.unlock')}
                    </Button>
                  ) : null}
                  {a.disabled ? (
                    <Button
                      size="small"
                      onClick={() =>
                        update.mutate({ id: a.id, change: { version: a.version, disabled: false } })
                      }
                    >
                      {t('accounts.enable')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        modal.confirm({
                          title: t('accounts.disable.confirm', { username: a.username }),
                          okText: t('accounts.disable'),
                          cancelText: t('common.cancel'),
                          okButtonProps: { danger: true },
                          onOk: () =>
                            update.mutateAsync({ id: a.id, change: { version: a.version, disabled: true } }),
                        })
                      }
                    >
                      {t('accounts.disable')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </div>
      <CreateAccount open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
