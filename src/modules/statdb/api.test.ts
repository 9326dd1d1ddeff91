import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  const api = t.modules.statdb.api;
  await t.database.db.transaction().execute((trx) =>
    api.defineIndicators(
      trx,
      [
        {
          code: 'api_sales',
          name: { zh: '销售额', en: 'Sales' },
          unit: { zh: '亿元', en: '100 million yuan' },
          definition: { zh: '', en: '' },
          source: 'test',
          frequency: 'M',
          kind: 'flow',
          decimals: 1,
          footnotes: [],
          dimensions: ['region'],
        },
      ],
      'test',
    ),
  );
  for (const value of ['1', '2'])
    await api.publish(t.database.db, {
      source: 'test',
      by: 'test',
      observations: ['2026-09', '2026-10'].flatMap((period) =>
        ['330200', '330203'].map((region) => ({
          indicator: 'api_sales',
          dims: { region },
          period,
          value,
          status: 'final' as const,
        })),
      ),
    });
}, 120_000);
afterAll(async () => t?.close());

describe('statdb api for other modules', () => {
  it('reads indicator metadata and the code lists', async () => {
    const api = t.modules.statdb.api;
    expect((await api.indicators(['api_sales', 'nope'])).map((i) => [i.code, i.frequency])).toEqual([
      ['api_sales', 'M'],
    ]);
    const dims = await api.dimensions();
    expect(dims.map((d) => d.dimension)).toEqual(['region', 'industry', 'size', 'regtype']);
    expect(dims[0]).toMatchObject({ defaultCode: '330200' });
    expect(dims[0]!.codes.map((c) => c.code)).toContain('330203');
  });

  it('reads every series of an indicator in force (the latest vintage), within periods', async () => {
    const api = t.modules.statdb.api;
    const all = await api.observations({ indicator: 'api_sales' });
    expect(all).toHaveLength(4);
    expect(new Set(all.map((o) => o.value))).toEqual(new Set(['2']));
    const oct = await api.observations({ indicator: 'api_sales', from: '2026-10' });
    expect(oct.map((o) => [o.dims.region, o.period])).toEqual([
      ['330200', '2026-10'],
      ['330203', '2026-10'],
    ]);
    await expect(api.observations({ indicator: 'nope' })).rejects.toMatchObject({ status: 404 });
    await expect(api.observations({ indicator: 'api_sales', from: '2026Q1' })).rejects.toMatchObject({
      status: 400,
    });
  });
});
