/**
 * The demo's aggregation: three years of approved history in the microdata, signed off and in
 * the statistical database as final, history kept cold (summed from the reports on demand) and
 * the latest period live — and a cold period's table equal to what a recomputation would give.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let city: Client;
let form: { id: string; periods: { period: string; units: number; signedOff: string | null }[] };

beforeAll(async () => {
  t = await buildTestApp();
  await t.seedDemo(150);
  city = await t.as('city_statistician');
  const forms = (await city.get('/api/aggregation/forms')).json().items;
  form = forms.find((f: any) => f.code === 'B204-1');
});
afterAll(async () => {
  await t?.close();
});

describe('demo aggregation', () => {
  it('holds every approved submission as the current microdata vintage', async () => {
    const [approved, reports] = await Promise.all([
      sql<{
        n: number;
      }>`select count(*)::int as n from collection.submissions where status = 'approved'`.execute(
        t.database.db,
      ),
      sql<{
        n: number;
      }>`select count(*)::int as n from aggregation.reports where withdrawn_at is null`.execute(
        t.database.db,
      ),
    ]);
    expect(reports.rows[0]!.n).toBe(approved.rows[0]!.n);
    expect(form.periods.length).toBeGreaterThanOrEqual(36);
  });

  it('signs the demo history off into the statistical database and keeps it cold', async () => {
    const summary = t.modules.collection.api.demo.periods()!;
    const history = summary.forms.find((f) => f.code === 'B204-1')!.history;
    const signed = form.periods.filter((p) => p.signedOff !== null).map((p) => p.period);
    expect(signed.sort()).toEqual([...history].sort());
    const series = await t.modules.statdb.api.series({
      indicator: 'B204-1.A01.current',
      dims: { region: '330200', industry: 'total' },
    });
    const byPeriod = new Map(series.points.map((p: any) => [p.period, p]));
    const last = [...history].sort().at(-1)!;
    expect(byPeriod.get(last)).toMatchObject({ status: 'final' });
    const cold = await sql<{
      period: string;
    }>`select period from aggregation.cold_periods where form_id = ${form.id}`.execute(t.database.db);
    expect(cold.rows.map((r) => r.period).sort()).toEqual([...history].sort());
    // The city total in statdb is the table's total.
    const table = (
      await city.get(`/api/aggregation/forms/${form.id}/periods/${last}/table?item=A01.current&rows=county`)
    ).json();
    expect(byPeriod.get(last)).toMatchObject({ value: table.cells[0][0].value });
  });

  it('gives a cold period the same table as its recomputed cells would', async () => {
    const period = form.periods[5]!.period;
    const query = `item=A01.current&rows=county&cols=section`;
    const onDemand = (
      await city.get(`/api/aggregation/forms/${form.id}/periods/${period}/table?${query}`)
    ).json();
    await sql`delete from aggregation.cold_periods where form_id = ${form.id} and period = ${period}`.execute(
      t.database.db,
    );
    await t.modules.aggregation.api.cells.recomputeCells(t.database.db, { formId: form.id, period });
    const materialised = (
      await city.get(`/api/aggregation/forms/${form.id}/periods/${period}/table?${query}`)
    ).json();
    expect(onDemand.cells).toEqual(materialised.cells);
    expect(onDemand.cells[0][0].growth).not.toBeNull();
  });

  it('gives a seasonally adjusted series over the history', async () => {
    const res = await city.get(
      `/api/aggregation/forms/${form.id}/series?item=A01.current&cut=city&cell=330200`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.points.length).toBeGreaterThanOrEqual(36);
    expect(body.seasonalNote).toBeNull();
    expect(body.points.filter((p: any) => p.seasonallyAdjusted !== null).length).toBe(body.points.length);
  });
});
