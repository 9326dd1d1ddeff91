/**
 * The form and period pickers every review and monitoring page starts with. The choice lives in
 * the page URL (`form`, `period`) so a selection can be shared; without one, the first form and
 * its latest ended period are chosen.
 */
import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n.tsx';
import { reviewApi } from './api.ts';
import { defaultPeriod } from './selection.ts';

const local = (t: { zh: string; en: string }, en: boolean) => (en ? t.en : t.zh);

/** The chosen form and period (from the URL, else defaults once the lists load). */
export function useFormPeriod() {
  const [params, setParams] = useSearchParams();
  const forms = useQuery({ queryKey: ['surveys', 'forms'], queryFn: reviewApi.forms, staleTime: 60_000 });
  const usable = (forms.data ?? []).filter((f) => f.activeVersions.length > 0);
  const formId = params.get('form') ?? usable[0]?.id;
  const periods = useQuery({
    queryKey: ['surveys', 'periods', formId],
    queryFn: () => reviewApi.periods(formId!),
    enabled: !!formId,
    staleTime: 60_000,
  });
  const today = new Date().toISOString().slice(0, 10);
  const period =
    params.get('period') ?? (periods.data ? defaultPeriod(periods.data.items, today) : undefined);

  // Write the defaults into the URL once known, so the address is always shareable.
  useEffect(() => {
    if (formId && period && (!params.get('form') || !params.get('period'))) {
      const next = new URLSearchParams(params);
      next.set('form', formId);
      next.set('period', period);
      setParams(next, { replace: true });
    }
  }, [formId, period, params, setParams]);

  const form = usable.find((f) => f.id === formId);
  return {
    params,
    setParams,
    forms: usable,
    form,
    formId,
    period,
    periods: periods.data?.items.filter((p) => p.versionId) ?? [],
    error: forms.error ?? periods.error,
    ready: !!formId && !!period,
    empty: forms.isSuccess && usable.length === 0,
  };
}

/** Two labelled selects; changing the form resets the period to that form's default. */
export function FormPeriodPickers({
  state,
  idPrefix,
  onChange,
}: {
  state: ReturnType<typeof useFormPeriod>;
  idPrefix: string;
  /** Extra parameters to drop when the choice changes (e.g. page, division). */
  onChange?: (next: URLSearchParams) => void;
}) {
  const { t, locale } = useI18n();
  const en = locale === 'en-US';
  const set = (k: 'form' | 'period', v: string) => {
    const next = new URLSearchParams(state.params);
    next.set(k, v);
    if (k === 'form') next.delete('period');
    next.delete('page');
    onChange?.(next);
    state.setParams(next);
  };
  return (
    <>
      <Form.Item label={t('review.pick.form')} htmlFor={`${idPrefix}-form`}>
        <Select
          id={`${idPrefix}-form`}
          value={state.formId}
          style={{ minWidth: 240 }}
          showSearch={{ optionFilterProp: 'label' }}
          options={state.forms.map((f) => ({ value: f.id, label: `${f.code} ${local(f.name, en)}` }))}
          onChange={(v) => set('form', v)}
        />
      </Form.Item>
      <Form.Item label={t('review.pick.period')} htmlFor={`${idPrefix}-period`}>
        <Select
          id={`${idPrefix}-period`}
          value={state.period}
          style={{ minWidth: 120 }}
          options={[...state.periods].reverse().map((p) => ({ value: p.period, label: p.period }))}
          onChange={(v) => set('period', v)}
        />
      </Form.Item>
    </>
  );
}
