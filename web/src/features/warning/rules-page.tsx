/**
 * Alert rules and subscriptions (预警规则与订阅): every rule with its condition and a switch to
 * subscribe oneself, the systems likewise, and a form for a new threshold rule on any series.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Popconfirm, Select, Switch } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { ScrollRegion } from '../review/scroll-region.tsx';
import { MANAGERS, type Rule, type RuleBody, warningApi } from './api.ts';

export default function RulesPage() {
  const { t, locale } = useI18n();
  const { account, hasRole } = useAuth();
  const client = useQueryClient();
  const rules = useQuery({ queryKey: ['warning', 'rules'], queryFn: warningApi.rules });
  const systems = useQuery({ queryKey: ['warning', 'systems'], queryFn: warningApi.systems });
  const subscribe = useMutation({
    mutationFn: (x: { kind: 'system' | 'rule'; id: string; on: boolean }) =>
      warningApi.subscribe(x.kind, x.id, x.on),
    onSuccess: () => client.invalidateQueries({ queryKey: ['warning'] }),
  });
  const remove = useMutation({
    mutationFn: warningApi.deleteRule,
    onSuccess: () => client.invalidateQueries({ queryKey: ['warning', 'rules'] }),
  });
  const name = (x: { zh: string; en: string }) => (locale === 'en-US' ? x.en : x.zh);
  const systemName = (id: string | null) => {
    const s = systems.data?.items.find((x) => x.id === id);
    return s ? name(s.name) : '';
  };
  const condition = (r: Rule) => {
    if (r.kind === 'light') {
      const target = r.target === 'composite' ? t('warning.composite') : (r.target ?? '');
      return `${systemName(r.systemId)} · ${t(`warning.rules.light.${r.condition ?? 'changes'}`, { target })}`;
    }
    const parts = [
      r.above !== null ? t('warning.rules.above.text', { v: r.above }) : null,
      r.below !== null ? t('warning.rules.below.text', { v: r.below }) : null,
    ].filter(Boolean);
    return `${name(r.label)} · ${t(`warning.transform.${r.transform ?? 'level'}`)} ${parts.join(', ')}`;
  };
  const mayChange = (r: Rule) => !!account && (r.createdBy === account.id || hasRole(...MANAGERS));

  return (
    <Page
      title={t('warning.rules.title')}
      extra={hasRole(...MANAGERS) ? <Link to="/warning/systems/new">{t('warning.systems.new')}</Link> : null}
    >
      <ErrorAlert
        error={rules.error ?? systems.error ?? subscribe.error ?? remove.error}
        onRetry={() => rules.refetch()}
      />
      <Card title={<h2 className="card-title">{t('warning.rules.list')}</h2>} style={{ marginBottom: 16 }}>
        {rules.data && !rules.data.items.length && !systems.data?.items.length ? (
          <EmptyState title={t('warning.rules.empty')} />
        ) : (
          <ScrollRegion label={t('warning.rules.list')}>
            <table id="warning-rules" className="form-grid" style={{ fontSize: 13 }}>
              <caption className="sr-only">{t('warning.rules.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('warning.rules.name')}</th>
                  <th scope="col">{t('warning.rules.condition')}</th>
                  <th scope="col">{t('warning.rules.subscribe')}</th>
                  <th scope="col">{t('warning.rules.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {(systems.data?.items ?? []).map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{name(s.name)}</th>
                    <td>{t('warning.subscribe')}</td>
                    <td>
                      <Switch
                        checked={s.subscribed}
                        aria-label={t('warning.rules.subscribeLabel', { name: name(s.name) })}
                        onChange={(on) => subscribe.mutate({ kind: 'system', id: s.id, on })}
                      />
                    </td>
                    <td />
                  </tr>
                ))}
                {(rules.data?.items ?? []).map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{name(r.name)}</th>
                    <td>
                      {condition(r)}{' '}
                      <StatusTag tone="neutral">
                        {t('warning.rules.watchFrom', { period: r.watchFrom })}
                      </StatusTag>
                    </td>
                    <td>
                      <Switch
                        checked={r.subscribed}
                        aria-label={t('warning.rules.subscribeLabel', { name: name(r.name) })}
                        onChange={(on) => subscribe.mutate({ kind: 'rule', id: r.id, on })}
                      />
                    </td>
                    <td>
                      {mayChange(r) ? (
                        <Popconfirm
                          title={t('warning.rules.deleteConfirm', { name: name(r.name) })}
                          onConfirm={() => remove.mutate(r.id)}
                        >
                          <Button size="small" danger>
                            {t('warning.rules.delete')}
                          </Button>
                        </Popconfirm>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Card>
      <NewRuleCard defaultRegion={account?.divisionCode?.slice(0, 6) ?? '330200'} />
    </Page>
  );
}

interface Draft {
  nameZh: string;
  nameEn: string;
  indicator: string;
  region: string;
  transform: 'level' | 'yoy' | 'mom';
  above: string;
  below: string;
}

/** A threshold rule on any series; the server checks it and lists every problem. */
function NewRuleCard({ defaultRegion }: { defaultRegion: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const systems = useQuery({ queryKey: ['warning', 'systems'], queryFn: warningApi.systems });
  const codes = [
    ...new Set((systems.data?.items ?? []).flatMap((s) => s.indicators.map((i) => i.indicator))),
  ];
  const [draft, setDraft] = useState<Draft>({
    nameZh: '',
    nameEn: '',
    indicator: '',
    region: defaultRegion,
    transform: 'yoy',
    above: '',
    below: '',
  });
  const create = useMutation({
    mutationFn: (body: RuleBody) => warningApi.createRule(body),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['warning', 'rules'] });
      setDraft((d) => ({ ...d, nameZh: '', nameEn: '', above: '', below: '' }));
    },
  });
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  const submit = () =>
    create.mutate({
      kind: 'threshold',
      name: { zh: draft.nameZh, en: draft.nameEn || draft.nameZh },
      indicator: draft.indicator,
      dims: draft.region ? { region: draft.region } : {},
      transform: draft.transform,
      above: draft.above.trim() || null,
      below: draft.below.trim() || null,
    });

  return (
    <Card title={<h2 className="card-title">{t('warning.rules.new')}</h2>}>
      <ErrorAlert error={create.error} />
      {create.isSuccess ? (
        <p role="status">
          <StatusTag tone="success">{t('warning.rules.created')}</StatusTag>
        </p>
      ) : null}
      <Form layout="vertical" onFinish={submit} style={{ maxWidth: 560 }}>
        <Form.Item label={t('warning.rules.name')} htmlFor="rule-name" required>
          <Input id="rule-name" {...field('nameZh')} />
        </Form.Item>
        <Form.Item label={t('warning.rules.nameEn')} htmlFor="rule-name-en">
          <Input id="rule-name-en" {...field('nameEn')} />
        </Form.Item>
        <Form.Item label={t('warning.rules.indicator')} htmlFor="rule-indicator" required>
          <Input id="rule-indicator" list="rule-indicator-codes" {...field('indicator')} />
          <datalist id="rule-indicator-codes">
            {codes.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </Form.Item>
        <Form.Item label={t('warning.rules.region')} htmlFor="rule-region">
          <Input id="rule-region" {...field('region')} />
        </Form.Item>
        <Form.Item label={t('warning.rules.transform')} htmlFor="rule-transform">
          <Select<Draft['transform']>
            id="rule-transform"
            value={draft.transform}
            onChange={(v) => setDraft((d) => ({ ...d, transform: v }))}
            options={(['yoy', 'mom', 'level'] as const).map((v) => ({
              value: v,
              label: t(`warning.transform.${v}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('warning.rules.above')} htmlFor="rule-above">
          <Input id="rule-above" inputMode="decimal" {...field('above')} />
        </Form.Item>
        <Form.Item label={t('warning.rules.below')} htmlFor="rule-below">
          <Input id="rule-below" inputMode="decimal" {...field('below')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('warning.rules.create')}
        </Button>
      </Form>
    </Card>
  );
}
