import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { IndicatorDefinition } from './contract.ts';

const retail: IndicatorDefinition = {
  code: 'T_RETAIL',
  name: { zh: '社会消费品零售总额', en: 'Retail sales of consumer goods' },
  unit: { zh: '亿元', en: '100 million yuan' },
  definition: { zh: '零售额', en: 'Retail sales' },
  source: '批发零售业统计调查',
  frequency: 'M',
  kind: 'flow',
  decimals: 2,
  footnotes: [],
  dimensions: ['region'],
};

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await t.modules.statdb.api.defineIndicators(t.database.db, [retail], 'test');
});
afterAll(async () => t?.close());

const api = () => t.modules.statdb.api;
const obs = (
  period: string,
  value: string | null,
  status: 'preliminary' | 'revised' | 'final' = 'preliminary',
) => ({
  indicator: 'T_RETAIL',
  dims: { region: '330200' },
  period,
  value,
  status,
});

describe('statdb api', () => {
  it('publishes, keeps vintages, answers asOf, and writes nothing when nothing changed', async () => {
    const heard: unknown[] = [];
    const off = api().onChanged((c) => heard.push(c));
    const first = await api().publish(t.database.db, {
      source: 'test',
      by: 'aggregation',
      observations: [obs('2025-01', '100.5'), obs('2025-02', '90')],
    });
    expect(first).toMatchObject({ written: 2, unchanged: 0 });
    expect(heard).toEqual([
      { indicator: 'T_RETAIL', dims: { region: '330200' }, periods: ['2025-01', '2025-02'] },
    ]);
    const between = new Date();
    await new Promise((r) => setTimeout(r, 5));
    const again = await api().publish(t.database.db, {
      source: 'test',
      by: 'aggregation',
      observations: [obs('2025-01', '100.50'), obs('2025-02', '91.25', 'revised')],
    });
    expect(again).toMatchObject({ written: 1, unchanged: 1 });
    off();
    const now = await api().series({ indicator: 'T_RETAIL', dims: { region: '330200' } });
    expect(now.points.map((p) => [p.period, p.value, p.status])).toEqual([
      ['2025-01', '100.5', 'preliminary'],
      ['2025-02', '91.25', 'revised'],
    ]);
    const then = await api().series({ indicator: 'T_RETAIL', dims: { region: '330200' }, asOf: between });
    expect(then.points.map((p) => p.value)).toEqual(['100.5', '90']);
  });
});
