/**
 * Manual scope adjustments (手工增加 / 排除): a unit added to or removed from a form's scope from
 * a period on, always with a reason; withdrawing one (also with a reason) lets the rules decide
 * again. Everyone who sees the scope sees the list; designers and administrators change it.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Form, Input, Modal, Radio, Select, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDate } from '../../../i18n/format.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, StatusTag } from '../../../ui/ui.tsx';
import { UnitSelect } from '../../registry/pickers.tsx';
import { type NewOverride, type Override, surveysApi } from '../api.ts';

const col = () => ({ scope: 'col' });
const REASON = [
  { required: true, whitespace: true },
  { min: 2, max: 500 },
];

function useRefreshScope(formId: string) {
  const client = useQueryClient();
  return () => {
    client.invalidateQueries({ queryKey: ['surveys', 'overrides', formId] });
    client.invalidateQueries({ queryKey: ['surveys', 'scope', formId] });
  };
}

function AddOverrideDialog({
  formId,
  periods,
  period,
  open,
  onClose,
}: {
  formId: string;
  periods: string[];
  period?: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshScope(formId);
  const [form] = Form.useForm<NewOverride>();
  const create = useMutation({
    mutationFn: (body: NewOverride) => surveysApi.createOverride(formId, body),
    onSuccess: (o) => {
      message.success(o.action === 'add' ? t('scope.override.added') : t('scope.override.removed'));
      refresh();
      onClose();
    },
  });
  const options = periods.map((p) => ({ value: p, label: p }));
  // From the period on screen unless one was chosen (the periods may arrive after the form).
  useEffect(() => {
    if (open && period && !form.getFieldValue('fromPeriod')) form.setFieldsValue({ fromPeriod: period });
  }, [open, period, form]);
  return (
    <Modal
      open={open}
      title={t('scope.override.create')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      afterClose={() => create.reset()}
      destroyOnHidden
    >
      <ErrorAlert error={create.error} />
      <Form<NewOverride>
        form={form}
        layout="vertical"
        initialValues={{ action: 'add' }}
        onFinish={(v) => {
          const body: NewOverride = { ...v, reason: v.reason.trim() };
          if (!body.untilPeriod) delete body.untilPeriod;
          create.mutate(body);
        }}
      >
        <Form.Item name="unitId" label={t('scope.override.unit')} rules={[{ required: true }]}>
          <UnitSelect />
        </Form.Item>
        <Form.Item name="action" label={t('scope.override.action')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'add', label: t('scope.override.add') },
              { value: 'remove', label: t('scope.override.remove') },
            ]}
          />
        </Form.Item>
        <Flex gap="middle">
          <Form.Item
            name="fromPeriod"
            label={t('scope.override.from')}
            rules={[{ required: true }]}
            style={{ flex: 1 }}
          >
            <Select showSearch options={options} />
          </Form.Item>
          <Form.Item
            name="untilPeriod"
            label={`${t('scope.override.until')} ${t('common.optional')}`}
            style={{ flex: 1 }}
          >
            <Select allowClear showSearch options={options} placeholder={t('scope.override.open')} />
          </Form.Item>
        </Flex>
        <Form.Item name="reason" label={t('surveys.scope.reason')} rules={REASON}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RevokeDialog({
  formId,
  override,
  onClose,
}: {
  formId: string;
  override: Override | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshScope(formId);
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useMutation({
    mutationFn: (v: { id: string; reason: string }) => surveysApi.revokeOverride(v.id, v.reason),
    onSuccess: () => {
      message.success(t('scope.override.revoked'));
      refresh();
      onClose();
    },
  });
  return (
    <Modal
      open={!!override}
      title={t('scope.override.revoke.title', { unit: override?.unitName ?? override?.unitId ?? '' })}
      onCancel={onClose}
      okText={t('scope.override.revoke')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={revoke.isPending}
      onOk={() => form.submit()}
      afterClose={() => revoke.reset()}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('scope.override.revoke.hint')}</Typography.Paragraph>
      <ErrorAlert error={revoke.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => override && revoke.mutate({ id: override.id, reason: v.reason.trim() })}
      >
        <Form.Item name="reason" label={t('scope.override.revoke.reason')} rules={REASON}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function Overrides({
  formId,
  periods,
  period,
  canEdit,
}: {
  formId: string;
  periods: string[];
  period?: string;
  canEdit: boolean;
}) {
  const { t, locale } = useI18n();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<Override | null>(null);
  const overrides = useQuery({
    queryKey: ['surveys', 'overrides', formId, includeRevoked],
    queryFn: () => surveysApi.overrides(formId, includeRevoked),
  });
  return (
    <section aria-labelledby="overrides-title" style={{ marginBottom: 24 }}>
      <Flex justify="space-between" align="center" wrap gap="small" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} id="overrides-title" style={{ fontSize: 16, margin: 0 }}>
          {t('scope.override.title')}
        </Typography.Title>
        <Flex gap="small" align="center" wrap>
          <Checkbox checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.target.checked)}>
            {t('scope.override.includeRevoked')}
          </Checkbox>
          {canEdit ? (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
              {t('scope.override.create')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      <ErrorAlert error={overrides.error} onRetry={() => overrides.refetch()} />
      <div className="table-scroll">
        <Table<Override>
          rowKey="id"
          size="small"
          loading={overrides.isFetching}
          dataSource={overrides.data ?? []}
          pagination={(overrides.data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          caption={<span className="sr-only">{t('scope.override.title')}</span>}
          locale={{ emptyText: <EmptyState title={t('scope.override.empty')} /> }}
          columns={[
            {
              title: t('units.name'),
              dataIndex: 'unitName',
              onHeaderCell: col,
              render: (n, o) => <Link to={`/register/units/${o.unitId}`}>{n ?? o.unitId}</Link>,
            },
            {
              title: t('units.creditCode'),
              dataIndex: 'creditCode',
              onHeaderCell: col,
              render: (v) => (v ? <code>{v}</code> : t('common.none')),
            },
            {
              title: t('scope.override.action'),
              dataIndex: 'action',
              onHeaderCell: col,
              render: (a) =>
                a === 'add' ? (
                  <StatusTag tone="info">{t('scope.override.add')}</StatusTag>
                ) : (
                  <StatusTag tone="warning">{t('scope.override.remove')}</StatusTag>
                ),
            },
            {
              title: t('scope.override.periods'),
              key: 'periods',
              onHeaderCell: col,
              render: (_, o) => `${o.fromPeriod} – ${o.untilPeriod ?? t('scope.override.open')}`,
            },
            { title: t('surveys.scope.reason'), dataIndex: 'reason', onHeaderCell: col },
            {
              title: t('scope.override.by'),
              key: 'by',
              onHeaderCell: col,
              render: (_, o) =>
                `${o.createdBy ?? t('common.none')} · ${formatDate(o.createdAt, locale, true)}`,
            },
            {
              title: t('surveys.state'),
              key: 'state',
              onHeaderCell: col,
              render: (_, o) =>
                o.revokedAt ? (
                  <span>
                    <StatusTag>{t('scope.override.revokedTag')}</StatusTag> {o.revokeReason}
                  </span>
                ) : (
                  <StatusTag tone="success">{t('scope.override.inEffect')}</StatusTag>
                ),
            },
            ...(canEdit
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    onHeaderCell: col,
                    render: (_: unknown, o: Override) =>
                      o.revokedAt ? null : (
                        <Button
                          size="small"
                          // No space between the two characters, so the visible text stays part of the name.
                          autoInsertSpace={false}
                          aria-label={t('scope.override.revoke.title', { unit: o.unitName ?? o.unitId })}
                          onClick={() => setRevoking(o)}
                        >
                          {t('scope.override.revoke')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      {canEdit ? (
        <>
          <AddOverrideDialog
            formId={formId}
            periods={periods}
            period={period}
            open={adding}
            onClose={() => setAdding(false)}
          />
          <RevokeDialog formId={formId} override={revoking} onClose={() => setRevoking(null)} />
        </>
      ) : null}
    </section>
  );
}
