/**
 * The open data API through real published data: statdb figures staged by publication for a
 * release, read over HTTP in every format and checked against statdb — JSON-stat with the
 * official toolkit, SDMX-CSV by its column rules, CSV and XLSX read back — around the release
 * minute, across a revision, with conditional requests, the cell limit and the rate limit.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSONstat from 'jsonstat-toolkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let publisher: Client;
let web: Client;

const T0 = new Date('2026-11-20T00:00:00Z');
const R1 = new Date('2026-11-21T01:30:00Z'); // 09:30 Beijing: the first release
const R2 = new Date('2026-11-25T01:30:00Z'); // the revision
const sec = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
const V2 = '/open/api/v2';

const REGIONS = ['330200', '330203', '330205'];
const MONTHS = Array.from({ length: 12 }, (_x, i) => {
  const m = ((10 + i) % 12) + 1; // 2025-11 … 2026-10
  return `${m >= 11 ? 2025 : 2026}-${String(m).padStart(2, '0')}`;
});
/** A value no double holds: the API must give its text unchanged. */
const LONG = '123456789012345678.123456';
const figure = (ind: string, region: string, month: string) =>
  ind === 'od_sales' && region === '330200' && month === '2026-10'
    ? LONG
    : `${Number(region.slice(-1)) * 100 + Number(month.slice(-2))}.${ind === 'od_sales' ? '25' : '5'}`;

const indicator = (code: string, dimensions: ('region' | 'industry')[], decimals = 2) => ({
  code,
  name: { zh: `开放数据 ${code}`, en: `Open data ${code}` },
  unit: { zh: '亿元', en: '100 million yuan' },
  definition: { zh: '测试', en: 'Test' },
  source: 'test',
  frequency: 'M' as const,
  kind: 'flow' as const,
  decimals,
  footnotes: [],
  dimensions,
});

async function publishStatdb(
  observations: { indicator: string; dims: Record<string, string>; period: string; value: string }[],
  status: 'final' | 'revised' = 'final',
) {
  await t.modules.statdb.api.publish(t.database.db, {
    source: 'test',
    by: 'test',
    observations: observations.map((o) => ({ ...o, status })),
  });
}

/** Real time just after the first figures were written to statdb (statdb's vintages follow the database's time). */
let firstFigures: Date;

/** What statdb holds for a series (the truth every answer is checked against); by default as staged for R1. */
async function stored(ind: string, region: string, asOf: Date | null = firstFigures) {
  const s = await t.modules.statdb.api.series({ indicator: ind, dims: { region }, asOf: asOf ?? undefined });
  return new Map(s.points.map((p) => [p.period, p.value]));
}

async function createRelease(title: string, at: Date) {
  const res = await publisher.post('/api/publication/releases', {
    title: { zh: title, en: title },
    kind: 'data',
    releaseAt: at.toISOString(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function stage(release: string, dataset: string, body: Record<string, unknown> = {}) {
  const res = await publisher.put(`/api/publication/releases/${release}/stagings/${dataset}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

let bigRegions: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(T0);
  // Most tests make many requests from one address; the rate-limit test turns the limiter on.
  t.modules.opendata.api.configureRateLimit({ enabled: false });
  await t.database.db
    .transaction()
    .execute((trx) =>
      t.modules.statdb.api.defineIndicators(
        trx,
        [
          indicator('od_sales', ['region']),
          indicator('od_price', ['region'], 1),
          indicator('od_big', ['region', 'industry']),
        ],
        'test',
      ),
    );
  const obs = [];
  for (const ind of ['od_sales', 'od_price'])
    for (const region of REGIONS)
      for (const period of MONTHS)
        obs.push({ indicator: ind, dims: { region }, period, value: figure(ind, region, period) });
  // The cell-limit table: 101 figures on a diagonal cover 10 regions × 100 industries × 101 months.
  const dims = await t.modules.statdb.api.dimensions();
  bigRegions = dims
    .find((d) => d.dimension === 'region')!
    .codes.slice(0, 10)
    .map((c) => c.code);
  const industries = dims
    .find((d) => d.dimension === 'industry')!
    .codes.slice(0, 100)
    .map((c) => c.code);
  expect(bigRegions).toHaveLength(10);
  expect(industries).toHaveLength(100);
  for (let i = 0; i < 101; i++) {
    const period = `${2018 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    obs.push({
      indicator: 'od_big',
      dims: { region: bigRegions[i % 10], industry: industries[i % 100] },
      period,
      value: String(i),
    });
  }
  await publishStatdb(obs);
  firstFigures = new Date();

  publisher = await t.as('publisher');
  web = t.anonymous;
  for (const d of [
    {
      code: 'od-sales',
      title: { zh: '零售与价格', en: 'Sales and prices' },
      indicators: ['od_sales', 'od_price'],
      dimensions: ['region'],
    },
    {
      code: 'od-big',
      title: { zh: '大表', en: 'Big table' },
      indicators: ['od_big'],
      dimensions: ['region', 'industry'],
    },
  ]) {
    const res = await publisher.post('/api/publication/datasets', {
      ...d,
      description: { zh: '月度数据', en: 'Monthly figures' },
      subject: 'trade',
      notes: [{ zh: '现价', en: 'Current prices' }],
      source: '市统计局',
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const r1 = await createRelease('十月数据', R1);
  await stage(r1, 'od-sales');
  await stage(r1, 'od-big');
  const r2 = await createRelease('十月数据修订', R2);
  // The revision: one figure changes in statdb and is staged for R2 with a note.
  await publishStatdb(
    [{ indicator: 'od_sales', dims: { region: '330203' }, period: '2026-10', value: '999.75' }],
    'revised',
  );
  await stage(r2, 'od-sales', { from: '2026-10', to: '2026-10', note: '根据年报修订' });
}, 180_000);
afterAll(async () => t?.close());

const jsonstat = (body: string) => {
  const ds = JSONstat(JSON.parse(body));
  expect(ds.class).toBe('dataset');
  return ds;
};

describe('the embargo (发布日程)', () => {
  it('shows nothing of a release one second before its minute, everything one second after', async () => {
    t.clock.set(sec(R1, -1));
    const list = await web.get(`${V2}/tables`);
    expect(list.statusCode).toBe(200);
    expect(list.json().tables).toEqual([]);
    for (const url of [
      `${V2}/tables/od-sales`,
      `${V2}/tables/od-sales/metadata`,
      `${V2}/tables/od-sales/data`,
      '/open/sdmx/data/od-sales/all',
    ]) {
      const res = await web.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('opendata.table_not_found');
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    expect((await web.get('/open/sdmx/dataflow')).json().data.dataflows).toEqual([]);
    // The cache may not outlive the release minute: max-age ends at it.
    expect(list.headers['cache-control']).toBe('public, max-age=1');

    t.clock.set(sec(R1, 1));
    const after = await web.get(`${V2}/tables`);
    expect(after.json().tables.map((x: any) => x.id)).toEqual(['od-big', 'od-sales']);
    expect(after.headers.etag).not.toBe(list.headers.etag);
    const info = await web.get(`${V2}/tables/od-sales`);
    expect(info.statusCode).toBe(200);
    expect(info.headers['access-control-allow-origin']).toBe('*');
    const preflight = await web.request({
      method: 'OPTIONS',
      url: `${V2}/tables/od-sales/data`,
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('Content-Type');
    const data = await web.get(`${V2}/tables/od-sales/data?valueCodes[period]=top(1)`);
    expect(data.statusCode).toBe(200);
    expect(jsonstat(data.body).Dimension('period')?.id).toEqual(['2026-10']);
    expect((await web.get('/open/sdmx/dataflow')).json().data.dataflows.map((f: any) => f.id)).toEqual([
      'od-big',
      'od-sales',
    ]);
  });
});

describe('PxWeb API v2 style', () => {
  it('tells its settings: languages, the cell limit, formats', async () => {
    const config = (await web.get(`${V2}/config`)).json();
    expect(config).toMatchObject({
      defaultLanguage: 'zh',
      maxDataCells: 100_000,
      dataFormats: ['json-stat2', 'csv', 'xlsx', 'sdmx-csv'],
      maxCallsPerTimeWindow: null,
    });
  });

  it('lists tables with search, paging and language', async () => {
    t.clock.set(sec(R1, 60));
    const en = (await web.get(`${V2}/tables?lang=en&query=PRICES`)).json();
    expect(en.language).toBe('en');
    expect(en.tables).toHaveLength(1);
    expect(en.tables[0]).toMatchObject({
      id: 'od-sales',
      label: 'Sales and prices',
      timeUnit: 'Monthly',
      firstPeriod: '2025-11',
      lastPeriod: '2026-10',
      updated: R1.toISOString(),
    });
    const page = (await web.get(`${V2}/tables?pageSize=1&pageNumber=2`)).json();
    expect(page.tables.map((x: any) => x.id)).toEqual(['od-sales']);
    expect(page.page).toEqual({ pageNumber: 2, pageSize: 1, totalElements: 2, totalPages: 2 });
    expect(page.tables[0].label).toBe('零售与价格');
  });

  it('describes a table and gives its metadata as JSON-stat without values', async () => {
    const info = (await web.get(`${V2}/tables/od-sales?lang=en`)).json();
    expect(info.variables).toEqual([
      { id: 'indicator', label: expect.any(String), type: 'ContentsVariable', values: 2 },
      { id: 'region', label: expect.any(String), type: 'GeographicalVariable', values: 3 },
      { id: 'period', label: expect.any(String), type: 'TimeVariable', values: 12 },
    ]);
    expect(info.notes).toEqual(['Current prices']);
    expect(info.releases).toHaveLength(1);
    const res = await web.get(`${V2}/tables/od-sales/metadata?lang=en`);
    const ds = jsonstat(res.body);
    expect(ds.id).toEqual(['indicator', 'region', 'period']);
    expect(ds.size).toEqual([2, 3, 12]);
    expect(ds.Dimension('indicator')?.Category('od_price')).toMatchObject({
      label: 'Open data od_price',
      unit: { label: '100 million yuan', decimals: 1 },
    });
    expect(ds.Dimension('period')?.id).toEqual(MONTHS);
    expect(JSON.parse(res.body).value).toBeUndefined();
  });

  it('answers a selection in JSON-stat 2.0 with every value as statdb holds it, status and notes', async () => {
    const res = await web.get(
      `${V2}/tables/od-sales/data?valueCodes[indicator]=*&valueCodes[region]=330200,330203&valueCodes[period]=top(3)`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const ds = jsonstat(res.body);
    expect(ds.size).toEqual([2, 2, 3]);
    expect(ds.Dimension('period')?.id).toEqual(MONTHS.slice(-3));
    let checked = 0;
    for (const ind of ['od_sales', 'od_price'])
      for (const region of ['330200', '330203']) {
        const truth = await stored(ind, region);
        for (const period of MONTHS.slice(-3)) {
          const cell = ds.Data({ indicator: ind, region, period });
          expect(cell?.value, `${ind} ${region} ${period}`).toBe(Number(truth.get(period)));
          expect(cell?.status).toBe('final');
          checked++;
        }
      }
    expect(checked).toBe(12);
    // Full precision: the long value's digits are in the text, beyond what a double holds.
    expect(res.body).toContain(LONG);
    expect(JSON.parse(res.body).note).toEqual(['现价']);
  });

  it('takes the selection in a POST body and answers the same cube', async () => {
    const get = await web.get(
      `${V2}/tables/od-sales/data?valueCodes[region]=range(330203,330205)&valueCodes[period]=from(2026-09)`,
    );
    const post = await web.post(`${V2}/tables/od-sales/data`, {
      selection: [
        { variableCode: 'region', valueCodes: ['range(330203,330205)'] },
        { variableCode: 'period', valueCodes: ['from(2026-09)'] },
      ],
    });
    expect(post.statusCode, post.body).toBe(200);
    expect(JSON.parse(post.body)).toEqual(JSON.parse(get.body));
    expect(jsonstat(get.body).value).toEqual(jsonstat(post.body).value);
    const ds = jsonstat(post.body);
    expect(ds.Dimension('region')?.id).toEqual(['330203', '330205']);
    expect(ds.Dimension('period')?.id).toEqual(['2026-09', '2026-10']);
  });

  it('writes CSV with the exact values', async () => {
    const res = await web.get(
      `${V2}/tables/od-sales/data?valueCodes[indicator]=od_sales&valueCodes[period]=top(2)&outputFormat=csv&lang=en`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('od-sales.csv');
    const rows: string[][] = parse(res.body);
    expect(rows[0]).toEqual([
      'indicator',
      'indicator_label',
      'region',
      'region_label',
      'period',
      'period_label',
      'value',
      'unit',
      'status',
      'note',
    ]);
    expect(rows).toHaveLength(1 + 3 * 2);
    for (const r of rows.slice(1)) {
      const truth = await stored(r[0], r[2]);
      expect(r[6]).toBe(truth.get(r[4]));
    }
    expect(rows.find((r) => r[2] === '330200' && r[4] === '2026-10')?.[6]).toBe(LONG);
  });

  it('writes XLSX that reads back with the values (numbers where a double holds them, the text otherwise)', async () => {
    const res = await web.request({
      method: 'GET',
      url: `${V2}/tables/od-sales/data?valueCodes[period]=top(2)&outputFormat=xlsx`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(1 + 2 * 3 * 2);
    for (let i = 2; i <= sheet.rowCount; i++) {
      const row = sheet.getRow(i);
      const [ind, region, period] = [
        row.getCell(col('indicator')).value,
        row.getCell(col('region')).value,
        row.getCell(col('period')).value,
      ] as string[];
      const truth = (await stored(ind, region)).get(period)!;
      const v = row.getCell(col('value')).value;
      if (truth === LONG) expect(v).toBe(LONG);
      else {
        expect(typeof v).toBe('number');
        expect(v).toBe(Number(truth));
      }
    }
    expect(wb.worksheets[1].getCell('B1').value).toBe('od-sales');
  });

  it('answers SDMX-CSV from the PxWeb route too', async () => {
    const res = await web.get(`${V2}/tables/od-sales/data?valueCodes[period]=top(1)&outputFormat=sdmx-csv`);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.sdmx\.data\+csv; version=1\.0\.0/);
    const rows: string[][] = parse(res.body);
    expect(rows[0].slice(0, 5)).toEqual(['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE']);
    expect(rows).toHaveLength(1 + 6);
  });
});

describe('SDMX REST style', () => {
  /** SDMX-CSV 1.0's column rules, checked literally against the dataflow's structure. */
  function checkSdmxCsv(body: string, dimensions: string[]) {
    const rows: string[][] = parse(body, { relax_column_count: true });
    const header = rows[0];
    expect(header[0]).toBe('DATAFLOW');
    // One column per dimension of the structure, by id, TIME_PERIOD among them; then OBS_VALUE; then attributes.
    expect(header.slice(1, 1 + dimensions.length)).toEqual(dimensions);
    expect(header[1 + dimensions.length]).toBe('OBS_VALUE');
    expect(header.slice(2 + dimensions.length)).toEqual([
      'OBS_STATUS',
      'UNIT_MEASURE',
      'DECIMALS',
      'COMMENT_OBS',
    ]);
    expect(new Set(header).size).toBe(header.length);
    for (const r of rows.slice(1)) {
      expect(r).toHaveLength(header.length);
      expect(r[0]).toMatch(/^[A-Za-z][A-Za-z0-9_.-]*:[A-Za-z0-9_@$-]+\(\d+(\.\d+)*\)$/);
    }
    return rows;
  }

  it('chooses the language by Accept-Language when no lang is given', async () => {
    const en = await web.get('/open/sdmx/dataflow', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.json().data.dataflows.find((f: any) => f.id === 'od-sales').name).toBe('Sales and prices');
    expect(en.headers.vary).toBe('Accept, Accept-Language');
    const zh = await web.get('/open/sdmx/dataflow?lang=zh', { 'accept-language': 'en' });
    expect(zh.json().data.dataflows.find((f: any) => f.id === 'od-sales').name).toBe('零售与价格');
  });

  it('lists dataflows with their key structure', async () => {
    const flows = (await web.get('/open/sdmx/dataflow?lang=en')).json().data.dataflows;
    expect(flows.find((f: any) => f.id === 'od-sales')).toMatchObject({
      agencyID: 'TONGJI',
      version: '1.0',
      name: 'Sales and prices',
      dimensions: ['INDICATOR', 'REF_AREA', 'TIME_PERIOD'],
    });
  });

  it('answers a series key with period bounds and the last N observations in SDMX-CSV 1.0', async () => {
    const flows = (await web.get('/open/sdmx/dataflow')).json().data.dataflows;
    const dims = flows.find((f: any) => f.id === 'od-sales').dimensions;
    const res = await web.get(
      '/open/sdmx/data/TONGJI,od-sales,1.0/od_sales.330200+330205?startPeriod=2026-Q2&endPeriod=2026-09&lastNObservations=2',
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = checkSdmxCsv(res.body, dims);
    expect(rows.slice(1).map((r) => `${r[1]}/${r[2]}/${r[3]}`)).toEqual([
      'od_sales/330200/2026-08',
      'od_sales/330200/2026-09',
      'od_sales/330205/2026-08',
      'od_sales/330205/2026-09',
    ]);
    for (const r of rows.slice(1)) {
      expect(r[4]).toBe((await stored(r[1], r[2])).get(r[3]));
      expect(r[0]).toBe('TONGJI:od-sales(1.0)');
      expect(r.slice(5, 8)).toEqual(['A', '亿元', '2']);
    }
  });

  it('negotiates JSON-stat by Accept or format, and SDMX-CSV for text/csv', async () => {
    const json = await web.get('/open/sdmx/data/od-sales/.330203?startPeriod=2026-10', {
      accept: 'application/json',
    });
    expect(json.statusCode).toBe(200);
    const ds = jsonstat(json.body);
    expect(ds.size).toEqual([2, 1, 1]);
    expect(ds.Data({ indicator: 'od_price', region: '330203', period: '2026-10' })?.value).toBe(
      Number((await stored('od_price', '330203', null)).get('2026-10')),
    );
    const preferred = await web.get('/open/sdmx/data/od-sales/.330203?startPeriod=2026-10', {
      accept: 'application/json, */*;q=0.1',
    });
    expect(preferred.body).toBe(json.body);
    const byFormat = await web.get('/open/sdmx/data/od-sales/.330203?startPeriod=2026-10&format=jsonstat');
    expect(byFormat.body).toBe(json.body);
    const csv = await web.get('/open/sdmx/data/od-sales?endPeriod=2025-11', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^application\/vnd\.sdmx\.data\+csv/);
    checkSdmxCsv(csv.body, ['INDICATOR', 'REF_AREA', 'TIME_PERIOD']);
    const xml = await web.get('/open/sdmx/data/od-sales', {
      accept: 'application/vnd.sdmx.structurespecificdata+xml',
    });
    expect(xml.statusCode).toBe(406);
    expect(xml.json().code).toBe('opendata.not_acceptable');
  });
});

describe('revisions and vintages (asOf)', () => {
  it('serves the revised value after its release and the old one asOf before it', async () => {
    t.clock.set(sec(R2, -1));
    const before = await web.get(
      `${V2}/tables/od-sales/data?valueCodes[indicator]=od_sales&valueCodes[region]=330203&valueCodes[period]=2026-10`,
    );
    const old = figure('od_sales', '330203', '2026-10');
    expect(
      jsonstat(before.body).Data({ indicator: 'od_sales', region: '330203', period: '2026-10' }),
    ).toEqual({
      value: Number(old),
      status: 'final',
    });
    t.clock.set(sec(R2, 1));
    const url = `${V2}/tables/od-sales/data?valueCodes[indicator]=od_sales&valueCodes[region]=330203&valueCodes[period]=2026-10`;
    const after = await web.get(url);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const raw = JSON.parse(after.body);
    expect(jsonstat(after.body).Data({ indicator: 'od_sales', region: '330203', period: '2026-10' })).toEqual(
      {
        value: 999.75,
        status: 'revised',
      },
    );
    expect(raw.extension.cellNote).toEqual({ '0': '根据年报修订' });
    expect((await stored('od_sales', '330203', null)).get('2026-10')).toBe('999.75');
    const asOf = await web.get(`${url}&asOf=${encodeURIComponent(sec(R2, -60).toISOString())}`);
    expect(
      jsonstat(asOf.body).Data({ indicator: 'od_sales', region: '330203', period: '2026-10' })?.value,
    ).toBe(Number(old));
    // asOf in the future is now: nothing embargoed leaks through it.
    const future = await web.get(`${url}&asOf=2030-01-01T00:00:00Z`);
    expect(future.body).toBe(after.body);
    expect(
      jsonstat(future.body).Data({ indicator: 'od_sales', region: '330203', period: '2026-10' })?.value,
    ).toBe(999.75);
    const sdmx = await web.get(
      `/open/sdmx/data/od-sales/od_sales.330203?startPeriod=2026-10&asOf=${sec(R2, -60).toISOString()}`,
    );
    expect(parse(sdmx.body)[1].slice(4, 6)).toEqual([old, 'A']);
    const revised = await web.get('/open/sdmx/data/od-sales/od_sales.330203?startPeriod=2026-10');
    expect(parse(revised.body)[1].slice(4, 9)).toEqual(['999.75', 'R', '亿元', '2', '根据年报修订']);
  });
});

describe('caching', () => {
  it('answers If-None-Match with 304 and keeps max-age within the next release minute', async () => {
    t.clock.set(sec(R1, 120));
    const url = `${V2}/tables/od-sales/data?valueCodes[period]=top(2)&outputFormat=csv`;
    const first = await web.get(url);
    expect(first.statusCode).toBe(200);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^"[^"]+"$/);
    // R2 is days away: the full max-age.
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const again = await web.get(url, { 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(tag);
    // Another format, language or selection is another answer.
    expect((await web.get(`${url}&lang=en`)).headers.etag).not.toBe(tag);
    expect((await web.get(url.replace('top(2)', 'top(3)'))).headers.etag).not.toBe(tag);
    // 100 s before the revision's minute, nothing may be kept longer than 100 s.
    t.clock.set(sec(R2, -100));
    const late = await web.get(url, { 'if-none-match': tag });
    expect(late.statusCode).toBe(304);
    expect(late.headers['cache-control']).toBe('public, max-age=100');
    t.clock.set(sec(R2, 1));
    const changed = await web.get(url, { 'if-none-match': tag });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('999.75');
  });
});

describe('a release scheduled in this process', () => {
  it('shortens max-age at once (onChanged), though the current version was remembered', async () => {
    t.clock.set(sec(R2, 60));
    const url = `${V2}/tables/od-sales/data?valueCodes[period]=top(1)`;
    const first = await web.get(url);
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const R3 = new Date(R2.getTime() + 3 * 60_000);
    await createRelease('十一月数据', R3);
    const second = await web.get(url);
    expect(second.headers['cache-control']).toBe('public, max-age=120');
    jsonstat(second.body);
  });
});

describe('bad input', () => {
  const problem = async (url: string, status: number, code: string, lang = 'zh-CN') => {
    const res = await web.get(url, { 'accept-language': lang });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    const body = res.json();
    expect(body.code).toBe(code);
    expect(body.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(body.messages['en-US']).toMatch(/[a-z]/);
    return body;
  };

  it('answers unknown tables, dimensions and codes with a clear 4xx in both languages', async () => {
    t.clock.set(sec(R2, 60));
    await problem(`${V2}/tables/nope`, 404, 'opendata.table_not_found');
    await problem(`${V2}/tables/nope/data`, 404, 'opendata.table_not_found');
    const dim = await problem(
      `${V2}/tables/od-sales/data?valueCodes[sector]=A`,
      400,
      'opendata.unknown_dimension',
      'en',
    );
    expect(dim.message).toBe('The table has no dimension sector (its dimensions: indicator, region, period)');
    const code = await problem(
      `${V2}/tables/od-sales/data?valueCodes[region]=999999`,
      400,
      'opendata.unknown_code',
    );
    expect(code.message).toBe('维度 region 中没有代码 999999');
    await problem(`${V2}/tables/od-sales/data?valuecodes[region]=330200`, 400, 'opendata.unknown_parameter');
    await problem(`${V2}/tables/od-sales/data?valueCodes[__proto__]=x`, 400, 'opendata.unknown_dimension');
    await problem('/open/sdmx/data/nope/all', 404, 'opendata.table_not_found');
    await problem('/open/sdmx/data/OTHER:od-sales(1.0)/all', 404, 'opendata.table_not_found');
    await problem('/open/sdmx/data/od-sales/od_sales.999999', 400, 'opendata.unknown_code');
  });

  it('refuses malformed selections, keys, periods and instants', async () => {
    for (const expr of ['top(0)', 'range(330200)', 'top(3', '33*02*', 'a,,b']) {
      await problem(
        `${V2}/tables/od-sales/data?valueCodes[region]=${encodeURIComponent(expr)}`,
        400,
        'opendata.bad_expression',
      );
    }
    const post = await web.post(`${V2}/tables/od-sales/data`, {
      selection: [{ variableCode: 'period', valueCodes: ['bottom(x)'] }],
    });
    expect(post.statusCode).toBe(400);
    expect(post.json().code).toBe('opendata.bad_expression');
    await problem('/open/sdmx/data/od-sales/od_sales', 400, 'opendata.bad_key');
    await problem('/open/sdmx/data/od-sales/all?startPeriod=2026-13', 400, 'opendata.bad_period');
    await problem(
      '/open/sdmx/data/od-sales/all?startPeriod=2026-10&endPeriod=2026-01',
      400,
      'opendata.bad_period',
    );
    await problem('/open/sdmx/data/od-sales/all?startPeriod=2030', 404, 'opendata.empty_selection');
    for (const bad of ['yesterday', '2026-11-20T10:00', '2026-02-30T00:00:00Z']) {
      await problem(`${V2}/tables/od-sales/data?asOf=${encodeURIComponent(bad)}`, 400, 'opendata.bad_as_of');
    }
    const fmt = await web.get(`${V2}/tables/od-sales/data?outputFormat=px`);
    expect(fmt.statusCode).toBe(400);
  });

  it('refuses a selection above the cell limit, counted before reading, with the count and the limit', async () => {
    const res = await problem(`${V2}/tables/od-big/data`, 400, 'opendata.too_many_cells', 'en');
    expect(res.message).toBe('The selection has 101,000 cells, more than the limit of 100,000; narrow it');
    expect(res.messages['zh-CN']).toBe('所选数据有 101,000 个单元格，超过上限 100,000，请缩小选择');
    const ok = await web.get(`${V2}/tables/od-big/data?valueCodes[period]=top(99)`);
    expect(ok.statusCode).toBe(200);
    const ds = jsonstat(ok.body);
    expect(ds.size).toEqual([1, 10, 100, 99]);
    expect(ds.value.filter((v) => v !== null)).toHaveLength(99);
  });
});

describe('hostile input', () => {
  it('never answers an open data route with a 5xx', async () => {
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/open/'));
    expect(routes.length).toBe(9);
    const queries = [
      '?valueCodes[region]=%00&asOf=%00&lang=xx',
      "?valueCodes[region]=1'%20or%20'1'='1&outputFormat=csv",
      `?valueCodes[period]=${'('.repeat(500)}`,
      '?valueCodes[period]=top(99999999999999999999)&startPeriod=9999-99&lastNObservations=-1',
      '?pageNumber=-5&pageSize=abc&query=%ff',
      '?valueCodes=1&valueCodes[]=2&valueCodes[region][x]=3',
    ];
    const bodies: unknown[] = [
      'not json',
      { selection: 'x' },
      [],
      { selection: [{ variableCode: '', valueCodes: [] }] },
      'null',
    ];
    for (const r of routes) {
      const url = r.url.replace(':id', 'od-sales').replace(':flow', 'od-sales').replace(':key', 'od_sales..');
      for (const q of queries)
        for (const body of r.method === 'POST' ? bodies : [undefined]) {
          const res = await web.request({
            method: r.method as 'GET' | 'POST',
            url: url + q,
            ...(body === undefined
              ? {}
              : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
            headers: { 'content-type': 'application/json' },
          });
          expect(res.statusCode, `${r.method} ${url}${q}`).toBeLessThan(500);
          const isJson = String(res.headers['content-type']).startsWith('application/json');
          if (res.statusCode === 200 && isJson && res.json().class === 'dataset') jsonstat(res.body);
          if (res.statusCode >= 400)
            expect(res.json().messages['en-US'], `${r.method} ${url}${q}`).toBeTruthy();
        }
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After and a bilingual problem once a client spends its bucket; others go on', async () => {
    t.modules.opendata.api.configureRateLimit({ enabled: true, capacity: 3, refillPerSecond: 0.5 });
    try {
      const from = (ip: string, lang = 'en-US') =>
        t.anonymous.request({
          method: 'GET',
          url: `${V2}/tables`,
          remoteAddress: ip,
          headers: { 'accept-language': lang },
        });
      for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).statusCode).toBe(200);
      const limited = await from('203.0.113.7');
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('2');
      expect(limited.json()).toMatchObject({
        code: 'opendata.rate_limited',
        message: 'Too many requests; try again in 2 s',
        messages: { 'zh-CN': '请求过于频繁，请 2 秒后再试' },
      });
      expect((await from('198.51.100.1')).statusCode).toBe(200);
    } finally {
      t.modules.opendata.api.configureRateLimit({ enabled: false });
    }
  });
});

describe('the OpenAPI document', () => {
  it('lists every open data route as public', async () => {
    const doc = (await web.get('/api/docs/json')).json();
    for (const [path, method] of [
      ['/open/api/v2/tables', 'get'],
      ['/open/api/v2/tables/{id}', 'get'],
      ['/open/api/v2/tables/{id}/metadata', 'get'],
      ['/open/api/v2/tables/{id}/data', 'get'],
      ['/open/api/v2/tables/{id}/data', 'post'],
      ['/open/sdmx/dataflow', 'get'],
      ['/open/sdmx/data/{flow}/{key}', 'get'],
      ['/open/sdmx/data/{flow}', 'get'],
      ['/open/api/v2/config', 'get'],
    ]) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy();
      expect(doc.paths[path][method].security).toEqual([]);
    }
  });
});
