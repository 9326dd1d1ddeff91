/**
 * Seasonal adjustment (季节调整): an analyst pastes a series (a column from Excel, or values
 * separated by commas, tabs or spaces), picks the frequency, start and STL parameters (R's names
 * and defaults), and gets the seasonal, trend and remainder components back from
 * `POST /api/analysis/stl` as a chart, a table and a CSV made here in the browser.
 */
import { DownloadOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import {
  resolveStlParameters,
  type StlParameters,
} from '../../../../src/modules/analysis/domain/stl-parameters.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { analysisApi, type Stl, type StlBody } from './api.ts';
import {
  type DecompositionRows,
  decompositionCsv,
  displayDecimals,
  exampleSeries,
  parseSeries,
  parseStart,
  periodLabel,
} from './parse.ts';
import { StlChart } from './stl-chart.tsx';

type Degree = 0 | 1;

interface Values {
  series: string;
  frequency: 12 | 4 | 'other';
  customFrequency?: number | null;
  start?: string;
  sWindowMode: 'number' | 'periodic';
  sWindow?: number | null;
  robust: boolean;
  missing: 'fail' | 'interpolate';
  sDegree?: Degree;
  tWindow?: number | null;
  tDegree?: Degree;
  lWindow?: number | null;
  lDegree?: Degree;
  sJump?: number | null;
  tJump?: number | null;
  lJump?: number | null;
  inner?: number | null;
  outer?: number | null;
}

const INITIAL: Values = {
  series: '',
  frequency: 12,
  start: '',
  sWindowMode: 'number',
  sWindow: 13,
  robust: false,
  missing: 'fail',
};

/** The advanced parameters: form field, R name, and R's rule for the default. */
const ADVANCED = [
  { field: 'sDegree', r: 's.degree', rule: '0', kind: 'degree' },
  {
    field: 'tWindow',
    r: 't.window',
    rule: 'nextodd(ceiling(1.5·frequency / (1 − 1.5/s.window)))',
    kind: 'span',
  },
  { field: 'tDegree', r: 't.degree', rule: '1', kind: 'degree' },
  { field: 'lWindow', r: 'l.window', rule: 'nextodd(frequency)', kind: 'span' },
  { field: 'lDegree', r: 'l.degree', rule: 't.degree', kind: 'degree' },
  { field: 'sJump', r: 's.jump', rule: 'ceiling(s.window/10)', kind: 'jump' },
  { field: 'tJump', r: 't.jump', rule: 'ceiling(t.window/10)', kind: 'jump' },
  { field: 'lJump', r: 'l.jump', rule: 'ceiling(l.window/10)', kind: 'jump' },
  { field: 'inner', r: 'inner', rule: 'if (robust) 1 else 2', kind: 'inner' },
  { field: 'outer', r: 'outer', rule: 'if (robust) 15 else 0', kind: 'outer' },
] as const;

type AdvancedField = (typeof ADVANCED)[number]['field'];

const frequencyOf = (v: Pick<Values, 'frequency' | 'customFrequency'>): number | null => {
  const f = v.frequency === 'other' ? v.customFrequency : v.frequency;
  return typeof f === 'number' && Number.isInteger(f) && f >= 2 ? f : null;
};

const given = (v: number | null | undefined) => (typeof v === 'number' ? v : undefined);

/** The request for the form's values (the series already checked by the form's rules). */
function toBody(v: Values): StlBody {
  const frequency = frequencyOf(v) ?? 12;
  const start = parseStart(v.start ?? '', frequency) ?? undefined;
  const body: StlBody = {
    values: parseSeries(v.series).values,
    frequency,
    ...(start ? { start } : {}),
    missing: v.missing,
    's.window': v.sWindowMode === 'periodic' ? 'periodic' : (v.sWindow ?? 13),
    robust: v.robust,
  };
  const set = (name: keyof StlBody, value: number | undefined) => {
    if (value !== undefined) (body as Record<string, unknown>)[name] = value;
  };
  set('s.degree', v.sWindowMode === 'periodic' ? undefined : v.sDegree);
  set('t.window', given(v.tWindow));
  set('t.degree', v.tDegree);
  set('l.window', given(v.lWindow));
  set('l.degree', v.lDegree);
  set('s.jump', given(v.sJump));
  set('t.jump', given(v.tJump));
  set('l.jump', given(v.lJump));
  set('inner', given(v.inner));
  set('outer', given(v.outer));
  return body;
}

/** The same decomposition as an R call, for the analyst who wants to check it in R. */
function rCall(body: StlBody): string {
  const start = body.start ? `, start = c(${body.start.year}, ${body.start.period})` : '';
  const args = [`s.window = ${body['s.window'] === 'periodic' ? '"periodic"' : body['s.window']}`];
  for (const name of [
    's.degree',
    't.window',
    't.degree',
    'l.window',
    'l.degree',
    's.jump',
    't.jump',
    'l.jump',
  ] as const)
    if (body[name] !== undefined) args.push(`${name} = ${body[name]}`);
  if (body.robust) args.push('robust = TRUE');
  for (const name of ['inner', 'outer'] as const)
    if (body[name] !== undefined) args.push(`${name} = ${body[name]}`);
  if (body.missing === 'interpolate') args.push('na.action = zoo::na.approx');
  return `stl(ts(x, frequency = ${body.frequency}${start}), ${args.join(', ')})`;
}

/** R's defaults for the current choices (for a series at least long enough to decompose). */
function defaultsFor(v: Partial<Values>, n: number): StlParameters | null {
  const frequency = frequencyOf({ frequency: v.frequency ?? 12, customFrequency: v.customFrequency });
  if (!frequency) return null;
  try {
    return resolveStlParameters(Math.max(n, 2 * frequency + 1), frequency, {
      sWindow: v.sWindowMode === 'periodic' ? 'periodic' : (given(v.sWindow) ?? 13),
      sDegree: v.sDegree,
      tWindow: given(v.tWindow),
      tDegree: v.tDegree,
      lWindow: given(v.lWindow),
      lDegree: v.lDegree,
      robust: v.robust,
    });
  } catch {
    return null;
  }
}

export default function SeasonalPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [form] = Form.useForm<Values>();
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);

  const run = useMutation({ mutationFn: (body: StlBody) => analysisApi.stl(body) });

  const parsed = useMemo(() => parseSeries(watched?.series ?? ''), [watched?.series]);
  const defaults = defaultsFor(watched ?? INITIAL, parsed.values.length);
  const fieldDefault: Record<AdvancedField, number | undefined> = {
    sDegree: defaults?.sDegree,
    tWindow: defaults?.tWindow,
    tDegree: defaults?.tDegree,
    lWindow: defaults?.lWindow,
    lDegree: defaults?.lDegree,
    sJump: defaults?.sJump,
    tJump: defaults?.tJump,
    lJump: defaults?.lJump,
    inner: defaults?.inner,
    outer: defaults?.outer,
  };

  // Focus the result's heading when a decomposition arrives, so keyboard and screen reader users land on it.
  useEffect(() => {
    if (run.data) resultHeading.current?.focus();
  }, [run.data]);

  // The error shows under the form; bring it into view (on a phone the button is far above it).
  useEffect(() => {
    if (run.error) errorBox.current?.scrollIntoView?.({ block: 'nearest' });
  }, [run.error]);

  const loadExample = () => {
    const e = exampleSeries();
    form.setFieldsValue({ series: e.values.join('\n'), frequency: 12, start: e.start });
    form.validateFields(['series', 'start']).catch(() => {});
    message.success(t('analysis.example.loaded'));
  };

  const periodic = watched?.sWindowMode === 'periodic';

  return (
    <Page title={t('analysis.seasonal.title')}>
      <Typography.Paragraph>{t('analysis.seasonal.intro')}</Typography.Paragraph>
      <Card title={<h2 className="card-title">{t('analysis.input')}</h2>} style={{ marginBottom: 16 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={INITIAL}
          onFinish={(v) => run.mutate(toBody(v))}
          aria-label={t('analysis.input')}
        >
          <Row gutter={[24, 0]}>
            <Col xs={24} lg={10}>
              <Form.Item
                name="series"
                label={t('analysis.series')}
                extra={
                  <>
                    <div>{t('analysis.series.help')}</div>
                    {parsed.values.length ? (
                      <div>
                        {t('analysis.series.count', {
                          n: parsed.values.length,
                          missing: parsed.missing,
                        })}
                      </div>
                    ) : null}
                  </>
                }
                rules={[
                  {
                    validator: (_, text: string | undefined) => {
                      const p = parseSeries(text ?? '');
                      if (!p.values.length) return Promise.reject(new Error(t('analysis.series.empty')));
                      if (p.bad.length) {
                        const shown = p.bad.slice(0, 3).map((b) => t('analysis.series.bad', { ...b }));
                        if (p.bad.length > 3)
                          shown.push(t('analysis.series.badMore', { count: p.bad.length - 3 }));
                        return Promise.reject(new Error(shown.join('；')));
                      }
                      return Promise.resolve();
                    },
                  },
                ]}
              >
                <Input.TextArea
                  rows={phone ? 6 : 14}
                  spellCheck={false}
                  autoComplete="off"
                  style={{ fontFamily: 'monospace' }}
                />
              </Form.Item>
              <Button
                icon={<ExperimentOutlined aria-hidden />}
                onClick={loadExample}
                style={{ marginBottom: 16 }}
              >
                {t('analysis.example')}
              </Button>
            </Col>
            <Col xs={24} lg={14}>
              <Row gutter={[16, 0]}>
                <Col xs={24} sm={14}>
                  <Form.Item name="frequency" label={t('analysis.frequency')}>
                    <Radio.Group
                      aria-label={t('analysis.frequency')}
                      options={[
                        { value: 12, label: t('analysis.frequency.12') },
                        { value: 4, label: t('analysis.frequency.4') },
                        { value: 'other', label: t('analysis.frequency.other') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                {watched?.frequency === 'other' ? (
                  <Col xs={24} sm={10}>
                    <Form.Item
                      name="customFrequency"
                      label={t('analysis.frequency.custom')}
                      rules={[
                        {
                          validator: (_, f: number | null | undefined) =>
                            typeof f === 'number' && Number.isInteger(f) && f >= 2
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('analysis.frequency.bad'))),
                        },
                      ]}
                    >
                      <InputNumber min={2} max={10_000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                ) : null}
                <Col xs={24} sm={watched?.frequency === 'other' ? 24 : 10}>
                  <Form.Item
                    name="start"
                    label={t('analysis.start')}
                    extra={t('analysis.start.help')}
                    dependencies={['frequency', 'customFrequency']}
                    rules={[
                      ({ getFieldsValue }) => ({
                        validator: (_, text: string | undefined) => {
                          const f = frequencyOf(getFieldsValue(['frequency', 'customFrequency']));
                          if (!f || !text?.trim()) return Promise.resolve();
                          return parseStart(text, f) === null
                            ? Promise.reject(new Error(t('analysis.start.bad', { text: text.trim() })))
                            : Promise.resolve();
                        },
                      }),
                    ]}
                  >
                    <Input autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={14}>
                  <Form.Item name="sWindowMode" label={t('analysis.sWindow')}>
                    <Radio.Group
                      aria-label={t('analysis.sWindow')}
                      options={[
                        { value: 'number', label: t('analysis.sWindow.number') },
                        { value: 'periodic', label: t('analysis.sWindow.periodic') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={10}>
                  {periodic ? null : (
                    <Form.Item
                      name="sWindow"
                      label={t('analysis.sWindow.value')}
                      rules={[
                        {
                          validator: (_, w: number | null | undefined) =>
                            typeof w === 'number' && Number.isInteger(w) && w >= 3
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('analysis.sWindow.bad'))),
                        },
                      ]}
                    >
                      <InputNumber min={3} precision={0} step={2} style={{ width: '100%' }} />
                    </Form.Item>
                  )}
                </Col>
                <Col xs={24} sm={14}>
                  <Form.Item name="missing" label={t('analysis.missing')}>
                    <Radio.Group
                      aria-label={t('analysis.missing')}
                      options={[
                        { value: 'fail', label: t('analysis.missing.fail') },
                        { value: 'interpolate', label: t('analysis.missing.interpolate') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={10}>
                  <Form.Item name="robust" label={t('analysis.robust')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Col>
              </Row>
              <Collapse
                style={{ marginBottom: 16 }}
                items={[
                  {
                    key: 'advanced',
                    forceRender: true,
                    label: t('analysis.advanced'),
                    children: (
                      <>
                        <Typography.Paragraph type="secondary">
                          {t('analysis.advanced.help')}
                        </Typography.Paragraph>
                        <Row gutter={[16, 0]}>
                          {ADVANCED.map((a) => {
                            const d = fieldDefault[a.field];
                            const value = t('analysis.default', { value: d ?? '—' });
                            // A rule that is just a number says no more than the value.
                            const extra = /^\d+$/.test(a.rule) ? value : `${value} · ${a.rule}`;
                            const disabled = a.field === 'sDegree' && periodic;
                            return (
                              <Col key={a.field} xs={24} sm={12} xl={8}>
                                <Form.Item
                                  name={a.field}
                                  label={<code>{a.r}</code>}
                                  extra={<span style={{ wordBreak: 'break-word' }}>{extra}</span>}
                                >
                                  {a.kind === 'degree' ? (
                                    <Select
                                      allowClear
                                      disabled={disabled}
                                      aria-label={a.r}
                                      placeholder={t('analysis.default', { value: d ?? '—' })}
                                      options={[
                                        { value: 0, label: '0' },
                                        { value: 1, label: '1' },
                                      ]}
                                    />
                                  ) : (
                                    <InputNumber
                                      aria-label={a.r}
                                      min={a.kind === 'span' ? 3 : a.kind === 'outer' ? 0 : 1}
                                      max={a.kind === 'inner' ? 20 : a.kind === 'outer' ? 100 : 1_000_000}
                                      precision={0}
                                      style={{ width: '100%' }}
                                    />
                                  )}
                                </Form.Item>
                              </Col>
                            );
                          })}
                        </Row>
                      </>
                    ),
                  },
                ]}
              />
              <Button type="primary" htmlType="submit" loading={run.isPending}>
                {t('analysis.submit')}
              </Button>
            </Col>
          </Row>
        </Form>
      </Card>

      <div ref={errorBox}>
        <ErrorAlert error={run.error} />
      </div>

      {run.data && run.variables ? (
        <Result
          data={run.data}
          body={run.variables}
          headingRef={resultHeading}
          phone={phone}
          locale={locale}
        />
      ) : null}
    </Page>
  );
}

function Result({
  data,
  body,
  headingRef,
  phone,
  locale,
}: {
  data: Stl;
  body: StlBody;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  phone: boolean;
  locale: 'zh-CN' | 'en-US';
}) {
  const { t } = useI18n();
  const rows: DecompositionRows = useMemo(
    () => ({
      labels: data.seasonal.map((_, i) => periodLabel(data.start, i, data.frequency)),
      original: body.values,
      seasonal: data.seasonal,
      trend: data.trend,
      remainder: data.remainder,
      adjusted: data.seasonallyAdjusted,
      ...(data.parameters.robust ? { weights: data.weights } : {}),
    }),
    [data, body],
  );
  const decimals = displayDecimals(body.values);
  const fmt = (v: number | null) => formatNumber(v, locale, decimals);
  const interpolated = new Set(data.interpolated);
  const headers = [
    t('analysis.col.period'),
    t('analysis.col.original'),
    t('analysis.col.seasonal'),
    t('analysis.col.trend'),
    t('analysis.col.remainder'),
    t('analysis.col.adjusted'),
    ...(rows.weights ? [t('analysis.col.weight')] : []),
  ];
  const download = () => {
    const blob = new Blob([decompositionCsv(headers, rows)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${t('analysis.download.name')}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const p = data.parameters;
  const range =
    data.start && data.end
      ? t('analysis.result.range', {
          from: periodLabel(data.start, 0, data.frequency),
          to: rows.labels[rows.labels.length - 1],
        })
      : '';

  return (
    <section aria-labelledby="stl-result">
      <Card
        title={
          <h2 className="card-title" id="stl-result" ref={headingRef} tabIndex={-1}>
            {t('analysis.result')}
          </h2>
        }
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} onClick={download}>
            {t('analysis.download')}
          </Button>
        }
        style={{ marginBottom: 16 }}
      >
        <Typography.Paragraph>
          {t('analysis.result.summary', { n: data.n, frequency: data.frequency, range })}
        </Typography.Paragraph>
        {data.interpolated.length ? (
          <Typography.Paragraph>
            {t('analysis.result.interpolated', {
              count: data.interpolated.length,
              periods: data.interpolated.map((i) => rows.labels[i]).join('、'),
            })}
          </Typography.Paragraph>
        ) : null}
        <StlChart rows={rows} decimals={decimals} phone={phone} />
      </Card>

      <Card title={<h2 className="card-title">{t('analysis.parameters')}</h2>} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 2, sm: 3, lg: 5 }} bordered={!phone}>
          <Descriptions.Item label={<code>s.window</code>}>
            {p.periodic ? `${p['s.window']} (${t('analysis.parameters.periodic')})` : p['s.window']}
          </Descriptions.Item>
          {(
            [
              's.degree',
              't.window',
              't.degree',
              'l.window',
              'l.degree',
              's.jump',
              't.jump',
              'l.jump',
              'inner',
              'outer',
            ] as const
          ).map((k) => (
            <Descriptions.Item key={k} label={<code>{k}</code>}>
              {p[k]}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={<code>robust</code>}>
            {p.robust ? t('analysis.yes') : t('analysis.no')}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
          {t('analysis.parameters.help')}
        </Typography.Paragraph>
        <Typography.Paragraph code copyable style={{ wordBreak: 'break-all' }}>
          {rCall(body)}
        </Typography.Paragraph>
      </Card>

      <Card title={<h2 className="card-title">{t('analysis.table')}</h2>} style={{ marginBottom: 16 }}>
        <TableBox label={t('analysis.table')}>
          <table className="form-grid" style={{ fontSize: 13, minWidth: 640 }} id="stl-table">
            <caption className="sr-only">{t('analysis.table.caption')}</caption>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th scope="col" key={h} style={{ position: 'sticky', top: 0, zIndex: 1 }}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td style={{ textAlign: 'right' }}>
                    {interpolated.has(i) ? (
                      <>
                        <StatusTag tone="info">{t('analysis.col.interpolated')}</StatusTag>
                        {fmt(rows.adjusted[i] + rows.seasonal[i])}
                      </>
                    ) : (
                      fmt(rows.original[i])
                    )}
                  </td>
                  <td style={{ textAlign: 'right' }}>{fmt(rows.seasonal[i])}</td>
                  <td style={{ textAlign: 'right' }}>{fmt(rows.trend[i])}</td>
                  <td style={{ textAlign: 'right' }}>{fmt(rows.remainder[i])}</td>
                  <td style={{ textAlign: 'right' }}>{fmt(rows.adjusted[i])}</td>
                  {rows.weights ? (
                    <td style={{ textAlign: 'right' }}>{formatNumber(rows.weights[i], locale, 3)}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </Card>
    </section>
  );
}

/**
 * A long table scrolls inside its box, both ways, with the header row kept in view. It can take
 * focus (so a keyboard can scroll it) and is a named region.
 */
function TableBox({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" tabIndex={0} aria-label={label} style={{ maxHeight: 520 }}>
      {children}
    </section>
  );
}
