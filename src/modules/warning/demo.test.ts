/**
 * The demo signal system over statdb's demo series: created after statdb's seed, every indicator
 * resolves, the board of the latest months is lit, and evaluating again fires nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { DEMO_INDICATORS } from './demo.ts';

let t: TestApp;
let city: Client;

beforeAll(async () => {
  t = await buildTestApp();
  // The demo order of app.ts: the statistical database first, then early warning.
  await t.modules.statdb.seedDemo();
  await t.modules.warning.seedDemo({
    db: t.database.db,
    engine: t.database.engine,
    config: t.config,
    logger: t.logger,
    clock: t.clock,
    demoUnits: 0,
  });
  city = await t.as('city_statistician');
}, 300_000);
afterAll(async () => t?.close());

describe('the demo signal system', () => {
  it('lights every indicator and the composite for the latest months', async () => {
    const systems = (await city.get('/api/warning/systems')).json().items;
    expect(systems).toHaveLength(1);
    const system = systems[0];
    expect(system.indicators.map((i: { key: string }) => i.key)).toEqual(DEMO_INDICATORS.map((i) => i.key));
    const board = (await city.get(`/api/warning/systems/${system.id}/board?periods=12`)).json();
    if (process.env.WARNING_DEMO_PRINT) {
      for (const ind of board.indicators)
        console.log(ind.key, ind.cells.map((c: any) => `${c.value}:${c.light}`).join(' '));
      console.log('composite', board.composite.map((c: any) => `${c.index}:${c.light}`).join(' '));
    }
    expect(board.periods).toHaveLength(12);
    for (const ind of board.indicators) {
      expect(
        ind.cells.every((c: { light: string | null }) => c.light !== null),
        ind.key,
      ).toBe(true);
    }
    for (const c of board.composite) {
      expect(c.partial).toBe(false);
      expect(Number(c.index)).toBeGreaterThanOrEqual(10);
      expect(Number(c.index)).toBeLessThanOrEqual(50);
      expect(c.light).not.toBeNull();
    }
    const rules = (await city.get('/api/warning/rules')).json().items;
    expect(rules.map((r: { indicator: string }) => r.indicator)).toEqual(['ind_va_index']);
    // The seed evaluated once; evaluating again fires nothing.
    const started = performance.now();
    expect((await city.post('/api/warning/evaluate', {})).json()).toMatchObject({ evaluated: 2, fired: 0 });
    if (process.env.WARNING_DEMO_PRINT) {
      const evaluateMs = performance.now() - started;
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) await city.get(`/api/warning/systems/${system.id}/board?periods=24`);
      console.log(
        `evaluate all: ${evaluateMs.toFixed(0)} ms; board (24 periods): ${((performance.now() - t0) / 10).toFixed(0)} ms`,
      );
    }
  });

  it('watches a seasonally adjusted series exactly as the statistical database adjusts it', async () => {
    const designer = await t.as('designer');
    const created = await designer.post('/api/warning/systems', {
      code: 'sa-check',
      name: { zh: '季调检验', en: 'SA check' },
      indicators: [
        {
          key: 'retail',
          indicator: 'retail_sales',
          dims: { region: '330200' },
          transform: 'level',
          seasonallyAdjusted: true,
          boundaries: ['100', '200', '300', '400'],
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const board = (await city.get(`/api/warning/systems/${created.json().id}/board?periods=24`)).json();
    const statdb = await city.get('/api/statdb/seasonal?indicator=retail_sales&region=330200');
    expect(statdb.statusCode, statdb.body).toBe(200);
    const adjusted = new Map(
      (statdb.json().points as { period: string; adjusted: number }[]).map((p) => [p.period, p.adjusted]),
    );
    const cells = board.indicators[0].cells as { period: string; value: string }[];
    expect(cells).toHaveLength(24);
    for (const c of cells) expect(Number(c.value)).toBeCloseTo(adjusted.get(c.period)!, 4);
  });
});
