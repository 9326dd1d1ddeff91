/**
 * The seasonal adjustment service over HTTP: R's answer for a fixture, who may call it, and a
 * bilingual 400 for every way a series or its parameters can be wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { loadStlFixtures } from './fixtures/stl-fixtures.ts';
import { STL_WORK_LIMIT } from './service.ts';

let t: TestApp;
let township: Client;
const nottem = loadStlFixtures().find((f) => f.series === 'nottem');
if (!nottem) throw new Error('nottem fixture missing');

beforeAll(async () => {
  t = await buildTestApp();
  township = await t.as('township_statistician');
});
afterAll(async () => {
  await t?.close();
});

const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

const expectProblem = (res: { statusCode: number; json(): any }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(body.messages['en-US']).toMatch(/[a-z]/);
  return body;
};

describe('POST /api/analysis/stl', () => {
  it("answers as R's stl(nottem, s.window = 13, robust = TRUE), to 1e-6", async () => {
    const r = nottem.cases.find((c) => c.call === 'stl(x, s.window = 13, robust = TRUE)');
    if (!r) throw new Error('case missing');
    const res = await township.post('/api/analysis/stl', {
      values: nottem.values,
      frequency: 12,
      start: { year: 1920, period: 1 },
      's.window': 13,
      robust: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(maxDiff(body.seasonal, r.seasonal)).toBeLessThan(1e-6);
    expect(maxDiff(body.trend, r.trend)).toBeLessThan(1e-6);
    expect(maxDiff(body.remainder, r.remainder)).toBeLessThan(1e-6);
    expect(maxDiff(body.weights, r.weights)).toBeLessThan(1e-6);
    expect(
      maxDiff(
        body.seasonallyAdjusted,
        nottem.values.map((v, i) => v - r.seasonal[i]),
      ),
    ).toBeLessThan(1e-6);
    expect(body.parameters).toEqual({ ...r.used, robust: true, periodic: false });
    expect(body).toMatchObject({ n: 240, frequency: 12, end: { year: 1939, period: 12 }, interpolated: [] });
  });

  it("applies R's periodic rule and defaults for a quarterly series", async () => {
    const austres = loadStlFixtures().find((f) => f.series === 'austres');
    const r = austres?.cases.find((c) => c.args['s.window'] === 'periodic');
    if (!austres || !r) throw new Error('austres fixture missing');
    const res = await township.post('/api/analysis/stl', {
      values: austres.values,
      frequency: 4,
      start: { year: 1971, period: 2 },
      's.window': 'periodic',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(maxDiff(body.seasonal, r.seasonal)).toBeLessThan(1e-6);
    expect(maxDiff(body.trend, r.trend)).toBeLessThan(1e-6);
    expect(body.parameters).toMatchObject({ 's.window': 10 * 89 + 1, 's.degree': 0, periodic: true });
    expect(body.end).toEqual({ year: 1993, period: 2 });
  });

  it('interpolates interior gaps when asked, and says where', async () => {
    const values: (number | null)[] = nottem.values.slice(0, 48);
    values[5] = null;
    values[6] = null;
    const res = await township.post('/api/analysis/stl', {
      values,
      frequency: 12,
      's.window': 'periodic',
      missing: 'interpolate',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.interpolated).toEqual([5, 6]);
    const [a, b] = [nottem.values[4], nottem.values[7]];
    expect(body.seasonal[5] + body.trend[5] + body.remainder[5]).toBeCloseTo(a + (b - a) / 3, 10);
  });

  it('counts the end period across years, however far', async () => {
    const res = await township.post('/api/analysis/stl', {
      values: nottem.values.slice(0, 40),
      frequency: 12,
      start: { year: 9999, period: 11 },
      's.window': 'periodic',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().end).toEqual({ year: 10003, period: 2 }); // 2 in 9999, 36 in 10000–10002, 2 in 10003
  });

  it('requires a signed-in member of staff', async () => {
    const anonymous = await t.anonymous.post('/api/analysis/stl', { values: [1, 2, 3], frequency: 12 });
    expectProblem(anonymous, 401, 'request.unauthenticated');
    const designer = await t.as('designer');
    const ok = await designer.post('/api/analysis/stl', {
      values: nottem.values.slice(0, 36),
      frequency: 12,
      's.window': 7,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a series of two cycles or less', async () => {
    const res = await township.post('/api/analysis/stl', {
      values: nottem.values.slice(0, 24),
      frequency: 12,
      's.window': 7,
    });
    const body = expectProblem(res, 400, 'analysis.too_short');
    expect(body.messages['en-US']).toContain('at least 25');
  });

  it('refuses missing values unless interpolation is asked for, and gaps at the ends always', async () => {
    const values: (number | null)[] = nottem.values.slice(0, 36);
    values[10] = null;
    const res = await township.post('/api/analysis/stl', { values, frequency: 12, 's.window': 7 });
    const body = expectProblem(res, 400, 'analysis.missing_values');
    expect(body.messages['en-US']).toContain('position 10');
    values[0] = null;
    const ends = await township.post('/api/analysis/stl', {
      values,
      frequency: 12,
      's.window': 7,
      missing: 'interpolate',
    });
    expectProblem(ends, 400, 'analysis.missing_at_ends');
  });

  it('validates every parameter with a bilingual message', async () => {
    const base = { values: nottem.values.slice(0, 36), frequency: 12, 's.window': 7 };
    const bad: Record<string, unknown>[] = [
      { 's.window': 'weekly' },
      { 's.window': 2 },
      { 's.window': undefined },
      { frequency: 1 },
      { frequency: 12.5 },
      { 's.degree': 2 },
      { 't.jump': 0 },
      { inner: 0 },
      { outer: 1000 },
      { values: [...nottem.values.slice(0, 35), 'x'] },
      { values: [...nottem.values.slice(0, 35), 1e300] },
      { values: new Array(10_001).fill(1) },
      { unknownOption: true },
    ];
    for (const change of bad) {
      const res = await township.post('/api/analysis/stl', { ...base, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expectProblem(res, 400, 'request.invalid');
    }
    const start = await township.post('/api/analysis/stl', { ...base, start: { year: 2020, period: 13 } });
    expectProblem(start, 400, 'analysis.bad_start');
  });

  it('refuses parameters that would take too long', async () => {
    const res = await township.post('/api/analysis/stl', {
      values: new Array(10_000).fill(0).map((_, i) => Math.sin(i / 2) + i / 100),
      frequency: 2,
      's.window': 9999,
      's.jump': 1,
      't.window': 9999,
      't.jump': 1,
    });
    const body = expectProblem(res, 400, 'analysis.too_much_work');
    expect(body.messages['en-US']).toContain(STL_WORK_LIMIT.toLocaleString('en-US'));
  });
});
