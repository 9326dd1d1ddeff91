/**
 * The done criterion, on the warning side: a statistician approves submissions and the
 * warnings change at once. Nothing here is staged: reports are submitted through collection's
 * routes and approved through review's; aggregation publishes the preliminary totals into the
 * statistical database, whose change event makes early warning evaluate the rule on that series
 * and notify its subscriber.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAndActivate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { currentPeriod } from '../collection/domain/window.ts';
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';

const P = periods.formatPeriod(periods.previousPeriod(currentPeriod('monthly', new Date())));

let t: TestApp;
let city: Client;
let formId: string;
const units: { id: string; reporter: Client }[] = [];

const base = (id: string) => `/api/review/units/${id}/forms/${formId}/periods/${P}`;

async function approve(i: number) {
  const detail = (await city.get(base(units[i]!.id))).json();
  const res = await city.post(`${base(units[i]!.id)}/decisions`, {
    decision: 'approve',
    version: detail.review.version,
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await t.as('admin');
  const designer = await t.as('designer');
  city = await t.as('city_statistician');
  const def = sampleDefinition((d) => {
    d.form.code = 'WN01';
    d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
    d.version.from = '2020-01';
  });
  formId = (await importAndActivate(designer, def)).formId;
  const levels = await admin.put(`/api/review/forms/${formId}/levels`, { levels: ['city'] });
  expect(levels.statusCode, levels.body).toBe(200);
  const random = mulberry32(2026);
  for (let i = 0; i < 3; i++) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: '330203' }),
      name: `宁波预警审核${i}有限公司`,
      townshipCode: '330203001',
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: 250000,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const reporter = await t.as('enterprise', { unitId: id });
    units.push({ id, reporter });
    const submitted = await reporter.post(`/api/collection/forms/${formId}/periods/${P}/submit`, {
      values: { 'A01.current': '1000', 'A02.current': '600', 'A03.current': '100', 'N01.current': 20 },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
  }
});
afterAll(async () => t?.close());

/** The city's 工业总产值 of the period in the statistical database, once aggregation published it. */
async function cityOutput(indicator: string) {
  const s = await t.modules.statdb.api.series({ indicator, dims: { region: '330200', industry: 'total' } });
  return s.points.find((p) => p.period === P)?.value ?? null;
}

/** Waits for aggregation's preliminary publication and the evaluation it sets off. */
async function settle() {
  await t.modules.aggregation.api.live.flush();
  await t.modules.warning.api.settled();
}

describe('approvals move the warnings', () => {
  it('an approval over the alert line notifies the subscriber, once', async () => {
    await approve(0);
    // Aggregation publishes preliminary totals shortly after the approval commits; flush() waits
    // for that publication instead of guessing how long it takes on a loaded machine.
    await settle();
    let indicator = '';
    await expect
      .poll(
        async () => {
          const list = (await city.get('/api/statdb/indicators?q=WN01')).json().items as { code: string }[];
          indicator = list.find((i) => i.code.startsWith('WN01.A01'))?.code ?? '';
          return indicator ? await cityOutput(indicator) : null;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe('1000');

    // City output above 2500 is the alert line: two approved units (2000) stay under it.
    const rule = await city.post('/api/warning/rules', {
      kind: 'threshold',
      name: { zh: '测试产值超线', en: 'Output over the line' },
      indicator,
      dims: { region: '330200', industry: 'total' },
      transform: 'level',
      above: '2500',
      watchFrom: P,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect((await city.put(`/api/warning/subscriptions/rule/${rule.json().id}`)).statusCode).toBe(200);

    const warningTexts = async () =>
      (
        (await city.get('/api/monitoring/notifications?pageSize=100')).json().items as {
          kind: string;
          text: { zh: string };
        }[]
      )
        .filter((n) => n.kind === 'warning')
        .map((n) => n.text.zh);

    await approve(1);
    await settle();
    await expect.poll(() => cityOutput(indicator), { timeout: 15_000, interval: 200 }).toBe('2000');
    await t.modules.warning.api.settled();
    expect(await warningTexts()).toEqual([]);

    const approving = performance.now();
    await approve(2);
    await settle();
    await expect
      .poll(warningTexts, { timeout: 15_000, interval: 200 })
      .toEqual([`【预警】宁波市 工业总产值（本期） ${P} 水平值为 3000 千元，高于预警线 2500 千元`]);
    if (process.env.WARNING_DEMO_PRINT)
      console.log(`approval → notification: ${(performance.now() - approving).toFixed(0)} ms`);
    const alerts = (await city.get(`/api/warning/alerts?sourceId=${rule.json().id}`)).json();
    expect(alerts.items.map((a: { period: string; state: string }) => [a.period, a.state])).toEqual([
      [P, 'firing'],
    ]);
    // Publishing the same figures again (as aggregation's second pass does): nothing new fires.
    const form = (await city.get('/api/aggregation/forms')).json().items.find((f: any) => f.code === 'WN01');
    await t.modules.aggregation.api.service.publishPreliminary(form.id, P);
    await t.modules.warning.api.settled();
    expect(await warningTexts()).toHaveLength(1);
  });
});
