/**
 * Browse the statistical database (综合数据库): pick an indicator and codes per dimension and a
 * period range; the selection lives in the URL (shareable), with the API query shown. A line
 * chart of the series (optionally the seasonally adjusted one), a table of one series with its
 * status, 同比, 环比, 累计 and 累计增长, each point's vintages in a drawer, and the CSV.
 */
import { DownloadOutlined, HistoryOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Loading, Page, StatusTag, type Tone } from '../../ui/ui.tsx';
import { type Dimensions, type Indicator, type Observations, type Selection, statdbApi } from './api.ts';
import { ScrollBox } from './scroll-box.tsx';
import { type ChartLine, SeriesChart } from './series-chart.tsx';

const DIMS = ['region', 'industry', 'size', 'regtype'] as const;
type Dim = (typeof DIMS)[number];
const STATUS_TONE: Record<string, Tone> = { preliminary: 'warning', revised: 'info', final: 'success' };

/**
 * A default range: the last five calendar years up to the indicator's last period — enough for
 * seasonal adjustment (three years at least) and a readable chart.
 */
function defaultRange(ind: Indicator): { from?: string; to?: string } {
  if (!ind.lastPeriod) return {};
  const year = Number(ind.lastPeriod.slice(0, 4)) - 4;
  const from = ind.frequency === 'M' ? `${year}-01` : ind.frequency === 'Q' ? `${year}Q1` : `${year - 7}`;
  return { from, to: ind.lastPeriod };
}

/** Decimal text → number for the chart (display only; the table prints the exact text). */
const num = (v: string | null) => (v === null ? null : Number(v));

export default function BrowsePage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const indicators = useQuery({ queryKey: ['statdb', 'indicators'], queryFn: statdbApi.indicators });
  const dimensions = useQuery({ queryKey: ['statdb', 'dimensions'], queryFn: statdbApi.dimensions });
  const list = indicators.data?.items ?? [];
  const code = params.get('indicator') ?? list.find((i) => i.code === 'retail_sales')?.code ?? list[0]?.code;
  const indicator = list.find((i) => i.code === code);

  // The applied selection: the URL, with the indicator's default range where none is given.
  const applied: Selection | null = useMemo(() => {
    if (!indicator) return null;
    const range = defaultRange(indicator);
    const q: Selection = {
      indicator: indicator.code,
      from: params.get('from') ?? range.from,
      to: params.get('to') ?? range.to,
      asOf: params.get('asOf') ?? undefined,
    };
    for (const d of indicator.dimensions) q[d] = params.get(d) ?? undefined;
    return q;
  }, [indicator, params]);

  const observations = useQuery({
    queryKey: ['statdb', 'observations', applied],
    queryFn: () => statdbApi.observations(applied!),
    enabled: !!applied,
  });

  if (indicators.isLoading || dimensions.isLoading) return <Loading />;
  if (indicators.error || dimensions.error)
    return <ErrorAlert error={indicators.error ?? dimensions.error} onRetry={() => indicators.refetch()} />;
  if (!indicator || !applied || !dimensions.data)
    return (
      <Page title={t('statdb.title')}>
        <EmptyState title={t('statdb.noIndicators')} />
      </Page>
    );

  return (
    <Page
      title={t('statdb.title')}
      extra={
        <Button icon={<DownloadOutlined aria-hidden />} href={statdbApi.csvUrl(applied)} download>
          {t('statdb.csv')}
        </Button>
      }
    >
      <Typography.Paragraph>{t('statdb.intro')}</Typography.Paragraph>
      <SelectionForm
        key={JSON.stringify(applied)}
        indicators={list}
        indicator={indicator}
        dimensions={dimensions.data}
        applied={applied}
        onApply={(next) => {
          const p = new URLSearchParams();
          for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
          setParams(p);
        }}
      />
      <Metadata indicator={indicator} />
      <ErrorAlert error={observations.error} />
      {observations.isLoading ? <Loading /> : null}
      {observations.data ? (
        <Results page={observations.data} dimensions={dimensions.data} applied={applied} locale={locale} />
      ) : null}
      <ApiQuery url={statdbApi.queryUrl(applied)} />
    </Page>
  );
}

function SelectionForm({
  indicators,
  indicator,
  dimensions,
  applied,
  onApply,
}: {
  indicators: Indicator[];
  indicator: Indicator;
  dimensions: Dimensions;
  applied: Selection;
  onApply: (s: Selection) => void;
}) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Selection>(applied);
  const [current, setCurrent] = useState(indicator);
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const choose = (code: string) => {
    const next = indicators.find((i) => i.code === code)!;
    setCurrent(next);
    setDraft({ indicator: code, ...defaultRange(next) });
  };
  return (
    <Card style={{ marginBottom: 16 }}>
      <Form layout="vertical" onFinish={() => onApply(draft)}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('statdb.indicator')} htmlFor="statdb-indicator">
              <Select
                id="statdb-indicator"
                showSearch={{ optionFilterProp: 'label' }}
                value={current.code}
                onChange={choose}
                options={indicators.map((i) => ({ value: i.code, label: `${i.name[lang]}（${i.code}）` }))}
              />
            </Form.Item>
          </Col>
          {current.dimensions.map((d) => {
            const dim = dimensions.items.find((x) => x.dimension === d)!;
            const value = draft[d] ? draft[d]!.split(',') : [dim.defaultCode];
            return (
              <Col xs={24} md={8} key={d}>
                <Form.Item label={dim.name[lang]} htmlFor={`statdb-dim-${d}`}>
                  <Select
                    id={`statdb-dim-${d}`}
                    mode="multiple"
                    maxTagCount={4}
                    showSearch={{ optionFilterProp: 'label' }}
                    value={value}
                    onChange={(codes: string[]) => setDraft({ ...draft, [d]: codes.join(',') || undefined })}
                    options={dim.codes.map((c) => ({ value: c.code, label: `${c.name[lang]} ${c.code}` }))}
                  />
                </Form.Item>
              </Col>
            );
          })}
          <Col xs={12} md={4}>
            <Form.Item label={t('statdb.from')} htmlFor="statdb-from">
              <Input
                id="statdb-from"
                placeholder={t('statdb.periodPlaceholder')}
                value={draft.from ?? ''}
                onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label={t('statdb.to')} htmlFor="statdb-to">
              <Input
                id="statdb-to"
                placeholder={t('statdb.periodPlaceholder')}
                value={draft.to ?? ''}
                onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('statdb.asOf')} htmlFor="statdb-asof" extra={t('statdb.asOf.hint')}>
              <Input
                id="statdb-asof"
                value={draft.asOf ?? ''}
                onChange={(e) => setDraft({ ...draft, asOf: e.target.value || undefined })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit">
          {t('statdb.query')}
        </Button>
      </Form>
    </Card>
  );
}

function Metadata({ indicator }: { indicator: Indicator }) {
  const { t, locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  return (
    <details style={{ marginBottom: 16 }}>
      <summary>
        {t('statdb.meta')}：{indicator.name[lang]}
      </summary>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('statdb.meta.unit')}>{indicator.unit[lang]}</Descriptions.Item>
        <Descriptions.Item label={t('statdb.meta.frequency')}>
          {t(`statdb.freq.${indicator.frequency}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('statdb.meta.span')}>
          {indicator.firstPeriod ?? '—'} – {indicator.lastPeriod ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('statdb.meta.source')}>{indicator.source}</Descriptions.Item>
        <Descriptions.Item label={t('statdb.meta.definition')} span={2}>
          {indicator.definition[lang]}
        </Descriptions.Item>
        {indicator.footnotes.length ? (
          <Descriptions.Item label={t('statdb.meta.footnotes')} span={2}>
            {indicator.footnotes.map((f) => f[lang]).join(' ')}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </details>
  );
}

/** "宁波市 · 制造业": the names of a series' codes. */
function useSeriesName(dimensions: Dimensions) {
  const { locale } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  return (dims: Record<string, string>) =>
    Object.entries(dims)
      .map(
        ([d, c]) =>
          dimensions.items.find((x) => x.dimension === d)?.codes.find((x) => x.code === c)?.name[lang] ?? c,
      )
      .join(' · ');
}

function Results({
  page,
  dimensions,
  applied,
  locale,
}: {
  page: Observations;
  dimensions: Dimensions;
  applied: Selection;
  locale: 'zh-CN' | 'en-US';
}) {
  const { t } = useI18n();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const nameOf = useSeriesName(dimensions);
  const [tableIndex, setTableIndex] = useState(0);
  const [adjusted, setAdjusted] = useState(false);
  const [vintagesOf, setVintagesOf] = useState<string | null>(null);
  // A new answer may have fewer series: show the first again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on each new answer
  useEffect(() => setTableIndex(0), [page]);
  const shown = page.series[tableIndex] ?? page.series[0];
  const seasonalQuery: Selection | null = shown
    ? {
        indicator: page.indicator.code,
        from: applied.from,
        to: applied.to,
        asOf: applied.asOf,
        ...shown.dims,
      }
    : null;
  const seasonal = useQuery({
    queryKey: ['statdb', 'seasonal', seasonalQuery],
    queryFn: () => statdbApi.seasonal(seasonalQuery!),
    enabled: adjusted && !!seasonalQuery && page.indicator.frequency !== 'A',
  });
  const periods = useMemo(
    () => [...new Set(page.series.flatMap((s) => s.points.map((p) => p.period)))].sort(),
    [page],
  );
  if (!shown || periods.length === 0)
    return <EmptyState title={t('statdb.empty')} hint={t('statdb.empty.hint')} />;
  const decimals = page.indicator.decimals;
  const lines: ChartLine[] = page.series.slice(0, 12).map((s) => ({
    name: nameOf(s.dims),
    values: new Map(s.points.map((p) => [p.period, num(p.value)])),
    emphasis: s === shown,
  }));
  if (adjusted && seasonal.data && !seasonal.data.note) {
    lines.push({
      name: `${nameOf(shown.dims)} · ${t('statdb.sa.line')}`,
      values: new Map(seasonal.data.points.map((p) => [p.period, p.adjusted])),
      emphasis: true,
    });
    lines.push({
      name: `${nameOf(shown.dims)} · ${t('statdb.sa.trend')}`,
      values: new Map(seasonal.data.points.map((p) => [p.period, p.trend])),
      dashed: true,
    });
  }
  const pct = (v: string | null) => (v === null ? '—' : formatNumber(Number(v), locale, 1));
  const val = (v: string | null) => (v === null ? '—' : formatNumber(Number(v), locale, decimals));
  const rows = [...shown.points].reverse();
  const seriesName = nameOf(shown.dims);
  return (
    <>
      <Card
        title={<h2 className="card-title">{t('statdb.chart')}</h2>}
        style={{ marginBottom: 16 }}
        extra={
          page.indicator.frequency === 'A' ? null : (
            <Space>
              <Switch id="statdb-sa" checked={adjusted} onChange={setAdjusted} aria-label={t('statdb.sa')} />
              <label htmlFor="statdb-sa">{t('statdb.sa')}</label>
            </Space>
          )
        }
      >
        {adjusted ? <ErrorAlert error={seasonal.error} /> : null}
        {adjusted && seasonal.data?.note ? (
          <Typography.Paragraph role="status" type="warning">
            {seasonal.data.note[lang]}
          </Typography.Paragraph>
        ) : null}
        {adjusted && seasonal.data && !seasonal.data.note ? (
          <Typography.Paragraph role="status">
            {t('statdb.sa.for', { series: seriesName })}
          </Typography.Paragraph>
        ) : null}
        <SeriesChart
          periods={periods}
          lines={lines}
          decimals={decimals}
          caption={t('statdb.chart.caption', {
            indicator: page.indicator.name[lang],
            unit: page.indicator.unit[lang],
          })}
        />
      </Card>
      <Card
        title={<h2 className="card-title">{t('statdb.table')}</h2>}
        extra={
          page.series.length > 1 ? (
            <Space>
              <label htmlFor="statdb-table-series">{t('statdb.table.series')}</label>
              <Select
                id="statdb-table-series"
                style={{ minWidth: 200 }}
                value={tableIndex}
                onChange={setTableIndex}
                options={page.series.map((s, i) => ({ value: i, label: nameOf(s.dims) }))}
              />
            </Space>
          ) : null
        }
      >
        <ScrollBox label={seriesName}>
          <table
            id="statdb-table"
            className="stat-table"
            style={{ width: '100%', borderCollapse: 'collapse' }}
          >
            <caption style={{ textAlign: 'left', padding: '4px 0' }}>
              {page.indicator.name[lang]} · {seriesName}（{page.indicator.unit[lang]}）
            </caption>
            <thead>
              <tr>
                {(
                  ['period', 'value', 'status', 'yoy', 'pop', 'ytd', 'ytdYoy', 'note', 'vintages'] as const
                ).map((c) => (
                  <th
                    key={c}
                    scope="col"
                    style={{
                      textAlign: c === 'period' || c === 'note' ? 'left' : 'right',
                      position: 'sticky',
                      top: 0,
                      background: '#fff',
                      padding: '6px 8px',
                    }}
                  >
                    {t(`statdb.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.period} style={{ borderTop: '1px solid #e5e7eb' }}>
                  <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal', padding: '4px 8px' }}>
                    {p.period}
                  </th>
                  <td style={{ textAlign: 'right', padding: '4px 8px' }}>{val(p.value)}</td>
                  <td style={{ textAlign: 'right', padding: '4px 8px' }}>
                    <StatusTag tone={STATUS_TONE[p.status]}>{t(`statdb.status.${p.status}`)}</StatusTag>
                  </td>
                  <td style={{ textAlign: 'right', padding: '4px 8px' }}>{pct(p.yoy)}</td>
                  <td style={{ textAlign: 'right', padding: '4px 8px' }}>{pct(p.pop)}</td>
                  <td style={{ textAlign: 'right', padding: '4px 8px' }}>{val(p.ytd)}</td>
                  <td style={{ textAlign: 'right', padding: '4px 8px' }}>{pct(p.ytdYoy)}</td>
                  <td style={{ padding: '4px 8px' }}>{p.note ?? ''}</td>
                  <td style={{ textAlign: 'right', padding: '4px 8px' }}>
                    <Button
                      size="small"
                      type="text"
                      icon={<HistoryOutlined aria-hidden />}
                      aria-label={t('statdb.vintages.open', { period: p.period })}
                      onClick={() => setVintagesOf(p.period)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </Card>
      <VintagesDrawer
        open={vintagesOf !== null}
        onClose={() => setVintagesOf(null)}
        query={vintagesOf ? { indicator: page.indicator.code, period: vintagesOf, ...shown.dims } : null}
        title={t('statdb.vintages.title', { series: seriesName, period: vintagesOf ?? '' })}
        decimals={decimals}
      />
    </>
  );
}

function VintagesDrawer({
  open,
  onClose,
  query,
  title,
  decimals,
}: {
  open: boolean;
  onClose: () => void;
  query: Selection | null;
  title: string;
  decimals: number;
}) {
  const { t, locale } = useI18n();
  const vintages = useQuery({
    queryKey: ['statdb', 'vintages', query],
    queryFn: () => statdbApi.vintages(query!),
    enabled: open && !!query,
  });
  return (
    <Drawer open={open} onClose={onClose} title={title} size="large">
      <ErrorAlert error={vintages.error} />
      {vintages.isLoading ? <Loading /> : null}
      {vintages.data ? (
        <table id="statdb-vintages" style={{ width: '100%', borderCollapse: 'collapse' }}>
          <caption style={{ textAlign: 'left' }}>{t('statdb.vintages')}</caption>
          <thead>
            <tr>
              {(
                [
                  'statdb.vintages.from',
                  'statdb.vintages.to',
                  'statdb.col.value',
                  'statdb.col.status',
                  'statdb.col.note',
                  'statdb.vintages.by',
                  'statdb.vintages.source',
                ] as const
              ).map((k) => (
                <th key={k} scope="col" style={{ textAlign: 'left', padding: '4px 6px' }}>
                  {t(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {vintages.data.items.map((v) => (
              <tr key={v.validFrom} style={{ borderTop: '1px solid #e5e7eb' }}>
                <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal', padding: '4px 6px' }}>
                  {formatDate(v.validFrom, locale, true)}
                </th>
                <td style={{ padding: '4px 6px' }}>
                  {v.validTo ? formatDate(v.validTo, locale, true) : t('statdb.vintages.current')}
                </td>
                <td style={{ padding: '4px 6px', textAlign: 'right' }}>
                  {v.value === null ? '—' : formatNumber(Number(v.value), locale, decimals)}
                </td>
                <td style={{ padding: '4px 6px' }}>{t(`statdb.status.${v.status}`)}</td>
                <td style={{ padding: '4px 6px' }}>{v.note ?? ''}</td>
                <td style={{ padding: '4px 6px' }}>{v.recordedBy}</td>
                <td style={{ padding: '4px 6px' }}>{v.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Drawer>
  );
}

export type { Dim };
