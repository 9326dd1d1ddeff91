/**
 * Edit a form's scope rules (designers and administrators): a unit must report when it meets
 * every criterion of any one rule. Saved with `PUT /api/surveys/forms/:id/scope/rules`.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { REGISTRATION_TYPES } from '../../../../../src/modules/registry/domain/registration-types.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { ErrorAlert } from '../../../ui/ui.tsx';
import { SIZE_CLASSES, sizeLabel } from '../../registry/labels.ts';
import { DivisionCascader, GroupingSelect, useIndustries } from '../../registry/pickers.tsx';
import { type FormWithVersions, surveysApi } from '../api.ts';
import { INDUSTRY_PREFIX, type RuleValues, rulesFromValues, valuesFromRule } from './rules.ts';

export function ScopeRulesDialog({
  form,
  open,
  onClose,
}: {
  form: FormWithVersions;
  open: boolean;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const industries = useIndustries();
  const [editor] = Form.useForm<{ rules: RuleValues[] }>();
  const [empty, setEmpty] = useState<number[]>([]);
  const save = useMutation({
    mutationFn: (rules: Parameters<typeof surveysApi.setScopeRules>[1]) =>
      surveysApi.setScopeRules(form.id, rules),
    onSuccess: (f) => {
      message.success(t('scope.rules.saved'));
      client.setQueryData(['surveys', 'form', form.id], f);
      client.invalidateQueries({ queryKey: ['surveys', 'scope', form.id] });
      onClose();
    },
  });
  const sections = (industries.data ?? [])
    .filter((i) => i.level === 'section')
    .map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));
  const initial = { rules: (form.scopeRules?.rules ?? []).map(valuesFromRule) };

  return (
    <Modal
      open={open}
      width={800}
      title={t('scope.rules.edit')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => editor.submit()}
      afterClose={() => {
        setEmpty([]);
        save.reset();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('scope.rules.intro')}</Typography.Paragraph>
      <ErrorAlert error={save.error} />
      {empty.length ? (
        <Alert
          type="error"
          role="alert"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('scope.rules.emptyRule', { n: empty.join(locale === 'en-US' ? ', ' : '、') })}
        />
      ) : null}
      <Form
        form={editor}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => {
          const { rules, empty } = rulesFromValues(v.rules ?? []);
          setEmpty(empty);
          if (!empty.length) save.mutate(rules);
        }}
      >
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={<h3 className="card-title">{t('scope.rules.rule', { n: i + 1 })}</h3>}
                  extra={
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined aria-hidden />}
                      onClick={() => remove(field.name)}
                    >
                      {t('scope.rules.remove', { n: i + 1 })}
                    </Button>
                  }
                >
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'sections']} label={t('scope.rules.sections')}>
                        <Select
                          mode="multiple"
                          allowClear
                          placeholder={t('units.any')}
                          showSearch={{ optionFilterProp: 'label' }}
                          options={sections}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name={[field.name, 'industryCodes']}
                        label={t('scope.rules.industryCodes')}
                        extra={t('scope.rules.industryCodes.hint')}
                        rules={[
                          {
                            validator: async (_, v?: string[]) => {
                              const bad = (v ?? []).find((c) => !INDUSTRY_PREFIX.test(c.trim()));
                              if (bad) throw new Error(t('scope.rules.industryCodes.bad', { code: bad }));
                            },
                          },
                        ]}
                      >
                        <Select
                          mode="tags"
                          allowClear
                          placeholder={t('units.any')}
                          tokenSeparators={[',', ' ']}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'groupings']} label={t('units.grouping')}>
                        <GroupingSelect />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'division']} label={t('units.division')}>
                        <DivisionCascader />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item
                        name={[field.name, 'minRevenueThousandYuan']}
                        label={t('scope.rules.minRevenue')}
                      >
                        <InputNumber min={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[field.name, 'minEmployees']} label={t('scope.rules.minEmployees')}>
                        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'sizeClasses']} label={t('units.sizeClass')}>
                        <Select
                          mode="multiple"
                          allowClear
                          placeholder={t('units.any')}
                          options={SIZE_CLASSES.map((s) => ({ value: s, label: t(sizeLabel(s)) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24}>
                      <Form.Item name={[field.name, 'registrationTypes']} label={t('units.registrationType')}>
                        <Select
                          mode="multiple"
                          allowClear
                          placeholder={t('units.any')}
                          showSearch={{ optionFilterProp: 'label' }}
                          options={REGISTRATION_TYPES.map((r) => ({
                            value: r.code,
                            label: `${r.code} ${locale === 'en-US' ? r.nameEn : r.name}`,
                          }))}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              {fields.length ? null : <Typography.Paragraph>{t('scope.rules.none')}</Typography.Paragraph>}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({})}>
                {t('scope.rules.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
