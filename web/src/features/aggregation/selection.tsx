/**
 * The form, period and item a person looks at, kept in the URL (shareable, survives reloads),
 * with pickers over the aggregated forms: periods latest first, signed-off ones marked (已封库).
 * The tables page, the microdata page and the dashboard share them.
 */
import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n.tsx';
import { type AggForm, aggregationApi } from './api.ts';

const label = (x: { zh: string; en: string }, locale: string) => (locale === 'en-US' ? x.en : x.zh);

/** The selection in the URL with the forms and items behind it. */
export function useAggSelection(opts: { defaultForm?: string } = {}) {
  const [params, setParams] = useSearchParams();
  const forms = useQuery({ queryKey: ['aggregation', 'forms'], queryFn: aggregationApi.forms });
  const list = forms.data?.items ?? [];
  const form: AggForm | undefined =
    list.find((f) => f.id === params.get('form')) ?? list.find((f) => f.code === opts.defaultForm) ?? list[0];
  const asked = params.get('period');
  // A period from the URL stays even before it has approved data (the table then shows empty
  // cells), so a link to the open month works and fills in as approvals arrive.
  const period = asked ?? form?.periods[0]?.period;
  const items = useQuery({
    queryKey: ['aggregation', 'items', form?.id, period],
    queryFn: () => aggregationApi.items(form!.id, period!),
    enabled: !!form && !!period,
    staleTime: 5 * 60_000,
  });
  const itemList = items.data?.items ?? [];
  const item = itemList.find((i) => i.code === params.get('item')) ?? itemList[0];

  /** Sets (or with undefined, removes) URL parameters, keeping the others. */
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: false });
  };

  return {
    params,
    update,
    forms,
    list,
    form,
    period,
    items,
    itemList,
    item,
    empty: forms.isSuccess && !list.length,
    error: forms.error ?? items.error,
  };
}

export type AggSelection = ReturnType<typeof useAggSelection>;

/** Form, period and (unless `noItem`) item pickers, each with a visible label. */
export function SelectionPickers({
  s,
  idPrefix,
  itemOptional,
  noItem,
}: {
  s: AggSelection;
  idPrefix: string;
  /** The item may be left empty (microdata: every item). */
  itemOptional?: boolean;
  noItem?: boolean;
}) {
  const { t, locale } = useI18n();
  const periods = s.form?.periods ?? [];
  const periodOptions = periods.map((p) => ({
    value: p.period,
    label: p.signedOff ? `${p.period} · ${t('agg.signedOff.mark')}` : p.period,
  }));
  if (s.period && !periods.some((p) => p.period === s.period)) {
    periodOptions.unshift({ value: s.period, label: `${s.period} · ${t('agg.period.noData')}` });
  }
  return (
    <>
      <Form.Item label={t('agg.form')} htmlFor={`${idPrefix}-form`}>
        <Select<string>
          id={`${idPrefix}-form`}
          style={{ minWidth: 240 }}
          loading={s.forms.isPending}
          value={s.form?.id}
          showSearch={{ optionFilterProp: 'label' }}
          options={s.list.map((f) => ({ value: f.id, label: `${f.code} ${label(f.name, locale)}` }))}
          onChange={(v) => s.update({ form: v, period: undefined, item: undefined, page: undefined })}
        />
      </Form.Item>
      <Form.Item label={t('agg.period')} htmlFor={`${idPrefix}-period`}>
        <Select<string>
          id={`${idPrefix}-period`}
          style={{ minWidth: 170 }}
          value={s.period}
          showSearch={{ optionFilterProp: 'label' }}
          options={periodOptions}
          onChange={(v) => s.update({ period: v, page: undefined, asOf: undefined })}
        />
      </Form.Item>
      {noItem ? null : (
        <Form.Item label={t('agg.item')} htmlFor={`${idPrefix}-item`}>
          <Select<string>
            id={`${idPrefix}-item`}
            style={{ minWidth: 260 }}
            loading={s.items.isPending && !!s.form}
            allowClear={itemOptional}
            placeholder={itemOptional ? t('agg.item.all') : undefined}
            value={itemOptional ? (s.params.get('item') ?? undefined) : s.item?.code}
            showSearch={{ optionFilterProp: 'label' }}
            options={s.itemList.map((i) => ({ value: i.code, label: `${i.code} ${label(i.name, locale)}` }))}
            onChange={(v) => s.update({ item: v ?? undefined, page: undefined })}
          />
        </Form.Item>
      )}
    </>
  );
}

/** A bilingual label in the chosen language. */
export function useLabel() {
  const { locale } = useI18n();
  return (x: { zh: string; en: string } | null | undefined) => (x ? label(x, locale) : '');
}

/** `<input type="datetime-local">` text (local time) ↔ ISO instant. */
export const localInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};
export const fromLocalInput = (text: string) => {
  const d = new Date(text);
  return text && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
};
