/**
 * 汇总表: one additive item of a form and period by division level, optionally by industry, size
 * or registration type, with growth (and 同口径 growth), the public view's disclosure control as a
 * preview, "as of" any time or sign-off, Excel, and sign-off (封库) for the city and admins.
 *
 * The aggregates change with every approval, so nothing is served from a stale cache: the table
 * is fetched again when the window regains focus and by the refresh button.
 */
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Loading, Page, StatusTag } from '../../ui/ui.tsx';
import { useDivisions } from '../registry/pickers.tsx';
import { aggregationApi, type ColDimension, type RowLevel, type TableQuery } from './api.ts';
import { fromLocalInput, localInput, SelectionPickers, useAggSelection, useLabel } from './selection.tsx';
import { SignOffCard } from './sign-off-card.tsx';
import { SummaryTable } from './summary-table.tsx';

const ROWS: RowLevel[] = ['city', 'county', 'township'];
const COLS: ColDimension[] = ['section', 'division', 'group', 'class', 'grouping', 'size', 'registration'];
const LEVEL_RANK: Record<string, number> = { city: 0, county: 1, township: 2 };

export default function TablesPage() {
  const { t, locale } = useI18n();
  const { account, hasRole } = useAuth();
  const client = useQueryClient();
  const label = useLabel();
  const s = useAggSelection({ defaultForm: 'B204-1' });
  const { params, update } = s;
  const divisions = useDivisions();

  const own = account?.divisionCode ?? '330200';
  const ownLevel = own.length === 9 ? 'township' : own.endsWith('00') ? 'city' : 'county';
  // The regions a table may total: your own division and every division below it (counties,
  // then their townships), indented by level; type a code or a name to find one.
  const regionOptions = useMemo(() => {
    const all = divisions.data ?? [];
    const childrenOf = new Map<string, typeof all>();
    for (const d of all) {
      if (!d.parentCode) continue;
      childrenOf.set(d.parentCode, [...(childrenOf.get(d.parentCode) ?? []), d]);
    }
    const out: { value: string; label: string }[] = [];
    const walk = (code: string, depth: number) => {
      const d = all.find((x) => x.code === code);
      if (d) out.push({ value: d.code, label: `${'\u3000'.repeat(depth)}${d.code} ${d.name}` });
      for (const c of (childrenOf.get(code) ?? []).sort((a, b) => a.code.localeCompare(b.code)))
        walk(c.code, depth + 1);
    };
    walk(own, 0);
    return out;
  }, [divisions.data, own]);
  const region = params.get('region') ?? undefined;
  const regionLevel = region
    ? region.length === 9
      ? 'township'
      : region.endsWith('00')
        ? 'city'
        : 'county'
    : ownLevel;
  const rowsAsked = params.get('rows') as RowLevel | null;
  const rows: RowLevel =
    rowsAsked && ROWS.includes(rowsAsked)
      ? rowsAsked
      : ((ROWS.find((r) => LEVEL_RANK[r]! === Math.min(LEVEL_RANK[regionLevel]! + 1, 2)) ??
          'county') as RowLevel);
  const colsAsked = params.get('cols') as ColDimension | null;
  const cols = colsAsked && COLS.includes(colsAsked) ? colsAsked : undefined;
  const asOf = params.get('asOf') ?? undefined;

  const query: TableQuery | null =
    s.form && s.period && s.item
      ? {
          item: s.item.code,
          rows,
          cols,
          region,
          asOf,
          comparable: params.get('comparable') === 'true' ? 'true' : undefined,
          view: params.get('view') === 'public' ? 'public' : undefined,
        }
      : null;
  const table = useQuery({
    queryKey: ['aggregation', 'table', s.form?.id, s.period, query],
    queryFn: () => aggregationApi.table(s.form!.id, s.period!, query!),
    enabled: !!query,
    // Approvals elsewhere change the figures: always ask again when the person comes back.
    staleTime: 0,
    refetchOnWindowFocus: true,
  });
  const excel = useMutation({
    mutationFn: () => aggregationApi.downloadTable(s.form!.id, s.period!, query!),
  });
  const [asOfText, setAsOfText] = useState<string | null>(null);

  const refresh = () => {
    // Forms (new periods, unit counts), the table and the sign-offs: all can move after approvals.
    client.invalidateQueries({ queryKey: ['aggregation'] });
  };

  const tv = table.data;
  const caption = tv
    ? t('agg.table.caption', {
        form: `${tv.form.code} ${label(tv.form.name)}`,
        item: label(tv.item.name),
        period: tv.period,
        region: tv.region.name,
        unit: tv.item.unit ? label(tv.item.unit) : '—',
      })
    : '';

  return (
    <Page
      title={t('agg.tables.title')}
      extra={
        <>
          {/* Spins while fetching but stays clickable: a click during a fetch must still count. */}
          <Button icon={<ReloadOutlined spin={table.isFetching} />} onClick={refresh}>
            {t('agg.refresh')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            disabled={!query}
            loading={excel.isPending}
            onClick={() => excel.mutate()}
          >
            {t('agg.excel')}
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{t('agg.tables.intro')}</Typography.Paragraph>
      <Form
        layout="inline"
        role="search"
        aria-label={t('agg.selection')}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <SelectionPickers s={s} idPrefix="agg" />
        <Form.Item label={t('agg.region')} htmlFor="agg-region">
          <Select<string>
            id="agg-region"
            style={{ minWidth: 180 }}
            value={region ?? own}
            loading={divisions.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={regionOptions}
            onChange={(v) => update({ region: v === own ? undefined : v, rows: undefined })}
          />
        </Form.Item>
        <Form.Item label={t('agg.rows')} htmlFor="agg-rows">
          <Select<RowLevel>
            id="agg-rows"
            style={{ minWidth: 120 }}
            value={rows}
            options={ROWS.filter((r) => LEVEL_RANK[r]! >= LEVEL_RANK[regionLevel]!).map((r) => ({
              value: r,
              label: t(`agg.rows.${r}`),
            }))}
            onChange={(v) => update({ rows: v })}
          />
        </Form.Item>
        <Form.Item label={t('agg.cols')} htmlFor="agg-cols">
          <Select<string>
            id="agg-cols"
            style={{ minWidth: 160 }}
            value={cols ?? ''}
            options={[
              { value: '', label: t('agg.cols.none') },
              ...COLS.map((c) => ({ value: c, label: t(`agg.cols.${c}`) })),
            ]}
            onChange={(v) => update({ cols: v || undefined })}
          />
        </Form.Item>
        <Form.Item label={t('agg.comparable')} htmlFor="agg-comparable">
          <Switch
            id="agg-comparable"
            checked={params.get('comparable') === 'true'}
            onChange={(on) => update({ comparable: on ? 'true' : undefined })}
          />
        </Form.Item>
        <Form.Item label={t('agg.public')} htmlFor="agg-public">
          <Switch
            id="agg-public"
            checked={params.get('view') === 'public'}
            onChange={(on) => update({ view: on ? 'public' : undefined })}
          />
        </Form.Item>
        <Form.Item label={t('agg.asOf')} htmlFor="agg-asof">
          <Input
            id="agg-asof"
            type="datetime-local"
            step={1}
            style={{ width: 220 }}
            value={asOfText ?? localInput(asOf ?? null)}
            onChange={(e) => setAsOfText(e.target.value)}
            onBlur={() => {
              if (asOfText !== null) update({ asOf: fromLocalInput(asOfText) });
              setAsOfText(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && asOfText !== null) {
                update({ asOf: fromLocalInput(asOfText) });
                setAsOfText(null);
              }
            }}
          />
        </Form.Item>
        {asOf ? (
          <Form.Item>
            <Button onClick={() => update({ asOf: undefined })}>{t('agg.asOf.now')}</Button>
          </Form.Item>
        ) : null}
      </Form>

      <ErrorAlert error={s.error ?? table.error ?? excel.error} onRetry={() => table.refetch()} />
      {s.empty ? <EmptyState title={t('agg.noForms')} hint={t('agg.noForms.hint')} /> : null}
      {s.forms.isPending ? <Loading /> : null}

      {tv ? (
        <Card
          title={
            <h2 className="card-title" id="summary-title">
              {t('agg.table')}
            </h2>
          }
          extra={
            <span role="status" aria-live="polite">
              {tv.asOf ? (
                <StatusTag tone="info">
                  {t('agg.asOf.shown', { at: formatDate(tv.asOf, locale, true) })}
                </StatusTag>
              ) : (
                <StatusTag tone="success">{t('agg.live')}</StatusTag>
              )}
              {tv.disclosure === 'public' ? (
                <StatusTag tone="warning">{t('agg.public.shown')}</StatusTag>
              ) : null}
            </span>
          }
          style={{ marginBottom: 16 }}
        >
          <SummaryTable table={tv} caption={caption} />
        </Card>
      ) : table.isPending && query ? (
        <Loading />
      ) : null}

      {s.form && s.period ? (
        <SignOffCard
          formId={s.form.id}
          period={s.period}
          canSign={hasRole('city_statistician', 'admin')}
          shownAsOf={asOf}
          onView={(at) => update({ asOf: at })}
        />
      ) : null}
      {query && s.form && s.period ? (
        <ApiQuery url={aggregationApi.tableUrl(s.form.id, s.period, query)} />
      ) : null}
    </Page>
  );
}
