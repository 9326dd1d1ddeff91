/**
 * Change a unit's status (在营 / 停业 / 已退出) with the date it takes effect and a reason, through
 * `POST /api/registry/units/:id/status`. The reason goes to the audit trail.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ui.tsx';
import { registryApi, type Unit } from './api.ts';
import { statusLabel } from './labels.ts';
import { nextStatuses, statusChangeBody, statusDateKind, type UnitStatus } from './status.ts';

interface Values {
  status: UnitStatus;
  date?: { format(f: string): string } | null;
  reason?: string;
}

export function StatusDialog({ unit, open, onClose }: { unit: Unit; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const options = nextStatuses(unit.status);
  const to = Form.useWatch('status', form) ?? options[0];
  const dateKind = statusDateKind(unit.status, to);
  const change = useMutation({
    mutationFn: (v: Values) =>
      registryApi.changeStatus(
        unit.id,
        statusChangeBody(unit, { status: v.status, date: v.date?.format('YYYY-MM-DD'), reason: v.reason }),
      ),
    onSuccess: (u) => {
      message.success(t('units.status.changed', { status: t(statusLabel(u.status)) }));
      client.setQueryData(['registry', 'unit', u.id], u);
      client.invalidateQueries({ queryKey: ['registry', 'units'] });
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('units.status.change')}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      onOk={() => form.submit()}
      afterClose={() => {
        form.resetFields();
        change.reset();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={change.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ status: options[0] }}
        onFinish={(v) => change.mutate(v)}
      >
        <p>
          {t('units.status.current')}: {t(statusLabel(unit.status))}
        </p>
        <Form.Item name="status" label={t('units.status.new')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={options.map((s) => ({ value: s, label: t(statusLabel(s)) }))}
          />
        </Form.Item>
        {dateKind ? (
          <Form.Item
            name="date"
            label={dateKind === 'exit' ? t('units.exitDate') : t('units.status.reentryDate')}
            extra={t('units.status.dateHint')}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={t('units.status.reason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
