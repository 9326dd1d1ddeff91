/** Create or edit a reporting unit (statisticians and administrators). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { REGISTRATION_TYPES } from '../../../../src/modules/registry/domain/registration-types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading, Page } from '../../ui/ui.tsx';
import { type NewUnit, registryApi, type Unit } from './api.ts';
import { statusLabel, UNIT_STATUSES } from './labels.ts';
import { DivisionCascader, IndustryTreeSelect } from './pickers.tsx';

type Values = Omit<NewUnit, 'entryDate'> & { entryDate?: { format(f: string): string } };

const EDITABLE = [
  'creditCode',
  'name',
  'townshipCode',
  'industryCode',
  'registrationType',
  'employees',
  'revenueThousandYuan',
  'address',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const;

/** Empty text fields become null so clearing a field clears it on the server. */
function clean(v: Values): NewUnit {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'entryDate') continue;
    out[k] = typeof x === 'string' && x.trim() === '' ? null : x;
  }
  if (v.entryDate) out.entryDate = v.entryDate.format('YYYY-MM-DD');
  return out as NewUnit;
}

export default function UnitEditPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const editing = !!id;
  const unit = useQuery({
    queryKey: ['registry', 'unit', id],
    queryFn: () => registryApi.unit(id!),
    enabled: editing,
  });

  useEffect(() => {
    if (unit.data) {
      const u = unit.data;
      form.setFieldsValue(
        Object.fromEntries(EDITABLE.map((k) => [k, u[k] ?? undefined])) as unknown as Values,
      );
    }
  }, [unit.data, form]);

  const save = useMutation({
    mutationFn: async (v: Values): Promise<Unit> => {
      const body = clean(v);
      if (!editing) return registryApi.createUnit(body);
      const u = unit.data!;
      // Send only what changed, with the version read (optimistic locking).
      const change: Record<string, unknown> = { version: u.version };
      for (const k of EDITABLE)
        if ((body as any)[k] !== undefined && (body as any)[k] !== u[k]) change[k] = (body as any)[k];
      return registryApi.updateUnit(u.id, change as any);
    },
    onSuccess: (u) => {
      message.success(t('units.saved'));
      client.invalidateQueries({ queryKey: ['registry'] });
      navigate(`/register/units/${u.id}`);
    },
  });

  if (editing && unit.isPending) return <Loading />;
  if (editing && unit.error) return <ErrorAlert error={unit.error} onRetry={() => unit.refetch()} />;

  return (
    <Page title={editing ? t('units.edit') : t('units.create')}>
      <Card>
        <ErrorAlert error={save.error} />
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} scrollToFirstError>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="creditCode"
                label={t('units.creditCode')}
                rules={[{ required: true, len: 18 }]}
              >
                <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="townshipCode" label={t('units.township')} rules={[{ required: true }]}>
                <DivisionCascader townshipsOnly />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="industryCode" label={t('units.industry')} rules={[{ required: true }]}>
                <IndustryTreeSelect classesOnly />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="registrationType"
                label={t('units.registrationType')}
                rules={[{ required: true }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={REGISTRATION_TYPES.map((r) => ({
                    value: r.code,
                    label: `${r.code} ${locale === 'en-US' ? r.nameEn : r.name}`,
                  }))}
                />
              </Form.Item>
            </Col>
            {editing ? null : (
              <>
                <Col xs={12} md={6}>
                  <Form.Item name="status" label={t('units.status')} initialValue="active">
                    <Select options={UNIT_STATUSES.map((s) => ({ value: s, label: t(statusLabel(s)) }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name="entryDate" label={t('units.entryDate')}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            )}
            <Col xs={12} md={6}>
              <Form.Item name="employees" label={t('units.employees')}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="revenueThousandYuan" label={t('units.revenue')}>
                <InputNumber min={0} precision={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="address" label={t('units.address')}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="contactName" label={t('units.contact.name')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="contactPhone" label={t('units.contact.phone')}>
                <Input maxLength={40} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="contactEmail" label={t('units.contact.email')} rules={[{ type: 'email' }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </Page>
  );
}
