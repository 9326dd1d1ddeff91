/**
 * Aggregation end to end on the real database: approvals through review's HTTP routes change the
 * aggregates in the same transaction; random approve / withdraw / reclassify / re-approve runs
 * always equal a full recomputation; the microdata keep vintages; summary tables, Excel, series,
 * disclosure control outside the bureau (the published table resists the differencing attack and
 * the LP audit), sign-off, recompute, and every bad input answered with a clear 4xx.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAndActivate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { currentPeriod } from '../collection/domain/window.ts';
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';
import { auditTable, differencingAttack } from './domain/suppression.ts';

const random = mulberry32(4754);
const P = periods.formatPeriod(periods.previousPeriod(currentPeriod('monthly', new Date())));

let t: TestApp;
let admin: Client;
let designer: Client;
let city: Client;
let county: Client;
let formId: string;
const units: { id: string; township: string; cls: string; reporter: Client }[] = [];

// Where the test units are: two counties (海曙 330203, 北仑 330206), several townships, three
// industry classes in two sections' worth of divisions (34 machinery, 27 pharma = high-tech).
const PLACES: [string, string][] = [
  ['330203001', '3411'],
  ['330203001', '3411'],
  ['330203001', '3412'],
  ['330203002', '3411'],
  ['330203002', '2710'],
  ['330203003', '2710'],
  ['330206001', '3411'],
  ['330206001', '2710'],
  ['330206002', '3412'],
  ['330206002', '3412'],
];

const valuesOf = (i: number, scale = 1) => ({
  'A01.current': String((1000 + i * 137.5) * scale),
  'A02.current': String(600 + i * 50),
  'A03.current': String(100 + i * 10),
  'N01.current': 20 + i,
});

const base = (id: string) => `/api/review/units/${id}/forms/${formId}/periods/${P}`;

async function approve(i: number) {
  const detail = (await city.get(base(units[i]!.id))).json();
  const res = await city.post(`${base(units[i]!.id)}/decisions`, {
    decision: 'approve',
    version: detail.review.version,
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function submit(i: number, scale = 1) {
  const res = await units[i]!.reporter.post(`/api/collection/forms/${formId}/periods/${P}/submit`, {
    values: valuesOf(i, scale),
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** The cells as stored now, as comparable text. */
async function cellsNow(): Promise<string[]> {
  return (
    await sql<{ k: string }>`
      select c.form_id || '|' || c.period || '|' || c.cut || '|' || f.item || '|' || c.cell || '='
             || trim_scale(c.totals[f.ord])::text || '#' || c.units[f.ord] as k
        from aggregation.cells c
        join aggregation.form_items f on f.form_id = c.form_id and c.units[f.ord] > 0
       order by 1`.execute(t.database.db)
  ).rows.map((r) => r.k);
}

/** Full recompute; the cells must come out the same as the live ones. */
async function expectEqualsRecompute() {
  const live = await cellsNow();
  await t.modules.aggregation.api.cells.recomputeCells(t.database.db);
  const recomputed = await cellsNow();
  expect(recomputed).toEqual(live);
}

/** Sum of an item over approved submissions straight from collection (an independent source). */
async function collectionSum(item: string, countyCode?: string) {
  const [indicator, column] = item.split('.');
  const row = (
    await sql<{ total: string | null; n: number }>`
      select sum(v.num)::text as total, count(*)::int as n
        from collection.cell_values v
        join collection.submissions s using (unit_id, form_id, period)
        join registry.units u on u.id = v.unit_id
       where s.status = 'approved' and v.form_id = ${formId} and v.period = ${P}
         and v.indicator = ${indicator} and v.column_code = ${column}
         ${countyCode ? sql`and u.county_code = ${countyCode}` : sql``}`.execute(t.database.db)
  ).rows[0]!;
  return row;
}

const table = (who: Client, query: string) =>
  who.get(`/api/aggregation/forms/${formId}/periods/${P}/table?${query}`);

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
  designer = await t.as('designer');
  city = await t.as('city_statistician');
  county = await t.as('county_statistician'); // 海曙 330203
  const def = sampleDefinition((d) => {
    d.form.code = 'AG01';
    d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
    d.version.from = '2020-01';
  });
  formId = (await importAndActivate(designer, def)).formId;
  const levels = await admin.put(`/api/review/forms/${formId}/levels`, { levels: ['city'] });
  expect(levels.statusCode, levels.body).toBe(200);
  for (const [i, [township, cls]] of PLACES.entries()) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: township.slice(0, 6) }),
      name: `宁波汇总测试${i}有限公司`,
      townshipCode: township,
      industryCode: cls,
      registrationType: i % 3 === 0 ? '160' : '173',
      employees: 100 + i,
      revenueThousandYuan: 250000,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    units.push({ id, township, cls, reporter: await t.as('enterprise', { unitId: id }) });
  }
  for (let i = 0; i < units.length; i++) await submit(i);
});

afterAll(async () => {
  await t?.close();
});

describe('live aggregation', () => {
  it('adds a final approval to every cell in the same transaction and equals a recomputation', async () => {
    expect(await cellsNow()).toEqual([]);
    for (let i = 0; i < units.length; i++) await approve(i);
    const res = await table(city, 'item=A01.current&rows=county');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const expected = await collectionSum('A01.current');
    expect(body.cells[0][0]).toMatchObject({ value: expected.total, units: 10, status: 'published' });
    const haishu = body.rows.findIndex((r: any) => r.code === '330203');
    expect(body.rows[haishu].name.zh).toBe('海曙区');
    expect(body.cells[haishu][0].value).toBe((await collectionSum('A01.current', '330203')).total);
    // The computed total A04 = A02 + A03 is additive; the text remark and the product code are not.
    const items = (await city.get(`/api/aggregation/forms/${formId}/periods/${P}/items`)).json().items;
    expect(items.map((i: any) => i.code)).toEqual(
      expect.arrayContaining(['A01.current', 'A04.current', 'N01.current', 'A01.ytd']),
    );
    expect(items.map((i: any) => i.code)).not.toContain('R01.current');
    await expectEqualsRecompute();
  });

  it('takes a reopened approval out at once, and a corrected re-approval in as a new vintage', async () => {
    const before = (await table(city, 'item=A01.current&rows=county')).json().cells[0][0].value;
    const beforeApproval = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const u = units[0]!;
    const detail = (await city.get(base(u.id))).json();
    const reopened = await city.post(`${base(u.id)}/reopen`, {
      reason: '数据复查',
      version: detail.review.version,
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const afterReopen = (await table(city, 'item=A01.current&rows=county')).json().cells[0][0];
    expect(afterReopen.units).toBe(9);
    expect(Number(afterReopen.value)).toBeCloseTo(Number(before) - 1000, 6);
    await expectEqualsRecompute();

    // Return to the unit, correct, resubmit, approve: vintage 2 with the new value.
    const d2 = (await city.get(base(u.id))).json();
    const returned = await city.post(`${base(u.id)}/decisions`, {
      decision: 'return',
      to: 'unit',
      reason: '请更正产值',
      version: d2.review.version,
    });
    expect(returned.statusCode, returned.body).toBe(200);
    await submit(0, 2);
    await approve(0);
    const now = (await table(city, 'item=A01.current&rows=county')).json().cells[0][0];
    expect(now.units).toBe(10);
    expect(Number(now.value)).toBeCloseTo(Number(before) + 1000, 6);
    await expectEqualsRecompute();

    const vintages = (await city.get(`/api/aggregation/microdata/${formId}/${P}/${u.id}`)).json().items;
    expect(vintages.map((v: any) => [v.vintage, v.values['A01.current'], v.withdrawnAt !== null])).toEqual([
      [1, '1000', true],
      [2, '2000', false],
    ]);
    // As known before the reopening: the first vintage, and the table as it was then.
    const asOf = beforeApproval.toISOString();
    const old = (
      await city.get(`/api/aggregation/microdata?formId=${formId}&period=${P}&unitId=${u.id}&asOf=${asOf}`)
    ).json();
    expect(old.items.map((v: any) => v.vintage)).toEqual([1]);
    const oldTable = (
      await table(city, `item=A01.current&rows=county&asOf=${encodeURIComponent(asOf)}`)
    ).json();
    expect(oldTable.cells[0][0].value).toBe(before);
    expect(oldTable.asOf).toBe(asOf);
  });

  it('always equals a full recomputation under random approvals, withdrawals and reclassifications', async () => {
    const m = t.modules.aggregation.api.cells;
    const db = t.database.db;
    const rnd = mulberry32(99);
    const townships = ['330203001', '330203002', '330206001', '330211001'];
    const classes = ['3411', '2710', '3412', '1811', '3921', '5211'];
    for (let step = 0; step < 120; step++) {
      const i = Math.floor(rnd() * units.length);
      const k = { unitId: units[i]!.id, formId, period: P };
      const roll = rnd();
      if (roll < 0.2) {
        // The register reclassifies the unit: its next approval lands in other cells, while the
        // withdrawal of the current vintage still subtracts from where it was added.
        const township = townships[Math.floor(rnd() * townships.length)]!;
        const cls = classes[Math.floor(rnd() * classes.length)]!;
        await sql`update registry.units set township_code = ${township}, county_code = ${township.slice(0, 6)},
                    industry_code = ${cls}, section_code = ${cls === '5211' ? 'F' : 'C'},
                    size_class = ${rnd() < 0.5 ? 'small' : null}
                   where id = ${k.unitId}`.execute(db);
      } else if (roll < 0.55) {
        await db.transaction().execute((trx) => m.withdraw(trx, k, 'property'));
      } else {
        const prepared = (await m.prepare(k))!;
        await db.transaction().execute((trx) => m.approve(trx, k, 'property', prepared));
      }
      if (step % 15 === 14) await expectEqualsRecompute();
    }
    await expectEqualsRecompute();
    // Bring everything back in line with collection (every submission is approved there).
    const sync = await t.modules.aggregation.api.cells.syncFromCollection(db, { formId });
    expect(sync.withdrawn).toBe(0);
    const current = (
      await sql<{ n: number }>`select count(*)::int as n from aggregation.reports
        where form_id = ${formId} and withdrawn_at is null`.execute(db)
    ).rows[0]!.n;
    expect(current).toBe(units.length);
  });
});

describe('summary tables', () => {
  it('crosses counties with industry divisions, with totals first and growth where last year exists', async () => {
    const res = await table(city, 'item=A01.current&rows=county&cols=division');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.rows[0].name).toEqual({ zh: '合计', en: 'Total' });
    expect(body.cols[0].code).toBe('');
    expect(body.cols.map((c: any) => c.code).slice(1)).toEqual(expect.arrayContaining(['34']));
    // Every row adds up across the columns and every column down the rows (exact decimals).
    const n = (v: string | null) => Number(v ?? 0);
    for (const row of body.cells) {
      const parts = row.slice(1).reduce((s: number, c: any) => s + n(c.value), 0);
      expect(parts).toBeCloseTo(n(row[0].value), 6);
    }
    // Shares of a row's parts in its total add up to 100 (each rounded to 0.1).
    const shares = body.cells[0].slice(1).reduce((s: number, c: any) => s + Number(c.share ?? 0), 0);
    expect(Math.abs(shares - 100)).toBeLessThan(0.05 * body.cols.length);
    expect(body.cells[0][0].share).toBeNull();
    // No data last year: growth is null, never 0 or a division by zero.
    expect(body.cells[0][0].growth).toBeNull();
    expect(body.cells[0][0].lastYear).toBeNull();
    expect(body.cells[1][1].contribution).toBeNull();
  });

  it('derives growth, 同口径 growth, shares, contributions and pulls against last year exactly', async () => {
    const lastYear = periods.formatPeriod(periods.samePeriodLastYear(periods.parsePeriod(P)!));
    const db = t.database.db;
    // Last year's microdata as if loaded from the old system: every unit but the last reported
    // half of this year's current value (unit 0: half of its corrected value).
    const now = (
      await sql<{
        unit_id: string;
        township: string;
        industry_class: string;
        cell_keys: string[];
        items: string[];
        vals: string[];
      }>`
        select unit_id, township, industry_class, cell_keys, items, vals::text[] as vals from aggregation.reports
         where form_id = ${formId} and period = ${P} and withdrawn_at is null`.execute(db)
    ).rows;
    const missing = units.at(-1)!.id;
    for (const r of now.filter((x) => x.unit_id !== missing)) {
      await sql`
        insert into aggregation.reports (unit_id, form_id, period, vintage, form_version, township, industry_class,
               cell_keys, items, vals, approved_at, approved_by)
        values (${r.unit_id}, ${formId}, ${lastYear}, 1, 1, ${r.township}, ${r.industry_class}, ${r.cell_keys},
                ${r.items}, ${r.vals.map((v) => String(Number(v) / 2))}::numeric[], now(), 'import')`.execute(
        db,
      );
    }
    await t.modules.aggregation.api.cells.recomputeCells(db, { formId, period: lastYear });
    try {
      const body = (await table(city, 'item=A01.current&rows=county&comparable=true')).json();
      const total = body.cells[0][0];
      const cur = Number(total.value);
      const prev = Number(total.lastYear);
      const missingValue = Number(valuesOf(units.length - 1)['A01.current']);
      expect(prev).toBeCloseTo((cur - missingValue) / 2, 6);
      expect(Number(total.growth)).toBeCloseTo(Math.round(((cur - prev) / prev) * 1000) / 10, 6);
      // 同口径: only units in both periods, so exactly +100 %.
      expect(total.comparableGrowth).toBe('100.0');
      const rows = body.cells.slice(1).map((r: any[]) => r[0]);
      const sum = (f: (c: any) => number) => rows.reduce((s: number, c: any) => s + f(c), 0);
      expect(sum((c) => Number(c.share))).toBeCloseTo(100, 0);
      expect(sum((c) => Number(c.contribution))).toBeCloseTo(100, 0);
      expect(sum((c) => Number(c.pull))).toBeCloseTo(Number(total.growth), 0);
    } finally {
      await sql`delete from aggregation.reports where form_id = ${formId} and period = ${lastYear}`.execute(
        db,
      );
      await sql`delete from aggregation.cells where form_id = ${formId} and period = ${lastYear}`.execute(db);
    }
  });

  it('limits a county statistician to the county: its townships as rows, other counties refused', async () => {
    const own = await table(county, 'item=A01.current&rows=township');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().region).toMatchObject({ code: '330203', level: 'county' });
    expect(
      own
        .json()
        .rows.slice(1)
        .every((r: any) => r.code.startsWith('330203')),
    ).toBe(true);
    const other = await table(county, 'item=A01.current&rows=township&region=330206');
    expect(other.statusCode).toBe(404);
    const tooHigh = await table(county, 'item=A01.current&rows=city');
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json().messages['zh-CN']).toContain('行和列');
  });

  it('exports the table as an Excel workbook in the printed layout', async () => {
    const res = await city.get(
      `/api/aggregation/forms/${formId}/periods/${P}/table.xlsx?item=A01.current&rows=county`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('AG01');
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['地区', '本期', '同比增长(%)']));
    const json = (await table(city, 'item=A01.current&rows=county')).json();
    expect(sheet.getCell('A4').value).toBe('合计');
    expect(sheet.getCell('B4').value).toBe(Number(json.cells[0][0].value));
    const texts: string[] = [];
    sheet.eachRow((row) => {
      texts.push(String(row.getCell(1).value ?? ''));
    });
    expect(texts.join(' ')).toContain('局内使用');
  });
});

describe('disclosure control outside the bureau', () => {
  it('suppresses small and dominated cells so that no suppressed cell can be recovered', async () => {
    const query = 'item=A01.current&rows=township&cols=division';
    const inside = (await table(city, query)).json();
    const enterprise = units[1]!.reporter;
    const outside = await table(enterprise, `${query}&view=bureau`);
    expect(outside.statusCode, outside.body).toBe(200);
    const pub = outside.json();
    expect(pub.disclosure).toBe('public');
    expect(pub.suppressed).toBeGreaterThan(0);
    const nr = pub.rows.length;
    const nc = pub.cols.length;
    expect([nr, nc]).toEqual([inside.rows.length, inside.cols.length]);
    const values: number[] = [];
    const suppressed: boolean[] = [];
    for (let r = 0; r < nr; r++) {
      for (let c = 0; c < nc; c++) {
        const cellIn = inside.cells[r][c];
        const cellOut = pub.cells[r][c];
        values.push(Number(cellIn.value ?? 0));
        const hidden = cellOut.status === 'primary' || cellOut.status === 'secondary';
        suppressed.push(hidden);
        if (hidden) expect([cellOut.value, cellOut.units, cellOut.growth]).toEqual([null, null, null]);
        else expect(cellOut.value).toBe(cellIn.value);
        // Every published non-empty cell has at least three units (the frequency rule).
        if (!hidden && cellIn.units) expect(cellIn.units).toBeGreaterThanOrEqual(3);
      }
    }
    // The table's equations: the total row is the sum of the rows, the total column of the columns.
    const equations: { total: number; parts: number[] }[] = [];
    for (let c = 0; c < nc; c++)
      equations.push({ total: c, parts: [...Array(nr - 1).keys()].map((r) => (r + 1) * nc + c) });
    for (let r = 0; r < nr; r++)
      equations.push({ total: r * nc, parts: [...Array(nc - 1).keys()].map((c) => r * nc + c + 1) });
    const tableShape = { values, equations };
    expect(differencingAttack(tableShape, suppressed).size).toBe(0);
    // The LP audit: every primary cell can take a range of values given everything published.
    const intervals = auditTable(tableShape, suppressed);
    pub.cells.flat().forEach((c: any, i: number) => {
      if (c.status !== 'primary') return;
      const iv = intervals.get(i)!;
      expect(iv.upper - iv.lower).toBeGreaterThan(0);
    });
  });

  it('shows staff the public view on request, and marks suppressed cells × in the Excel file', async () => {
    const pub = (await table(city, 'item=A01.current&rows=township&view=public')).json();
    expect(pub.disclosure).toBe('public');
    const res = await city.get(
      `/api/aggregation/forms/${formId}/periods/${P}/table.xlsx?item=A01.current&rows=township&view=public`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    const texts: string[] = [];
    wb.worksheets[0]!.eachRow((row) => {
      row.eachCell((cell) => {
        texts.push(String(cell.value));
      });
    });
    if (pub.suppressed) expect(texts).toContain('×');
    expect(texts.join(' ')).toContain('保密');
  });
});

describe('series, sign-off and recompute', () => {
  it('gives a cell’s series with growth and says why it cannot seasonally adjust one period', async () => {
    const res = await city.get(
      `/api/aggregation/forms/${formId}/series?item=A01.current&cut=county&cell=330203`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().points).toHaveLength(1);
    expect(res.json().seasonalNote).toContain('seasonal');
  });

  it('signs a period off (city or admin only) and keeps each sign-off', async () => {
    const byCounty = await county.post(`/api/aggregation/forms/${formId}/periods/${P}/sign-off`, {});
    expect(byCounty.statusCode).toBe(403);
    const first = await city.post(`/api/aggregation/forms/${formId}/periods/${P}/sign-off`, {
      note: '月度封库',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ seq: 1, note: '月度封库' });
    // The city, county and city × section totals went into the statistical database as final.
    expect(first.json().published).toBeGreaterThan(0);
    const total = (await table(city, 'item=A01.current&rows=county')).json().cells[0][0].value;
    const series = await t.modules.statdb.api.series({
      indicator: 'AG01.A01.current',
      dims: { region: '330200', industry: 'total' },
    });
    expect(series.points.find((p: any) => p.period === P)).toMatchObject({ value: total, status: 'final' });
    // Signing off again with nothing changed writes no new vintage.
    const second = await city.post(`/api/aggregation/forms/${formId}/periods/${P}/sign-off`, {});
    expect(second.json()).toMatchObject({ seq: 2, published: 0 });
    const list = (await city.get(`/api/aggregation/forms/${formId}/periods/${P}/sign-offs`)).json();
    expect(list.items.map((s: any) => s.seq)).toEqual([1, 2]);
    const audit = await t.database.db
      .selectFrom('audit.events')
      .select('action')
      .where('action', '=', 'aggregation.signed_off')
      .execute();
    expect(audit).toHaveLength(2);
    const empty = await city.post(`/api/aggregation/forms/${formId}/periods/2021-01/sign-off`, {});
    expect(empty.statusCode).toBe(409);
  });

  it('recomputes on request (admin only) to the same cells', async () => {
    const before = await cellsNow();
    expect((await city.post('/api/aggregation/recompute', {})).statusCode).toBe(403);
    const res = await admin.post('/api/aggregation/recompute', { formId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ added: 0, withdrawn: 0 });
    expect(await cellsNow()).toEqual(before);
  });

  it('sums a cold period (history without kept cells) from the reports, with the same figures', async () => {
    const query = 'item=A01.current&rows=county&cols=section';
    const warm = (await table(city, query)).json();
    await sql`insert into aggregation.cold_periods (form_id, period) values (${formId}, ${P})`.execute(
      t.database.db,
    );
    await sql`delete from aggregation.cells where form_id = ${formId} and period = ${P}`.execute(
      t.database.db,
    );
    try {
      const cold = (await table(city, query)).json();
      expect(cold.cells).toEqual(warm.cells);
      // An approval in a cold period writes only its report.
      const u = units[3]!;
      const m = t.modules.aggregation.api.cells;
      await t.database.db
        .transaction()
        .execute((trx) => m.withdraw(trx, { unitId: u.id, formId, period: P }, 'cold'));
      expect(await cellsNow()).toEqual([]);
      const less = (await table(city, query)).json();
      expect(less.cells[0][0].units).toBe(warm.cells[0][0].units - 1);
      const prepared = (await m.prepare({ unitId: u.id, formId, period: P }))!;
      await t.database.db
        .transaction()
        .execute((trx) => m.approve(trx, { unitId: u.id, formId, period: P }, 'cold', prepared));
      expect((await table(city, query)).json().cells).toEqual(warm.cells);
    } finally {
      await sql`delete from aggregation.cold_periods`.execute(t.database.db);
      await t.modules.aggregation.api.cells.recomputeCells(t.database.db, { formId, period: P });
    }
  });
});

describe('bad input', () => {
  it('answers unknown items, cuts, periods and forms with a clear 4xx in both languages', async () => {
    const unknownItem = await table(city, 'item=Z99.current&rows=county');
    expect(unknownItem.statusCode).toBe(400);
    expect(unknownItem.json()).toMatchObject({ code: 'aggregation.unknown_item' });
    expect(unknownItem.json().messages['en-US']).toContain('Z99.current');
    const text = await table(city, 'item=R01.current&rows=county');
    expect(text.statusCode).toBe(400);
    const badRows = await table(city, 'item=A01.current&rows=planet');
    expect(badRows.statusCode).toBe(400);
    const badCut = await table(city, 'item=A01.current&rows=township&cols=class');
    expect(badCut.statusCode).toBe(400);
    expect(badCut.json().code).toBe('aggregation.bad_table');
    const badPeriod = await city.get(
      `/api/aggregation/forms/${formId}/periods/2026-13/table?item=A01.current`,
    );
    expect(badPeriod.statusCode).toBe(400);
    const noForm = await city.get(
      `/api/aggregation/forms/00000000-0000-4000-8000-000000000000/periods/${P}/table?item=A01.current`,
    );
    expect(noForm.statusCode).toBe(404);
    const badAsOf = await table(city, 'item=A01.current&asOf=yesterday');
    expect(badAsOf.statusCode).toBe(400);
    const badSeriesCut = await city.get(
      `/api/aggregation/forms/${formId}/series?item=A01.current&cut=planet`,
    );
    expect(badSeriesCut.statusCode).toBe(400);
    expect(badSeriesCut.json().code).toBe('aggregation.unknown_cut');
  });

  it('keeps microdata to staff within scope and everything to signed-in users', async () => {
    const enterprise = units[0]!.reporter;
    expect((await enterprise.get(`/api/aggregation/microdata?formId=${formId}&period=${P}`)).statusCode).toBe(
      403,
    );
    const mine = (await county.get(`/api/aggregation/microdata?formId=${formId}&period=${P}`)).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((r: any) => r.township.startsWith('330203'))).toBe(true);
    const far = units.find((u) => u.township.startsWith('330206'))!;
    const vintages = await county.get(`/api/aggregation/microdata/${formId}/${P}/${far.id}`);
    expect(vintages.statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/aggregation/forms' });
    expect(anonymous.statusCode).toBe(401);
  });
});
