import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { latestCompleteMonth } from './demo.ts';
import { STL_OPTIONS } from './queries.ts';

let t: TestApp;
let admin: Client;
let city: Client;
let county: Client;
let designer: Client;
let reporter: Client;

const count = async (sql: string) =>
  Number(
    (
      await t.database.db.executeQuery<{ n: number }>({
        sql,
        parameters: [],
        query: { kind: 'RawNode' },
      } as any)
    ).rows[0]!.n,
  );
const observationsCount = () => count('select count(*)::int as n from statdb.observations');
const auditCount = () => count("select count(*)::int as n from audit.events where action like 'statdb.%'");

beforeAll(async () => {
  t = await buildTestApp();
  await t.modules.statdb.seedDemo();
  admin = await t.as('admin');
  city = await t.as('city_statistician');
  county = await t.as('county_statistician');
  designer = await t.as('designer');
  const unit = await admin.post('/api/registry/units', {
    creditCode: generateCreditCode(mulberry32(5), { division: '330203' }),
    name: '宁波综合库测试有限公司',
    townshipCode: '330203001',
    industryCode: '3411',
    registrationType: '173',
    employees: 100,
    revenueThousandYuan: 250000,
  });
  expect(unit.statusCode, unit.body).toBe(201);
  reporter = await t.as('enterprise', { unitId: unit.json().id });
}, 120_000);
afterAll(async () => t?.close());

describe('statdb demo', () => {
  it('seeds monthly series to the latest complete month, the city being the sum of its counties', async () => {
    const last = latestCompleteMonth(new Date());
    const res = await county.get(
      `/api/statdb/observations?indicator=retail_sales&region=all&from=2024-01&to=${last}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.series).toHaveLength(11);
    const cityPoints = body.series.find((s: any) => s.dims.region === '330200').points;
    expect(cityPoints.at(-1).period).toBe(last);
    expect(cityPoints.at(-1).status).toBe('preliminary');
    // The earlier preliminary month was revised once (a second vintage).
    expect(cityPoints.at(-2).status).toBe('revised');
    const jan = (code: string) => body.series.find((s: any) => s.dims.region === code).points[0].value;
    const countySum = body.series
      .filter((s: any) => s.dims.region !== '330200')
      .reduce((sum: number, s: any) => sum + Math.round(Number(s.points[0].value) * 100), 0);
    expect(Math.round(Number(jan('330200')) * 100)).toBe(countySum);
  });
});

describe('statdb reads', () => {
  it('answers 401 without a session and 403 to enterprise accounts', async () => {
    expect((await t.anonymous.get('/api/statdb/indicators')).statusCode).toBe(401);
    expect((await t.anonymous.get('/api/statdb/observations?indicator=gdp')).statusCode).toBe(401);
    for (const url of [
      '/api/statdb/indicators',
      '/api/statdb/indicators/gdp',
      '/api/statdb/dimensions',
      '/api/statdb/observations?indicator=gdp',
      '/api/statdb/observations.csv?indicator=gdp',
      '/api/statdb/seasonal?indicator=gdp',
      '/api/statdb/vintages?indicator=gdp&period=2020Q1',
    ]) {
      const res = await reporter.get(url);
      expect(res.statusCode, url).toBe(403);
    }
    const imp = await reporter.request({
      method: 'POST',
      url: '/api/statdb/imports',
      payload: 'indicator,region,period,value\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(imp.statusCode).toBe(403);
    expect((await county.put('/api/statdb/indicators', { indicators: [] })).statusCode).toBe(400);
  });

  it('lists and searches indicators with metadata', async () => {
    const all = (await county.get('/api/statdb/indicators')).json();
    expect(all.items.map((i: any) => i.code)).toContain('gdp');
    const found = (await county.get(`/api/statdb/indicators?q=${encodeURIComponent('零售')}`)).json();
    expect(found.items.map((i: any) => i.code)).toEqual(['retail_sales']);
    const gdp = (await county.get('/api/statdb/indicators/gdp')).json();
    expect(gdp).toMatchObject({ frequency: 'Q', kind: 'flow', firstPeriod: '2015Q1', unit: { zh: '亿元' } });
    const missing = await county.get('/api/statdb/indicators/nope', { 'accept-language': 'zh-CN' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().messages['zh-CN']).toContain('找不到指标');
  });

  it('refuses unknown codes, dimensions and periods with a 400 listing each', async () => {
    const res = await county.get(
      '/api/statdb/observations?indicator=retail_sales&region=330200,999999,888888&industry=C',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems).toEqual([
      'industry: not a dimension of retail_sales',
      'region: unknown code 999999',
      'region: unknown code 888888',
    ]);
    expect(res.json().messages['zh-CN']).toBe(
      '查询条件有误：行业（industry）不是指标 retail_sales 的分组维度；地区没有代码 999999；地区没有代码 888888',
    );
    expect((await county.get('/api/statdb/observations?indicator=retail_sales&from=2020Q1')).statusCode).toBe(
      400,
    );
    expect(
      (await county.get('/api/statdb/observations?indicator=retail_sales&from=2020-13')).statusCode,
    ).toBe(400);
    await expect(
      t.modules.statdb.api.series({ indicator: 'retail_sales', dims: { region: '1' } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(t.modules.statdb.api.series({ indicator: 'nope', dims: {} })).rejects.toMatchObject({
      status: 404,
    });
  });
});

const indicator = (code: string, over: Record<string, unknown> = {}) => ({
  code,
  name: { zh: `测试${code}`, en: `Test ${code}` },
  unit: { zh: '亿元', en: '100 million yuan' },
  definition: { zh: '测试', en: 'test' },
  source: 'test',
  frequency: 'M',
  kind: 'flow',
  decimals: 2,
  footnotes: [],
  dimensions: ['region'],
  ...over,
});

describe('statdb writes', () => {
  it('defines indicators for designers, admins and the city office only (audited)', async () => {
    expect(
      (await county.put('/api/statdb/indicators', { indicators: [indicator('t_county')] })).statusCode,
    ).toBe(403);
    const before = await auditCount();
    const res = await designer.put('/api/statdb/indicators', {
      indicators: [indicator('t_flow'), indicator('t_wide', { dimensions: ['region', 'industry'] })],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    expect(await auditCount()).toBe(before + 2);
    const again = await city.put('/api/statdb/indicators', { indicators: [indicator('t_flow')] });
    expect(again.json()).toEqual({ created: 0, updated: 0 });
  });

  it('derives 同比, 环比 and 累计 exactly from hand-computed figures', async () => {
    const csv = [
      'indicator,region,period,value,status,note',
      't_flow,330200,2024-01,100,final,',
      't_flow,330200,2024-02,80,final,',
      't_flow,330200,2025-01,110,final,',
      't_flow,330200,2025-02,84.5,preliminary,春节因素',
    ].join('\n');
    const res = await city.request({
      method: 'POST',
      url: '/api/statdb/imports',
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ rows: 4, written: 4, unchanged: 0, indicators: ['t_flow'] });
    const page = (await county.get('/api/statdb/observations?indicator=t_flow&from=2025-01')).json();
    expect(page.series[0].points).toEqual([
      {
        period: '2025-01',
        value: '110',
        status: 'final',
        note: null,
        yoy: '10.0',
        pop: null,
        ytd: '110',
        ytdYoy: '10.0',
      },
      // 84.5/80 − 1 = 5.625 % → 5.6; 84.5/110 − 1 = −23.18 % → −23.2; (110+84.5)/(100+80) − 1 = 8.06 % → 8.1
      {
        period: '2025-02',
        value: '84.5',
        status: 'preliminary',
        note: '春节因素',
        yoy: '5.6',
        pop: '-23.2',
        ytd: '194.5',
        ytdYoy: '8.1',
      },
    ]);
    const file = await county.get('/api/statdb/observations.csv?indicator=t_flow&from=2025-02');
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body.split('\n')[1]).toBe(
      't_flow,330200,宁波市,2025-02,84.5,亿元,preliminary,春节因素,5.6,-23.2,194.5,8.1',
    );
  });

  it('refuses a file with bad codes, duplicates and non-numeric values, listing every problem, writing nothing', async () => {
    const csv = [
      'indicator,region,industry,period,value,status',
      'nope,330200,,2025-01,1,final', // unknown indicator
      't_flow,999999,,2025-01,1,final', // unknown region code
      't_flow,330200,,2025Q1,1,final', // wrong frequency
      't_flow,330203,,2025-03,abc,final', // non-numeric
      't_flow,330205,,2025-03,5,final',
      't_flow,330205,,2025-03,6,final', // duplicate of the row before
      't_flow,330206,C,2025-03,6,final', // a dimension the indicator has not
      't_flow,330206,,2025-03,6,guess', // bad status
    ].join('\n');
    const [obs, audit] = [await observationsCount(), await auditCount()];
    const res = await city.request({
      method: 'POST',
      url: '/api/statdb/imports',
      payload: csv,
      headers: { 'content-type': 'text/csv', 'accept-language': 'en-US' },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('statdb.invalid_observations');
    expect(body.messages['zh-CN']).toContain('均未写入');
    expect(body.details.problems.map((p: any) => [p.row, p.column, p.code])).toEqual([
      [2, 'A (indicator)', 'unknown_indicator'],
      [3, 'B (region)', 'unknown_code'],
      [4, 'D (period)', 'period_frequency'],
      [5, 'E (value)', 'not_numeric'],
      [7, null, 'duplicate_key'],
      [8, 'C (industry)', 'dimension_not_of_indicator'],
      [9, 'F (status)', 'bad_status'],
    ]);
    expect(body.details.problems[4].messages['en-US']).toBe(
      'Duplicates row 6 (same indicator, dimensions and period)',
    );
    expect(await observationsCount()).toBe(obs);
    expect(await auditCount()).toBe(audit);
  });

  it('refuses a long file with an unknown column (dimension)', async () => {
    const res = await city.request({
      method: 'POST',
      url: '/api/statdb/imports',
      payload: 'indicator,region,sector,period,value\nt_flow,330200,x,2025-05,1\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().details.problems).toMatchObject([
      { row: 1, column: 'C (sector)', code: 'unknown_dimension' },
    ]);
  });

  it('imports a yearbook table from Excel, then a re-import writes nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('年鉴');
    ws.addRow(['行业', '名称', '2023-01', '2023-02']);
    ws.addRow(['C', '制造业', 12.5, 13]);
    ws.addRow(['high-tech-manufacturing', '高技术制造业', 3.25, '—']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const upload = () =>
      city.request({
        method: 'POST',
        url: '/api/statdb/imports?indicator=t_wide&region=330203&source=yearbook',
        payload: data,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      });
    const res = await upload();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3, written: 3, unchanged: 0 });
    const again = await upload();
    expect(again.json()).toMatchObject({ rows: 3, written: 0, unchanged: 3 });
    const page = (
      await county.get('/api/statdb/observations?indicator=t_wide&region=330203&industry=all')
    ).json();
    expect(page.series.map((s: any) => [s.dims.industry, s.points.map((p: any) => p.value)])).toEqual([
      ['C', ['12.5', '13']],
      ['high-tech-manufacturing', ['3.25']],
    ]);
  });

  it('publishes through the api with every problem listed and nothing written', async () => {
    const obs = await observationsCount();
    await expect(
      t.modules.statdb.api.publish(t.database.db, {
        source: 'aggregation',
        by: 'aggregation',
        observations: [
          { indicator: 't_flow', dims: { region: '330200' }, period: '2025-06', value: '1', status: 'final' },
          {
            indicator: 't_flow',
            dims: { region: '330200', colour: 'red' },
            period: '2025-07',
            value: 'x',
            status: 'final',
          },
          { indicator: 't_flow', dims: {}, period: '2025-08', value: '1', status: 'final' },
        ],
      }),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        problems: [
          { row: 2, code: 'unknown_dimension' },
          { row: 2, code: 'not_numeric' },
          { row: 3, code: 'missing_dimension' },
        ],
      },
    });
    expect(await observationsCount()).toBe(obs);
  });

  it('keeps every vintage and reads the database as it stood at an instant', async () => {
    const before = new Date();
    await new Promise((r) => setTimeout(r, 10));
    const heard: string[][] = [];
    const off = t.modules.statdb.api.onChanged((c) => heard.push(c.periods));
    const publish = (value: string, status: 'revised' | 'final') =>
      t.database.db.transaction().execute(async (trx) =>
        t.modules.statdb.api.publish(trx, {
          source: 'aggregation',
          by: 'aggregation',
          observations: [
            { indicator: 't_flow', dims: { region: '330200' }, period: '2025-02', value, status },
          ],
        }),
      );
    const r1 = await publish('85', 'revised');
    expect(heard).toEqual([]); // inside a caller's transaction the caller announces after commit
    r1.announce();
    expect(heard).toEqual([['2025-02']]);
    off();
    const middle = new Date();
    await new Promise((r) => setTimeout(r, 10));
    await publish('85.00', 'final');
    const v = (await county.get('/api/statdb/vintages?indicator=t_flow&region=330200&period=2025-02')).json();
    expect(v.items.map((i: any) => [i.value, i.status, i.recordedBy])).toEqual([
      ['84.5', 'preliminary', city.username],
      ['85', 'revised', 'aggregation'],
      ['85', 'final', 'aggregation'],
    ]);
    expect(v.items[0].validTo).toBe(v.items[1].validFrom);
    const at = async (d: Date) =>
      (
        await county.get(`/api/statdb/observations?indicator=t_flow&from=2025-02&asOf=${d.toISOString()}`)
      ).json().series[0].points[0];
    expect(await at(before)).toMatchObject({ value: '84.5', status: 'preliminary' });
    expect(await at(middle)).toMatchObject({ value: '85', status: 'revised' });
    expect(
      (await county.get('/api/statdb/observations?indicator=t_flow&from=2025-02')).json().series[0].points[0],
    ).toMatchObject({
      value: '85',
      status: 'final',
    });
  });
});

describe('concurrent publishes', () => {
  it('lets one of two writers of a new key win and answers the other 409, never two values in force', async () => {
    const obs = (value: string) => ({
      source: 'aggregation',
      by: 'aggregation',
      observations: [
        {
          indicator: 't_flow',
          dims: { region: '330205' },
          period: '2026-01',
          value,
          status: 'final' as const,
        },
      ],
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let firstWrote!: () => void;
    const wrote = new Promise<void>((r) => {
      firstWrote = r;
    });
    const first = t.database.db.transaction().execute(async (trx) => {
      await t.modules.statdb.api.publish(trx, obs('1'));
      firstWrote();
      await gate;
    });
    await wrote;
    // On PostgreSQL the second writer finds no row to lock and waits on the unique index; on
    // PGlite (one session) it waits for the first transaction to end and then sees its row.
    const second = t.modules.statdb.api.publish(t.database.db, obs('2'));
    await new Promise((r) => setTimeout(r, 100));
    release();
    await first;
    const outcome = await second.then(
      (r) => ({ ok: true as const, written: r.written }),
      (e) => ({ ok: false as const, status: e.status }),
    );
    if (t.database.engine === 'postgres') expect(outcome).toEqual({ ok: false, status: 409 });
    else expect(outcome).toEqual({ ok: true, written: 1 });
    const current = await count(
      "select count(*)::int as n from statdb.observations where indicator = 't_flow' and dims_key = 'region=330205' and period = '2026-01' and valid_to is null",
    );
    expect(current).toBe(1);
  });
});

describe('seasonal adjustment', () => {
  it('equals the analysis module’s STL: adjusted = value − seasonal', async () => {
    const res = await county.get(
      '/api/statdb/seasonal?indicator=retail_sales&region=330203&from=2016-01&to=2024-12',
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.note).toBeNull();
    expect(body.points).toHaveLength(108);
    const series = await t.modules.statdb.api.series({
      indicator: 'retail_sales',
      dims: { region: '330203' },
      from: '2016-01',
      to: '2024-12',
    });
    const values = series.points.map((p) => Number(p.value));
    const fit = t.modules.analysis.api.stl(values, 12, STL_OPTIONS);
    body.points.forEach((p: any, i: number) => {
      expect(p.seasonal).toBe(fit.seasonal[i]);
      expect(p.trend).toBe(fit.trend[i]);
      expect(p.adjusted).toBe(values[i]! - fit.seasonal[i]!);
    });
  });

  it('explains why a series cannot be adjusted', async () => {
    const short = (
      await county.get('/api/statdb/seasonal?indicator=retail_sales&from=2024-01&to=2024-12')
    ).json();
    expect(short.note.en).toContain('at least 3 years');
    expect(short.points.every((p: any) => p.adjusted === null)).toBe(true);
    const gap = (await county.get('/api/statdb/seasonal?indicator=t_flow')).json();
    expect(gap.note.en).toContain('gap');
    const many = await county.get('/api/statdb/seasonal?indicator=retail_sales&region=330200,330203');
    expect(many.statusCode).toBe(400);
  });
});
