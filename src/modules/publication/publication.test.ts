import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';

let t: TestApp;
let city: Client;
let publisher: Client;
let admin: Client;

const T0 = new Date('2026-11-20T00:00:00Z');
const R1 = new Date('2026-11-21T01:30:00Z'); // 09:30 Beijing
const sec = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
const pub = () => t.modules.publication.api.public;

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
const publicRows = () => count('select count(*)::int as n from publication.observations');
const auditCount = () =>
  count("select count(*)::int as n from audit.events where action like 'publication.%'");

/**
 * Every cell's vintages chain without gap or overlap: each row ends where the next begins and
 * the last one is open. Returns how many cells have more than one vintage.
 */
async function expectChainsIntact() {
  const { rows } = await t.database.db.executeQuery<{ broken: number; revised: number }>({
    sql: `select count(*) filter (where visible_to is distinct from next)::int as broken,
                 count(*) filter (where next is not null)::int as revised
          from (select visible_to, lead(visible_from) over (
                  partition by dataset, indicator, region, industry, size, regtype, period_ord
                  order by visible_from) as next
                from publication.observations) c`,
    parameters: [],
    query: { kind: 'RawNode' },
  } as any);
  expect(rows[0]!.broken).toBe(0);
  return rows[0]!.revised;
}

const indicator = (code: string, frequency: 'M' | 'Q', dimensions: ('region' | 'industry')[]) => ({
  code,
  name: { zh: `测试指标 ${code}`, en: `Test indicator ${code}` },
  unit: { zh: '亿元', en: '100 million yuan' },
  definition: { zh: '测试', en: 'Test' },
  source: 'test',
  frequency,
  kind: 'flow' as const,
  decimals: 2,
  footnotes: [],
  dimensions,
});

async function publishStatdb(
  observations: { indicator: string; dims: Record<string, string>; period: string; value: string }[],
) {
  await t.modules.statdb.api.publish(t.database.db, {
    source: 'test',
    by: 'test',
    observations: observations.map((o) => ({ ...o, status: 'final' as const })),
  });
}

const REGIONS = ['330200', '330203', '330205'];

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(T0);
  await t.database.db
    .transaction()
    .execute((trx) =>
      t.modules.statdb.api.defineIndicators(
        trx,
        [
          indicator('pt_sales', 'M', ['region']),
          indicator('pt_output', 'M', ['region', 'industry']),
          indicator('pt_gdp', 'Q', ['region']),
        ],
        'test',
      ),
    );
  const obs = [];
  for (const region of REGIONS)
    for (const period of ['2026-08', '2026-09', '2026-10']) {
      obs.push({
        indicator: 'pt_sales',
        dims: { region },
        period,
        value: `${region.slice(-1)}${period.slice(-2)}.50`,
      });
      obs.push({ indicator: 'pt_output', dims: { region, industry: 'total' }, period, value: '10' });
      obs.push({ indicator: 'pt_output', dims: { region, industry: 'C' }, period, value: '7' });
    }
  obs.push({ indicator: 'pt_gdp', dims: { region: '330200' }, period: '2026Q3', value: '4000' });
  await publishStatdb(obs);
  [city, publisher, admin] = await Promise.all([t.as('city_statistician'), t.as('publisher'), t.as('admin')]);
}, 120_000);
afterAll(async () => t?.close());

const DATASET = {
  code: 'pt-sales',
  title: { zh: '测试零售', en: 'Test sales' },
  description: { zh: '说明', en: 'About' },
  subject: 'trade',
  indicators: ['pt_sales', 'pt_output'],
  dimensions: ['region'],
  notes: [{ zh: '注释', en: 'Note' }],
  source: '测试',
};

describe('public datasets (公开数据表)', () => {
  it('defines a dataset over statdb indicators', async () => {
    const res = await city.post('/api/publication/datasets', DATASET);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'pt-sales', frequency: 'M', publicSince: null });
    const list = (await publisher.get('/api/publication/datasets')).json();
    expect(list.items.map((d: any) => d.code)).toContain('pt-sales');
    const edit = await admin.put('/api/publication/datasets/pt-sales', {
      ...DATASET,
      code: undefined,
      title: { zh: '测试零售额', en: 'Test retail sales' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().title.zh).toBe('测试零售额');
  });

  it('refuses unknown indicators and dimensions and mixed frequencies, listing each; nothing saved', async () => {
    const before = await auditCount();
    const res = await city.post('/api/publication/datasets', {
      ...DATASET,
      code: 'pt-bad',
      indicators: ['pt_sales', 'nope', 'pt_gdp'],
      dimensions: ['region', 'industry'],
    });
    expect(res.statusCode).toBe(422);
    const problems = res.json().details.issues.map((p: any) => `${p.code}:${p.value}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'unknown_indicator:nope',
        'unknown_dimension:industry',
        expect.stringMatching(/^mixed_frequency:/),
      ]),
    );
    expect(res.json().messages['zh-CN']).toContain('均未保存');
    expect((await city.get('/api/publication/datasets/pt-bad')).statusCode).toBe(404);
    expect(await auditCount()).toBe(before);
    const dup = await city.post('/api/publication/datasets', DATASET);
    expect(dup.statusCode).toBe(409);
    const badCode = await city.post('/api/publication/datasets', { ...DATASET, code: 'Bad code' });
    expect(badCode.statusCode).toBe(400);
  });
});

let release1: string;
let versionBeforeStaging: string;

describe('release calendar (发布日程)', () => {
  it('schedules a release at a future whole minute, refusing seconds and the past', async () => {
    const before = await auditCount();
    const seconds = await city.post('/api/publication/releases', {
      title: { zh: '十月数据', en: 'October figures' },
      kind: 'data',
      releaseAt: '2026-11-21T01:30:15Z',
    });
    expect(seconds.statusCode).toBe(422);
    expect(seconds.json().code).toBe('publication.release_at_not_minute');
    const past = await city.post('/api/publication/releases', {
      title: { zh: '十月数据', en: 'October figures' },
      kind: 'data',
      releaseAt: sec(T0, -60).toISOString(),
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('publication.release_at_past');
    expect(await auditCount()).toBe(before);

    const res = await city.post('/api/publication/releases', {
      title: { zh: '十月数据', en: 'October figures' },
      kind: 'data',
      releaseAt: R1.toISOString(),
      description: { zh: '月度数据', en: 'Monthly' },
    });
    expect(res.statusCode, res.body).toBe(201);
    release1 = res.json().id;
    expect(res.json()).toMatchObject({ status: 'scheduled', released: false, stagings: [] });
    expect(await auditCount()).toBe(before + 1);
  });

  it('previews, then stages a dataset; unknown datasets and codes are refused', async () => {
    const unknown = await city.put(`/api/publication/releases/${release1}/stagings/no-such`, {});
    expect(unknown.statusCode).toBe(404);
    const badCodes = await city.put(`/api/publication/releases/${release1}/stagings/pt-sales`, {
      from: '2026Q1',
      codes: { region: ['999999'], size: ['large'], indicator: ['pt_gdp'] },
    });
    expect(badCodes.statusCode).toBe(422);
    expect(badCodes.json().details.issues.map((p: any) => p.code)).toEqual([
      'bad_period',
      'unknown_code',
      'unknown_dimension',
      'unknown_code',
    ]);
    expect(await publicRows()).toBe(0);

    const preview = await city.post(`/api/publication/releases/${release1}/stagings/pt-sales/preview`, {});
    expect(preview.statusCode, preview.body).toBe(200);
    // 3 regions × 3 months × 2 indicators (pt_output only its industry total)
    expect(preview.json()).toMatchObject({ cells: 18, added: 18, revisions: [], noteRequired: false });
    expect(preview.json().periods).toEqual({ first: '2026-08', last: '2026-10' });
    expect(await publicRows()).toBe(0);

    versionBeforeStaging = await pub().version(sec(R1, -1));
    let told = 0;
    const stop = pub().onChanged(() => told++);
    const res = await city.put(`/api/publication/releases/${release1}/stagings/pt-sales`, {});
    stop();
    expect(told).toBe(1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stagings).toEqual([
      expect.objectContaining({ dataset: 'pt-sales', added: 18, revised: 0 }),
    ]);
    expect(await publicRows()).toBe(18);
    expect(await expectChainsIntact()).toBe(0);
  });

  it('shows nothing one second before the release minute and everything one second after', async () => {
    const before = sec(R1, -1);
    const after = sec(R1, 1);
    t.clock.set(before);
    const now = t.clock.now();
    expect(await pub().datasets(now)).toEqual([]);
    expect(await pub().dataset('pt-sales', now)).toBeNull();
    expect(await pub().cells('pt-sales', {}, now)).toEqual([]);
    const cal = await pub().calendar({ from: T0, to: sec(R1, 86400) }, now);
    expect(cal).toEqual([expect.objectContaining({ id: release1, released: false, datasets: [] })]);
    expect((await pub().nextChangeAfter(now))?.toISOString()).toBe(R1.toISOString());
    // Staging for a later minute does not show in the version either.
    expect(await pub().version(now)).toBe(versionBeforeStaging);

    t.clock.set(after);
    const later = t.clock.now();
    const list = await pub().datasets(later);
    expect(list).toEqual([
      expect.objectContaining({
        code: 'pt-sales',
        frequency: 'M',
        updatedAt: R1.toISOString(),
        firstPeriod: '2026-08',
        lastPeriod: '2026-10',
      }),
    ]);
    const meta = await pub().dataset('pt-sales', later);
    expect(meta?.dimensions.map((d) => [d.id, d.codes.map((c) => c.code)])).toEqual([
      ['indicator', ['pt_sales', 'pt_output']],
      ['region', REGIONS],
      ['period', ['2026-08', '2026-09', '2026-10']],
    ]);
    expect(meta?.dimensions[0]?.codes[0]).toMatchObject({ unit: { zh: '亿元' }, decimals: 2 });
    expect(meta?.releases).toEqual([
      { id: release1, title: { zh: '十月数据', en: 'October figures' }, releaseAt: R1.toISOString() },
    ]);
    const cells = await pub().cells('pt-sales', { indicator: ['pt_sales'], region: ['330203'] }, later);
    expect(cells.map((c) => [c.period, c.value])).toEqual([
      ['2026-08', '308.5'],
      ['2026-09', '309.5'],
      ['2026-10', '310.5'],
    ]);
    expect(cells[0]).toMatchObject({ industry: 'total', size: 'total', regtype: 'total', status: 'final' });
    expect(await pub().cells('pt-sales', { period: ['2026-09'] }, later)).toHaveLength(6);
    const gaps = await pub().cells(
      'pt-sales',
      { indicator: ['pt_sales'], region: ['330203'], period: ['2026-10', '2026-08'] },
      later,
    );
    expect(gaps.map((c) => c.period)).toEqual(['2026-08', '2026-10']);
    expect((await pub().calendar({ from: T0, to: sec(R1, 86400) }, later))[0]).toMatchObject({
      released: true,
      datasets: ['pt-sales'],
    });
    expect(await pub().nextChangeAfter(later)).toBeNull();
    expect(await pub().version(later)).not.toBe(versionBeforeStaging);
    expect(await pub().dataset('no-such', later)).toBeNull();
    expect(await pub().cells('no-such', {}, later)).toEqual([]);
  });

  it('refuses to move, cancel or re-stage a released release (409), nothing written', async () => {
    const before = [await publicRows(), await auditCount()];
    const move = await city.patch(`/api/publication/releases/${release1}`, {
      releaseAt: '2026-12-01T01:30:00Z',
    });
    expect(move.statusCode).toBe(409);
    expect(move.json().code).toBe('publication.released');
    expect(move.json().messages['en-US']).toContain('can no longer be moved');
    expect((await city.post(`/api/publication/releases/${release1}/cancel`)).statusCode).toBe(409);
    expect((await city.put(`/api/publication/releases/${release1}/stagings/pt-sales`, {})).statusCode).toBe(
      409,
    );
    expect((await city.delete(`/api/publication/releases/${release1}/stagings/pt-sales`)).statusCode).toBe(
      409,
    );
    expect([await publicRows(), await auditCount()]).toEqual(before);
    // A typo in the title can still be fixed.
    const fix = await city.patch(`/api/publication/releases/${release1}`, {
      title: { zh: '10月份数据', en: 'October figures' },
    });
    expect(fix.statusCode, fix.body).toBe(200);
  });
});

describe('revisions (修订) and vintages', () => {
  const R2 = new Date('2026-11-28T01:30:00Z');
  let release2: string;

  it('needs a revision note, listing the changed keys; with one, the old value stays at an earlier instant', async () => {
    await publishStatdb([
      { indicator: 'pt_sales', dims: { region: '330203' }, period: '2026-10', value: '311.75' },
      { indicator: 'pt_sales', dims: { region: '330203' }, period: '2026-11', value: '320' },
    ]);
    const res = await publisher.post('/api/publication/releases', {
      title: { zh: '十一月数据', en: 'November figures' },
      kind: 'data',
      releaseAt: R2.toISOString(),
    });
    release2 = res.json().id;
    const rows = await publicRows();
    const noNote = await publisher.put(`/api/publication/releases/${release2}/stagings/pt-sales`, {});
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().details.keys).toEqual([
      expect.objectContaining({
        indicator: 'pt_sales',
        region: '330203',
        period: '2026-10',
        old: '310.5',
        new: '311.75',
      }),
    ]);
    expect(noNote.json().details.issues[0].message['zh-CN']).toBe(
      'pt_sales · 330203 · total · total · total · 2026-10：310.5 → 311.75',
    );
    expect(await publicRows()).toBe(rows);

    const ok = await publisher.put(`/api/publication/releases/${release2}/stagings/pt-sales`, {
      note: '依据年报修订',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // Only the revised value and the new month are written; unchanged values are not duplicated.
    expect(ok.json().stagings[0]).toMatchObject({ added: 1, revised: 1, unchanged: 18 - 1 });
    expect(await publicRows()).toBe(rows + 2);
    expect(await expectChainsIntact()).toBe(1);

    const sel = { indicator: ['pt_sales'], region: ['330203'], period: ['2026-10', '2026-11'] };
    const at = (d: Date) => pub().cells('pt-sales', sel, d);
    expect((await at(sec(R2, -1))).map((c) => c.value)).toEqual(['310.5']);
    const after = await at(sec(R2, 1));
    expect(after.map((c) => [c.period, c.value, c.note])).toEqual([
      ['2026-10', '311.75', '依据年报修订'],
      ['2026-11', '320', null],
    ]);
    const meta = await pub().dataset('pt-sales', sec(R2, 1));
    expect(meta?.lastPeriod).toBe('2026-11');
    const earlier = await pub().dataset('pt-sales', sec(R2, -1));
    expect(earlier?.lastPeriod).toBe('2026-10');
    expect(earlier?.dimensions.find((d) => d.id === 'period')?.codes.map((c) => c.code)).toEqual([
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(earlier?.updatedAt).toBe(R1.toISOString());
    expect(meta?.updatedAt).toBe(R2.toISOString());
  });

  it('moves a staged release with its rows in one transaction; not to a past minute or with seconds', async () => {
    const R3 = new Date('2026-11-29T02:00:00Z');
    expect(
      (
        await publisher.patch(`/api/publication/releases/${release2}`, {
          releaseAt: sec(T0, -600).toISOString(),
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await publisher.patch(`/api/publication/releases/${release2}`, { releaseAt: '2026-11-29T02:00:30Z' }))
        .statusCode,
    ).toBe(422);
    const res = await publisher.patch(`/api/publication/releases/${release2}`, {
      releaseAt: R3.toISOString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const sel = { indicator: ['pt_sales'], region: ['330203'], period: ['2026-10'] };
    expect((await pub().cells('pt-sales', sel, sec(R2, 1)))[0]!.value).toBe('310.5');
    expect((await pub().cells('pt-sales', sel, sec(R3, -1)))[0]!.value).toBe('310.5');
    expect((await pub().cells('pt-sales', sel, sec(R3, 1)))[0]!.value).toBe('311.75');
    expect((await pub().nextChangeAfter(sec(R2, 1)))?.toISOString()).toBe(R3.toISOString());
    expect(await expectChainsIntact()).toBe(1);
  });

  it('keeps stagings of one dataset in time order; a later one can be unstaged before its minute', async () => {
    const R4 = new Date('2026-12-05T01:30:00Z');
    await publishStatdb([
      { indicator: 'pt_sales', dims: { region: '330205' }, period: '2026-11', value: '55' },
    ]);
    const res = await publisher.post('/api/publication/releases', {
      title: { zh: '十二月初数据', en: 'Early December figures' },
      kind: 'data',
      releaseAt: R4.toISOString(),
    });
    const release3 = res.json().id;
    const staged = await publisher.put(`/api/publication/releases/${release3}/stagings/pt-sales`, {});
    expect(staged.statusCode, staged.body).toBe(200);
    expect(staged.json().stagings[0]).toMatchObject({ added: 1, revised: 0 });
    const rows = await publicRows();

    // The earlier release can no longer change what the later one was compared with.
    const interleaved = [
      await publisher.delete(`/api/publication/releases/${release2}/stagings/pt-sales`),
      await publisher.put(`/api/publication/releases/${release2}/stagings/pt-sales`, { note: 'x' }),
      await publisher.patch(`/api/publication/releases/${release2}`, { releaseAt: '2026-12-06T01:30:00Z' }),
      await publisher.post(`/api/publication/releases/${release2}/cancel`),
    ];
    expect(interleaved.map((r) => r.statusCode)).toEqual([409, 409, 409, 409]);
    expect(interleaved[0]!.json().code).toBe('publication.later_release_stages');
    expect(await publicRows()).toBe(rows);

    const sel = { indicator: ['pt_sales'], region: ['330205'], period: ['2026-11'] };
    expect((await pub().cells('pt-sales', sel, sec(R4, 1))).map((c) => c.value)).toEqual(['55']);
    const unstaged = await publisher.delete(`/api/publication/releases/${release3}/stagings/pt-sales`);
    expect(unstaged.statusCode, unstaged.body).toBe(200);
    expect(unstaged.json().stagings).toEqual([]);
    expect(await publicRows()).toBe(rows - 1);
    expect(await expectChainsIntact()).toBe(1);
    expect(await pub().cells('pt-sales', sel, sec(R4, 1))).toEqual([]);
    // The earlier release's vintage runs on past the later minute again.
    const revised = { indicator: ['pt_sales'], region: ['330203'], period: ['2026-10'] };
    expect((await pub().cells('pt-sales', revised, sec(R4, 1)))[0]!.value).toBe('311.75');
    expect(
      (await publisher.delete(`/api/publication/releases/${release3}/stagings/pt-sales`)).statusCode,
    ).toBe(404);
    await publisher.post(`/api/publication/releases/${release3}/cancel`);
  });

  it('cancels a staged release: its figures are withdrawn and the earlier vintage runs on', async () => {
    const res = await publisher.post(`/api/publication/releases/${release2}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    const far = new Date('2027-01-01T00:00:00Z');
    const sel = { indicator: ['pt_sales'], region: ['330203'] };
    expect((await pub().cells('pt-sales', sel, far)).map((c) => c.value)).toEqual([
      '308.5',
      '309.5',
      '310.5',
    ]);
    expect(await publicRows()).toBe(18);
    expect(await expectChainsIntact()).toBe(0);
    const cal = await pub().calendar({ from: T0, to: far }, far);
    expect(cal.map((r) => r.id)).toEqual([release1]);
    expect((await publisher.post(`/api/publication/releases/${release2}/cancel`)).statusCode).toBe(409);
  });
});

describe('audit', () => {
  it('records every kind of change with who made it', async () => {
    const { rows } = await t.database.db.executeQuery<{ action: string; actor_role: string | null }>({
      sql: "select distinct action, actor_role from audit.events where action like 'publication.%' order by action",
      parameters: [],
      query: { kind: 'RawNode' },
    } as any);
    expect([...new Set(rows.map((r) => r.action))]).toEqual([
      'publication.dataset_defined',
      'publication.dataset_staged',
      'publication.dataset_unstaged',
      'publication.dataset_updated',
      'publication.release_cancelled',
      'publication.release_created',
      'publication.release_edited',
      'publication.release_moved',
    ]);
    expect(rows.every((r) => r.actor_role !== null)).toBe(true);
  });
});

describe('permissions', () => {
  it('lets only release managers in: enterprise, editor and township get 403, anonymous 401', async () => {
    const unit = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(mulberry32(11), { division: '330203' }),
      name: '宁波发布测试有限公司',
      townshipCode: '330203001',
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: 250000,
    });
    expect(unit.statusCode, unit.body).toBe(201);
    const others = [
      await t.as('enterprise', { unitId: unit.json().id }),
      await t.as('editor'),
      await t.as('township_statistician'),
    ];
    const release = { title: { zh: 'x', en: 'x' }, kind: 'data', releaseAt: '2026-12-24T01:30:00Z' };
    for (const c of others) {
      expect((await c.get('/api/publication/releases')).statusCode).toBe(403);
      expect((await c.get('/api/publication/datasets')).statusCode).toBe(403);
      expect((await c.post('/api/publication/releases', release)).statusCode).toBe(403);
      expect((await c.post('/api/publication/datasets', { ...DATASET, code: 'pt-x' })).statusCode).toBe(403);
      expect((await c.put(`/api/publication/releases/${release1}/stagings/pt-sales`, {})).statusCode).toBe(
        403,
      );
    }
    expect((await t.anonymous.get('/api/publication/releases')).statusCode).toBe(401);
    expect((await t.anonymous.post('/api/publication/releases', release)).statusCode).toBe(401);
    expect((await t.anonymous.get('/api/publication/sources')).statusCode).toBe(401);
  });
});
