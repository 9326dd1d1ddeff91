/**
 * 统计原始数据库: the approved reports of each unit in your area for a form and period, filtered
 * by item, region and industry prefix, as known now or at a time; each unit's vintages in a
 * drawer. The selection is in the URL.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, Pagination, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Loading, Page } from '../../ui/ui.tsx';
import { DivisionCascader, useNames } from '../registry/pickers.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { aggregationApi, type MicrodataQuery } from './api.ts';
import { fromLocalInput, localInput, SelectionPickers, useAggSelection, useLabel } from './selection.tsx';
import { formatDecimal } from './summary-table.tsx';
import { VintagesDrawer } from './vintages-drawer.tsx';

const PAGE_SIZE = 20;
/** Without a chosen item, the table shows the first few of this period's amounts. */
const SHOWN_ITEMS = 4;

export default function MicrodataPage() {
  const { t, locale } = useI18n();
  const label = useLabel();
  const names = useNames();
  const s = useAggSelection({ defaultForm: 'B204-1' });
  const { params, update } = s;
  const [industryText, setIndustryText] = useState<string | null>(null);
  const [asOfText, setAsOfText] = useState<string | null>(null);
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);

  const item = params.get('item') ?? undefined;
  const industry = params.get('industry') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: MicrodataQuery | null =
    s.form && s.period
      ? {
          formId: s.form.id,
          period: s.period,
          item,
          region: params.get('region') ?? undefined,
          industry,
          asOf: params.get('asOf') ?? undefined,
          page,
          pageSize: PAGE_SIZE,
        }
      : null;
  const data = useQuery({
    queryKey: ['aggregation', 'microdata', query],
    queryFn: () => aggregationApi.microdata(query!),
    enabled: !!query,
    refetchOnWindowFocus: true,
  });
  const columns = item
    ? s.itemList.filter((i) => i.code === item)
    : s.itemList.filter((i) => i.column === 'current').slice(0, SHOWN_ITEMS);
  const industryBad = industryText !== null && industryText !== '' && !/^\d{2,4}$/.test(industryText);
  const applyIndustry = () => {
    if (industryText === null || industryBad) return;
    update({ industry: industryText || undefined, page: undefined });
    setIndustryText(null);
  };
  const applyAsOf = () => {
    if (asOfText === null) return;
    update({ asOf: fromLocalInput(asOfText), page: undefined });
    setAsOfText(null);
  };
  const d = data.data;

  return (
    <Page title={t('agg.micro.title')}>
      <Typography.Paragraph type="secondary">{t('agg.micro.intro')}</Typography.Paragraph>
      <Form
        layout="inline"
        role="search"
        aria-label={t('agg.selection')}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <SelectionPickers s={s} idPrefix="micro" itemOptional />
        <Form.Item label={t('agg.micro.region')} htmlFor="micro-region" style={{ minWidth: 240 }}>
          <DivisionCascader
            id="micro-region"
            value={params.get('region') ?? undefined}
            onChange={(code) => update({ region: code, page: undefined })}
          />
        </Form.Item>
        <Form.Item
          label={t('agg.micro.industry')}
          htmlFor="micro-industry"
          validateStatus={industryBad ? 'error' : undefined}
          help={industryBad ? t('agg.micro.industry.bad') : undefined}
        >
          <Input
            id="micro-industry"
            style={{ width: 150 }}
            inputMode="numeric"
            placeholder={t('agg.micro.industry.placeholder')}
            value={industryText ?? industry ?? ''}
            onChange={(e) => setIndustryText(e.target.value.trim())}
            onBlur={applyIndustry}
            onPressEnter={applyIndustry}
          />
        </Form.Item>
        <Form.Item label={t('agg.asOf')} htmlFor="micro-asof">
          <Input
            id="micro-asof"
            type="datetime-local"
            step={1}
            style={{ width: 220 }}
            value={asOfText ?? localInput(params.get('asOf'))}
            onChange={(e) => setAsOfText(e.target.value)}
            onBlur={applyAsOf}
            onPressEnter={applyAsOf}
          />
        </Form.Item>
      </Form>
      <ErrorAlert error={s.error ?? data.error} onRetry={() => data.refetch()} />
      {s.empty ? <EmptyState title={t('agg.noForms')} hint={t('agg.noForms.hint')} /> : null}
      {data.isPending && query ? <Loading /> : null}
      {d && s.form ? (
        <Card style={{ marginBottom: 16 }}>
          {d.items.length ? (
            <>
              <ScrollRegion
                label={t('agg.micro.caption', { form: s.form.code, period: s.period ?? '', total: d.total })}
              >
                <table id="microdata-table" className="form-grid" style={{ fontSize: 13, minWidth: 900 }}>
                  <caption>
                    {t('agg.micro.caption', { form: s.form.code, period: s.period ?? '', total: d.total })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('agg.micro.unit')}</th>
                      <th scope="col">{t('agg.micro.creditCode')}</th>
                      <th scope="col">{t('agg.micro.township')}</th>
                      <th scope="col">{t('agg.micro.industryClass')}</th>
                      {columns.map((c) => (
                        <th scope="col" key={c.code}>
                          {label(c.name)}
                          {c.unit ? `（${label(c.unit)}）` : ''}
                        </th>
                      ))}
                      <th scope="col">{t('agg.micro.vintage')}</th>
                      <th scope="col">{t('agg.micro.approvedAt')}</th>
                      <th scope="col">{t('common.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.items.map((r) => (
                      <tr key={r.unitId}>
                        <th scope="row" style={{ whiteSpace: 'nowrap' }}>
                          {r.name}
                        </th>
                        <td>{r.creditCode}</td>
                        <td style={{ whiteSpace: 'nowrap' }}>{names.division(r.township)}</td>
                        <td title={names.industry(r.industryClass)}>{r.industryClass}</td>
                        {columns.map((c) => (
                          <td key={c.code} style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                            {formatDecimal(r.values[c.code] ?? null, locale)}
                          </td>
                        ))}
                        <td style={{ textAlign: 'right' }}>{r.vintage}</td>
                        <td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.approvedAt, locale, true)}</td>
                        <td>
                          <Button
                            size="small"
                            aria-label={t('agg.micro.vintages.label', { unit: r.name })}
                            onClick={() => setUnit({ id: r.unitId, name: r.name })}
                          >
                            {t('agg.micro.vintages')}
                          </Button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <Pagination
                style={{ marginTop: 12 }}
                current={d.page}
                pageSize={d.pageSize}
                total={d.total}
                showSizeChanger={false}
                showTotal={(total) => t('common.total', { total })}
                onChange={(p) => update({ page: p === 1 ? undefined : String(p) })}
              />
            </>
          ) : (
            <EmptyState title={t('agg.micro.empty')} />
          )}
        </Card>
      ) : null}
      {s.form && s.period ? (
        <VintagesDrawer formId={s.form.id} period={s.period} unit={unit} onClose={() => setUnit(null)} />
      ) : null}
      {query ? <ApiQuery url={aggregationApi.microdataUrl(query)} /> : null}
    </Page>
  );
}
