/**
 * Anomalous values in the review lists, through the HTTP API on a real database: units report
 * last year's month and last month (approved by the city) and this month, one with a tenfold
 * jump; the lists flag it with why, leave ordinary units alone and never show units outside the
 * reviewer's area, while the bounds come from every unit of the form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAndActivate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { currentPeriod } from '../collection/domain/window.ts';
// Test data only: valid credit codes for units created through the registry's HTTP API.
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';

const random = mulberry32(41);
const now = periods.previousPeriod(currentPeriod('monthly', new Date()));
const P = periods.formatPeriod(now);
const PREV = periods.formatPeriod(periods.previousPeriod(now));
const LY = periods.formatPeriod(periods.samePeriodLastYear(now));

let t: TestApp;
let admin: Client;
let city: Client;
let county: Client;
let township: Client;
let formId: string;
/** Units by name: n0…n7 in 南门街道 (330203001), b0…b2 in 北仑 (330206001). */
const units: Record<string, string> = {};
const reporters: Record<string, Client> = {};
const NAMES = [...Array.from({ length: 8 }, (_, i) => `n${i}`), 'b0', 'b1', 'b2'];
const JUMP = 'n3'; // A01 ten times last month's
const FAR_JUMP = 'b1'; // A02 ten times last month's, outside 海曙

/** A unit's ordinary figures: its size, a little growth and a little noise of its own. */
function figures(name: string, period: 'ly' | 'prev' | 'now') {
  const i = NAMES.indexOf(name);
  const size = 800 + 173 * i;
  const wiggle = 1 + ((i * 7) % 5) / 200;
  const factor = period === 'ly' ? 1 / 1.05 : period === 'prev' ? 1 : 1.02 * wiggle;
  let a01 = size * factor;
  let a02 = 0.8 * size * factor * (period === 'now' ? 1 + ((i * 3) % 4) / 300 : 1);
  if (period === 'now' && name === JUMP) a01 = size * 10;
  if (period === 'now' && name === FAR_JUMP) a02 = 0.8 * size * 10;
  return {
    'A01.current': a01.toFixed(1),
    'A02.current': a02.toFixed(1),
    'A03.current': '5',
    'N01.current': 50,
  };
}

async function submit(name: string, period: string, values: Record<string, unknown>) {
  const res = await reporters[name].post(`/api/collection/forms/${formId}/periods/${period}/submit`, {
    values,
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function approve(name: string, period: string) {
  const path = `/api/review/units/${units[name]}/forms/${formId}/periods/${period}`;
  const { review } = (await city.get(path)).json();
  const res = await city.post(`${path}/decisions`, { decision: 'approve', version: review.version });
  expect(res.statusCode, res.body).toBe(200);
}

const anomalies = (who: Client, query = '', period = P, form = formId) =>
  who.get(`/api/review/forms/${form}/periods/${period}/anomalies${query}`);

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
  const designer = await t.as('designer');
  city = await t.as('city_statistician');
  county = await t.as('county_statistician'); // 海曙 330203
  township = await t.as('township_statistician'); // 南门 330203001
  // Last year's month must still take reports here: a year of grace after its deadline.
  expect((await admin.put('/api/collection/settings', { graceDays: 366 })).statusCode).toBe(200);
  formId = (
    await importAndActivate(
      designer,
      sampleDefinition((d) => {
        d.survey.code = 'anomaly-test';
        d.form.code = 'AN-1';
        d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
        d.version.from = '2020-01';
      }),
    )
  ).formId;
  // One level, so the test approves the base periods with one decision each.
  expect((await designer.put(`/api/review/forms/${formId}/levels`, { levels: ['city'] })).statusCode).toBe(
    200,
  );
  for (const name of NAMES) {
    const code = name.startsWith('n') ? '330203001' : '330206001';
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: code.slice(0, 6) }),
      name: `宁波异常${name}有限公司`,
      townshipCode: code,
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: 250000,
    });
    expect(res.statusCode, res.body).toBe(201);
    units[name] = res.json().id;
    reporters[name] = await t.as('enterprise', { unitId: units[name] });
  }
  for (const name of NAMES) {
    await submit(name, LY, figures(name, 'ly'));
    await approve(name, LY);
    await submit(name, PREV, figures(name, 'prev'));
    await approve(name, PREV);
    await submit(name, P, figures(name, 'now'));
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('anomalies of a form and period', () => {
  it('flags the tenfold jump with why, and no ordinary unit', async () => {
    const started = performance.now();
    const res = await anomalies(city);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    console.info(`anomalies of ${NAMES.length} units: ${(performance.now() - started).toFixed(0)} ms`);
    expect(page.reporting).toBe(NAMES.length);
    const flagged = page.items.map((i: any) => [i.unitId, i.cell]);
    expect(flagged).toContainEqual([units[JUMP], 'A01.current']);
    expect(flagged).toContainEqual([units[FAR_JUMP], 'A02.current']);
    // Nobody else, in any cell.
    expect(new Set(page.items.map((i: any) => i.unitId))).toEqual(new Set([units[JUMP], units[FAR_JUMP]]));

    const jump = page.items.find((i: any) => i.unitId === units[JUMP]);
    expect(jump).toMatchObject({
      unitName: `宁波异常${JUMP}有限公司`,
      townshipCode: '330203001',
      formCode: 'AN-1',
      period: P,
      value: Number(figures(JUMP, 'now')['A01.current']),
      previous: Number(figures(JUMP, 'prev')['A01.current']),
      lastYear: Number(figures(JUMP, 'ly')['A01.current']),
    });
    const hb = jump.findings.find((f: any) => f.test === 'hb' && f.basis === 'previous');
    expect(hb).toMatchObject({ side: 'high', basePeriod: PREV });
    expect(hb.ratio).toBeCloseTo(10, 5);
    expect(hb.effect).toBeGreaterThan(hb.upper);
    expect(hb.reason['zh-CN']).toContain(`上期（${PREV}）`);
    expect(hb.reason['zh-CN']).toContain('Hidiroglou–Berthelot');
    expect(hb.reason['en-US']).toContain('above the upper bound');
    const mz = jump.findings.find((f: any) => f.test === 'mz' && f.basis === 'previous');
    expect(Math.abs(mz.score)).toBeGreaterThan(3.5);
    expect(mz.reason['en-US']).toContain('Modified z-score');
    expect(jump.findings.some((f: any) => f.basis === 'last_year' && f.basePeriod === LY)).toBe(true);
    // What was tested: every numeric entered cell against both bases, over all eleven units.
    const a01 = page.tests.find((x: any) => x.cell === 'A01.current' && x.basis === 'previous');
    expect(a01).toMatchObject({ pairs: NAMES.length, skipped: null, hb: { flagged: 1 } });
    expect(page.tests.map((x: any) => x.cell)).not.toContain('A04.current'); // computed
    expect(page.minPairs).toBe(5);
  });

  it('lists only units in the reviewer area, with bounds drawn from every unit', async () => {
    const all = (await anomalies(city)).json();
    for (const who of [county, township]) {
      const page = (await anomalies(who)).json();
      expect(page.items.map((i: any) => i.unitId)).toEqual([units[JUMP]]);
      expect(page.units).toBe(1);
      // Same bounds as the city's: the reference population is the whole form.
      expect(page.tests).toEqual(all.tests);
    }
    const beilun = await t.as('county_statistician', { officeId: 'office-330206' });
    expect((await anomalies(beilun)).json().items.map((i: any) => i.unitId)).toEqual([units[FAR_JUMP]]);
    // Filters: by area, unit, cell, test and base.
    const inNanmen = (await anomalies(city, '?divisionCode=330203001')).json();
    expect(inNanmen.items.map((i: any) => i.unitId)).toEqual([units[JUMP]]);
    expect((await anomalies(city, `?unitId=${units[FAR_JUMP]}`)).json().total).toBe(1);
    expect((await anomalies(city, '?cell=A02.current')).json().items[0].unitId).toBe(units[FAR_JUMP]);
    const lastYear = (await anomalies(city, '?basis=last_year&test=hb')).json();
    for (const i of lastYear.items)
      expect(i.findings.every((f: any) => f.basis === 'last_year' && f.test === 'hb')).toBe(true);
  });

  it('sorts by strength (both ways) and by unit, and pages', async () => {
    const desc = (await anomalies(city)).json().items.map((i: any) => i.strength);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const asc = (await anomalies(city, '?order=asc')).json().items.map((i: any) => i.strength);
    expect(asc).toEqual([...desc].reverse());
    const byUnit = (await anomalies(city, '?sort=unit')).json().items.map((i: any) => i.townshipCode);
    expect(byUnit).toEqual([...byUnit].sort());
    const one = (await anomalies(city, '?pageSize=1&page=2')).json();
    expect(one).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(one.items).toHaveLength(1);
  });

  it('exports the list as CSV', async () => {
    const res = await city.get(`/api/review/forms/${formId}/periods/${P}/anomalies/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toContain('报告期');
    expect(res.body).toContain(`宁波异常${JUMP}有限公司`);
    expect(res.body).toContain('Hidiroglou–Berthelot');
  });

  it('answers bad forms, periods and roles with bilingual 4xx', async () => {
    const unknown = await anomalies(city, '', P, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('review.form_not_found');
    expect(unknown.json().messages['en-US']).toBe('No such form');
    const badPeriod = await anomalies(city, '', '2026-13');
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().messages['zh-CN']).toBeTruthy();
    const quarter = await anomalies(city, '', '2026Q3');
    expect(quarter.statusCode).toBe(400);
    expect(quarter.json().code).toBe('review.period_mismatch');
    expect(quarter.json().messages['zh-CN']).toContain('2026Q3');
    expect(quarter.json().messages['en-US']).toContain('2026-03');
    expect((await anomalies(city, '', P, 'not-a-uuid')).statusCode).toBe(400);
    expect((await anomalies(city, '?sort=size')).statusCode).toBe(400);
    expect((await anomalies(reporters[JUMP])).statusCode).toBe(403);
    expect((await anomalies(t.anonymous)).statusCode).toBe(401);
  });
});

describe('the review lists', () => {
  const board = (who: Client, query = '') =>
    who.get(`/api/review/submissions?period=${P}&formId=${formId}${query}`);

  it('counts anomalies per row and filters to rows with anomalies', async () => {
    const rows = (await board(city)).json().items;
    expect(rows).toHaveLength(NAMES.length);
    const count = new Map(rows.map((r: any) => [r.unitId, r.anomalies]));
    expect(count.get(units[JUMP])).toBeGreaterThanOrEqual(1);
    expect(count.get(units[FAR_JUMP])).toBeGreaterThanOrEqual(1);
    for (const name of NAMES.filter((n) => n !== JUMP && n !== FAR_JUMP))
      expect(count.get(units[name])).toBe(0);
    const only = (await board(city, '&anomalies=true')).json();
    expect(only.items.map((r: any) => r.unitId).sort()).toEqual([units[JUMP], units[FAR_JUMP]].sort());
    expect(only.total).toBe(2);
    const mine = (await board(township, '&anomalies=true')).json();
    expect(mine.items.map((r: any) => r.unitId)).toEqual([units[JUMP]]);
    // Without a form the inbox counts every form of the period.
    const any = (await city.get(`/api/review/submissions?period=${P}&anomalies=true`)).json();
    expect(any.items.map((r: any) => r.unitId).sort()).toEqual([units[JUMP], units[FAR_JUMP]].sort());
  });

  it('shows the flagged cells on the review page, to reviewers only', async () => {
    const path = `/api/review/units/${units[JUMP]}/forms/${formId}/periods/${P}`;
    const d = (await township.get(path)).json();
    expect(d.anomalies.map((a: any) => a.cell)).toContain('A01.current');
    expect(d.anomalies[0].findings[0].reason['zh-CN']).toMatch(/本期/);
    expect(d.anomalies.length).toBe(
      (await board(township)).json().items.find((r: any) => r.unitId === units[JUMP]).anomalies,
    );
    const ordinary = (await township.get(path.replace(units[JUMP], units.n0))).json();
    expect(ordinary.anomalies).toEqual([]);
    const own = (await reporters[JUMP].get(path)).json();
    expect(own.anomalies).toEqual([]);
  });

  it('forgets a flag once the unit corrects the value', async () => {
    const path = `/api/review/units/${units[JUMP]}/forms/${formId}/periods/${P}`;
    const { review } = (await city.get(path)).json();
    const back = await city.post(`${path}/decisions`, {
      decision: 'return',
      to: 'unit',
      reason: '产值是上月的十倍，请核实',
      version: review.version,
    });
    expect(back.statusCode, back.body).toBe(200);
    // Still handed in (returned): still flagged.
    expect((await anomalies(city, `?unitId=${units[JUMP]}`)).json().total).toBeGreaterThan(0);
    await submit(JUMP, P, { ...figures(JUMP, 'now'), 'A01.current': figures(JUMP, 'prev')['A01.current'] });
    expect((await anomalies(city, `?unitId=${units[JUMP]}`)).json().total).toBe(0);
    expect((await city.get(path)).json().anomalies).toEqual([]);
  });
});
