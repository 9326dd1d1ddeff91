/**
 * Create or edit a signal system (景气预警信号灯系统): code and names, the composite's four
 * boundaries, from which period alerts fire, and its indicators — each a statistical-database
 * series (indicator, one code per dimension, level / 同比 / 环比, seasonally adjusted or not) with
 * four boundaries between the five lights and a weight. The form checks what the contract and the
 * service check (system-form.ts); what only the server can know (a series that does not exist,
 * mixed frequencies) comes back as a 422 and is shown on its row. Saving sends the version read;
 * a 409 says someone else saved first and offers to reload. Saved: on to the system's board.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert as AntAlert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  type FormInstance,
  Input,
  Row,
  Select,
  Switch,
} from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { TRANSFORMS } from '../../../../src/modules/warning/domain/terms.ts';
import { ApiProblem, asProblem, issueText } from '../../api/problem.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading, Page } from '../../ui/ui.tsx';
import { type Dimensions, type Indicator, statdbApi } from '../statdb/api.ts';
import { type SystemDetail, warningApi } from './api.ts';
import { SignalLight } from './signal-light.tsx';
import {
  bodyFromDraft,
  type Check,
  checkBoundaries,
  checkCode,
  checkKey,
  checkWatchFrom,
  checkWeight,
  draftFromSystem,
  emptyIndicator,
  emptySystem,
  fieldOfIssue,
  type SystemDraft,
} from './system-form.ts';

/** The four boundaries lie between these neighbouring lights, cold to hot. */
const BETWEEN = [
  ['overcold', 'cold'],
  ['cold', 'normal'],
  ['normal', 'warm'],
  ['warm', 'overheated'],
] as const;

export default function SystemPage() {
  const { t, locale } = useI18n();
  const { id } = useParams();
  const system = useQuery({
    queryKey: ['warning', 'system', id],
    queryFn: () => warningApi.system(id!),
    enabled: !!id,
  });
  const indicators = useQuery({ queryKey: ['statdb', 'indicators'], queryFn: statdbApi.indicators });
  const dimensions = useQuery({ queryKey: ['statdb', 'dimensions'], queryFn: statdbApi.dimensions });
  const error = system.error ?? indicators.error ?? dimensions.error;
  const title = system.data
    ? t('warning.systems.editTitle', { name: locale === 'en-US' ? system.data.name.en : system.data.name.zh })
    : t('warning.systems.new');
  return (
    <Page title={title} extra={<Link to="/warning">{t('warning.systems.back')}</Link>}>
      <ErrorAlert error={error} onRetry={() => (id ? system.refetch() : indicators.refetch())} />
      {error ? null : !indicators.data || !dimensions.data || (id && !system.data) ? (
        <Loading />
      ) : (
        <SystemForm
          // A reload after a conflict brings a new version: start again from it.
          key={system.data ? `${system.data.id}:${system.data.version}` : 'new'}
          system={system.data ?? null}
          indicators={indicators.data.items}
          dimensions={dimensions.data}
          onReload={() => system.refetch()}
        />
      )}
    </Page>
  );
}

function SystemForm({
  system,
  indicators,
  dimensions,
  onReload,
}: {
  system: SystemDetail | null;
  indicators: Indicator[];
  dimensions: Dimensions;
  onReload: () => void;
}) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<SystemDraft>();
  const [initial] = useState<SystemDraft>(() => (system ? draftFromSystem(system) : emptySystem()));
  const save = useMutation({
    mutationFn: (d: SystemDraft) =>
      system
        ? warningApi.updateSystem(system.id, bodyFromDraft(d, system.version))
        : warningApi.createSystem(bodyFromDraft(d)),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['warning'] });
      navigate(`/warning?system=${saved.id}`);
    },
    onError: (e) => {
      // Each issue on its field (the alert above still lists them all).
      const p = asProblem(e);
      const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
      const put = (name: (string | number)[] | null, text: string) => {
        if (!name) return;
        const k = JSON.stringify(name);
        const entry = byField.get(k) ?? { name, errors: [] };
        entry.errors.push(text);
        byField.set(k, entry);
      };
      for (const issue of p.issues()) put(fieldOfIssue(issue.path), issueText(issue, locale));
      if (p.code === 'warning.system_code_taken') put(['code'], p.messageIn(locale));
      // fieldOfIssue names only fields of SystemDraft (system-form.test.ts).
      form.setFields([...byField.values()] as Parameters<typeof form.setFields>[0]);
    },
  });
  const conflict = save.error instanceof ApiProblem && save.error.code === 'warning.version_conflict';
  const checked = (check: Check | null) =>
    check ? Promise.reject(new Error(t(`warning.systems.check.${check}`))) : Promise.resolve();
  const half = { xs: 24, md: 12 };

  return (
    <Form<SystemDraft>
      form={form}
      name="warning-system"
      layout="vertical"
      initialValues={initial}
      onFinish={(d) => {
        // The list's server error (mixed frequencies) has no field check to clear it.
        form.setFields([{ name: ['indicators'], errors: [] }]);
        save.mutate(d);
      }}
      aria-label={t('warning.systems.form')}
    >
      {conflict ? (
        <AntAlert
          type="warning"
          showIcon
          role="alert"
          title={t('warning.systems.conflict')}
          description={t('warning.systems.conflict.hint')}
          action={<Button onClick={onReload}>{t('warning.systems.reload')}</Button>}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <ErrorAlert error={save.error} />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item
              name="code"
              label={t('warning.systems.code')}
              extra={t('warning.systems.code.hint')}
              required
              rules={[{ validator: (_, v: string) => checked(system ? null : checkCode(v ?? '')) }]}
            >
              <Input readOnly={!!system} variant={system ? 'filled' : 'outlined'} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="watchFrom"
              label={t('warning.systems.watchFrom')}
              extra={t('warning.systems.watchFrom.hint')}
              rules={[{ validator: (_, v: string) => checked(checkWatchFrom(v ?? '')) }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="nameZh"
              label={t('warning.systems.nameZh')}
              required
              rules={[{ validator: (_, v: string) => checked(v?.trim() ? null : 'required') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="nameEn"
              label={t('warning.systems.nameEn')}
              required
              rules={[{ validator: (_, v: string) => checked(v?.trim() ? null : 'required') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="compositeBoundaries"
          extra={t('warning.systems.composite.hint')}
          rules={[{ validator: (_, v: string[]) => checked(checkBoundaries(v ?? [])) }]}
        >
          <BoundaryInputs legend={t('warning.systems.composite')} />
        </Form.Item>
      </Card>

      <h2 className="card-title" style={{ marginBottom: 12 }}>
        {t('warning.systems.indicators')}
      </h2>
      <Form.List name="indicators">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <IndicatorRow
                key={field.key}
                form={form}
                name={field.name}
                n={i + 1}
                indicators={indicators}
                dimensions={dimensions}
                onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
                checked={checked}
              />
            ))}
            <Form.Item>
              <Button
                icon={<PlusOutlined aria-hidden />}
                onClick={() => add(emptyIndicator())}
                disabled={fields.length >= 30}
              >
                {t('warning.systems.add')}
              </Button>
              {/* What the server says of the list as a whole (one frequency for all indicators). */}
              <Form.ErrorList errors={errors} />
            </Form.Item>
          </>
        )}
      </Form.List>
      <Flex gap="small">
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('warning.systems.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** One indicator of the system: a group named 指标 n, so each row's fields are told apart. */
function IndicatorRow({
  form,
  name,
  n,
  indicators,
  dimensions,
  onRemove,
  checked,
}: {
  form: FormInstance<SystemDraft>;
  name: number;
  n: number;
  indicators: Indicator[];
  dimensions: Dimensions;
  onRemove?: () => void;
  checked: (c: Check | null) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const code: string | undefined = Form.useWatch(['indicators', name, 'indicator'], form);
  const current = indicators.find((i) => i.code === code);
  const legendId = `warning-system-indicator-${name}`;
  // A new indicator starts at each of its dimensions' defaults (the city, the total).
  const chooseIndicator = (value: string) => {
    const next = indicators.find((i) => i.code === value);
    const dims: Record<string, string> = {};
    for (const d of next?.dimensions ?? [])
      dims[d] = dimensions.items.find((x) => x.dimension === d)?.defaultCode ?? '';
    form.setFieldValue(['indicators', name, 'dims'], dims);
  };
  return (
    <fieldset aria-labelledby={legendId} style={rowStyle}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <h3 id={legendId} className="card-title" style={{ margin: 0 }}>
          {t('warning.systems.indicator.n', { n })}
        </h3>
        {onRemove ? (
          <Button size="small" danger icon={<DeleteOutlined aria-hidden />} onClick={onRemove}>
            {t('warning.systems.remove', { n })}
          </Button>
        ) : null}
      </Flex>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item
            name={[name, 'key']}
            label={t('warning.systems.key')}
            required
            rules={[
              {
                validator: (_, v: string) =>
                  checked(
                    checkKey(
                      v ?? '',
                      (form.getFieldValue('indicators') as SystemDraft['indicators']).map(
                        (x) => x?.key ?? '',
                      ),
                    ),
                  ),
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name={[name, 'indicator']}
            label={t('warning.systems.statdbIndicator')}
            // Its frequency and span: a system's indicators share one frequency (the server checks).
            extra={
              current
                ? `${t(`statdb.freq.${current.frequency}`)} · ${current.firstPeriod ?? '—'} – ${current.lastPeriod ?? '—'}`
                : undefined
            }
            required
            rules={[{ validator: (_, v: string) => checked(v ? null : 'required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              onChange={chooseIndicator}
              options={indicators.map((i) => ({ value: i.code, label: `${i.name[lang]}（${i.code}）` }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={[name, 'weight']}
            label={t('warning.systems.weight')}
            required
            rules={[{ validator: (_, v: string) => checked(checkWeight(v ?? '')) }]}
          >
            <Input inputMode="decimal" autoComplete="off" />
          </Form.Item>
        </Col>
        {(current?.dimensions ?? []).map((d) => {
          const dim = dimensions.items.find((x) => x.dimension === d);
          if (!dim) return null;
          return (
            <Col xs={24} md={12} key={d}>
              <Form.Item name={[name, 'dims', d]} label={dim.name[lang]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={dim.codes.map((c) => ({ value: c.code, label: `${c.name[lang]} ${c.code}` }))}
                />
              </Form.Item>
            </Col>
          );
        })}
        <Col xs={24} md={6}>
          <Form.Item name={[name, 'transform']} label={t('warning.systems.transform')}>
            <Select options={TRANSFORMS.map((v) => ({ value: v, label: t(`warning.transform.${v}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={[name, 'seasonallyAdjusted']}
            label={t('warning.systems.sa')}
            valuePropName="checked"
            dependencies={[['indicators', name, 'indicator']]}
            rules={[
              {
                validator: (_, on: boolean) => checked(on && current?.frequency === 'A' ? 'saAnnual' : null),
              },
            ]}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name={[name, 'boundaries']}
        extra={t('warning.systems.boundaries.hint')}
        rules={[{ validator: (_, v: string[]) => checked(checkBoundaries(v ?? [])) }]}
      >
        <BoundaryInputs legend={t('warning.systems.boundaries')} />
      </Form.Item>
    </fieldset>
  );
}

const rowStyle: CSSProperties = {
  border: '1px solid rgba(0,0,0,0.15)',
  borderRadius: 8,
  padding: '12px 16px 0',
  marginBottom: 16,
  minWidth: 0,
};

/**
 * Four boundaries as one form value: a group with a legend, each input labelled by the two lights
 * it separates (dot and name, so colour is never the only cue). Takes what Form.Item hands a
 * control (id, value, onChange, aria-invalid / aria-describedby when the check fails).
 */
function BoundaryInputs({
  legend,
  id,
  value,
  onChange,
  ...aria
}: {
  legend: string;
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const values = value ?? ['', '', '', ''];
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <legend style={{ fontSize: 14, marginBottom: 8, border: 0 }}>{legend}</legend>
      <Row gutter={12}>
        {BETWEEN.map(([below, above], k) => (
          <Col xs={12} md={6} key={below}>
            <label htmlFor={`${id}_${k}`} style={{ display: 'block', marginBottom: 4 }}>
              <SignalLight light={below} />|<SignalLight light={above} />
            </label>
            <Input
              id={`${id}_${k}`}
              inputMode="decimal"
              autoComplete="off"
              value={values[k]}
              aria-invalid={aria['aria-invalid']}
              aria-describedby={aria['aria-describedby']}
              onChange={(e) => onChange?.(values.map((x, j) => (j === k ? e.target.value : x)))}
            />
          </Col>
        ))}
      </Row>
    </fieldset>
  );
}
