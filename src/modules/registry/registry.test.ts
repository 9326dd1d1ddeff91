import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { generateCreditCode } from './domain/credit-code.ts';
import { mulberry32 } from './domain/prng.ts';
import { ALL_STATUSES } from './index.ts';

const random = mulberry32(2026);
const newCode = (division = '330203') => generateCreditCode(random, { division });

let t: TestApp;
let admin: Client;
/** Units made by the tests: one in 南门街道 (海曙), one in 江北, one in 北仑. */
const units: Record<string, any> = {};

async function createUnit(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/registry/units', {
    creditCode: newCode(),
    name: '宁波测试机械有限公司',
    townshipCode: '330203001',
    industryCode: '3411',
    registrationType: '173',
    employees: 50,
    revenueThousandYuan: 12000,
    ...body,
  });
  return res;
}

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n'), 'utf8');
const HEADER = [
  '统一社会信用代码',
  '单位详细名称',
  '乡镇（街道）代码',
  '行业代码',
  '登记注册类型',
  '从业人员（人）',
  '营业收入（千元）',
];

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
  for (const [key, township, industry, employees, revenue] of [
    ['nanmen', '330203001', '3411', 350, 250000], // 海曙 南门街道, 通用设备 → medium
    ['jiangbei', '330205001', '5211', 20, 3000], // 江北, 零售
    ['beilun', '330206001', '3973', 1200, 900000], // 北仑, 集成电路 (高技术) → large
  ] as const) {
    const res = await createUnit(admin, {
      name: `宁波${key}测试有限公司`,
      townshipCode: township,
      industryCode: industry,
      employees,
      revenueThousandYuan: revenue,
    });
    expect(res.statusCode, res.body).toBe(201);
    units[key] = res.json();
  }
});
afterAll(async () => {
  await t?.close();
});

describe('reference data', () => {
  it('lists divisions, industries, groupings, offices and registration types', async () => {
    const c = await t.as('enterprise', { unitId: units.nanmen.id });
    const townships = (await c.get('/api/registry/divisions?parent=330203')).json();
    expect(townships).toHaveLength(17);
    expect(townships[0]).toMatchObject({ code: '330203001', level: 'township', parentCode: '330203' });
    expect((await c.get('/api/registry/divisions?level=county')).json()).toHaveLength(10);
    expect((await c.get('/api/registry/industries?level=section')).json()).toHaveLength(20);
    const found = (await c.get('/api/registry/industries?q=集成电路')).json();
    expect(found.map((i: any) => i.code)).toContain('3973');
    expect((await c.get('/api/registry/industries?parent=341')).json().length).toBeGreaterThan(3);
    const groupings = (await c.get('/api/registry/industry-groupings')).json();
    const hightech = groupings.find((g: any) => g.id === 'high-tech-manufacturing');
    expect(hightech.codes).toContain('3973');
    expect(hightech.source).toMatch(/2017/);
    const offices = (await c.get('/api/registry/offices?level=township&parent=330203')).json();
    expect(offices[0]).toMatchObject({ id: 'office-330203001', level: 'township' });
    expect((await c.get('/api/registry/registration-types')).json().length).toBeGreaterThan(20);
  });
});

describe('units', () => {
  it('derives place and size class on create, and rejects bad input with problems', async () => {
    expect(units.nanmen).toMatchObject({
      countyCode: '330203',
      cityCode: '330200',
      section: 'C',
      sizeClass: 'medium',
    });
    expect(units.beilun.sizeClass).toBe('large');
    const bad = await createUnit(admin, { creditCode: '914403001922038217' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('request.invalid');
    expect(bad.json().messages['en-US']).toBeTruthy();
    const dup = await createUnit(admin, { creditCode: units.nanmen.creditCode });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('registry.credit_code_taken');
    expect((await createUnit(admin, { industryCode: '3410' })).json().code).toBe('registry.unknown_industry');
    expect((await createUnit(admin, { townshipCode: '330203999' })).json().code).toBe(
      'registry.unknown_division',
    );
    const extra = await createUnit(admin, { hacked: true });
    expect(extra.statusCode).toBe(400);
    const neg = await createUnit(admin, { employees: -1 });
    expect(neg.statusCode).toBe(400);
    const count: any = await t.database.db
      .selectFrom('registry.units')
      .select((eb: any) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('updates with optimistic locking, recomputes the size class, and audits', async () => {
    const u = units.jiangbei;
    const res = await admin.patch(`/api/registry/units/${u.id}`, {
      version: u.version,
      employees: 400,
      revenueThousandYuan: 250000,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, sizeClass: 'large' });
    const stale = await admin.patch(`/api/registry/units/${u.id}`, { version: 1, name: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('registry.version_conflict');
    units.jiangbei = res.json();
    const events = await t.database.db
      .selectFrom('audit.events')
      .selectAll()
      .where('entity_id', '=', u.id)
      .orderBy('id')
      .execute();
    expect(events.map((e: any) => e.action)).toEqual(['unit.created', 'unit.updated']);
    expect(events[1].before.employees).toBe(20);
    expect(events[1].after.employees).toBe(400);
  });

  it('changes status with exit and re-entry dates', async () => {
    const c = await admin.post('/api/registry/units', {
      creditCode: newCode(),
      name: '宁波将注销有限公司',
      townshipCode: '330203002',
      industryCode: '5111',
      registrationType: '173',
      entryDate: '2020-01-01',
    });
    const u = c.json();
    const exited = await admin.post(`/api/registry/units/${u.id}/status`, {
      version: 1,
      status: 'exited',
      date: '2026-06-30',
      reason: '注销',
    });
    expect(exited.statusCode, exited.body).toBe(200);
    expect(exited.json()).toMatchObject({ status: 'exited', exitDate: '2026-06-30', version: 2 });
    const again = await admin.post(`/api/registry/units/${u.id}/status`, { version: 2, status: 'exited' });
    expect(again.json().code).toBe('registry.bad_status_change');
    const back = await admin.post(`/api/registry/units/${u.id}/status`, {
      version: 2,
      status: 'active',
      date: '2026-09-01',
    });
    expect(back.json()).toMatchObject({ status: 'active', exitDate: null, entryDate: '2026-09-01' });
    const early = await admin.post(`/api/registry/units/${u.id}/status`, {
      version: 3,
      status: 'exited',
      date: '2019-01-01',
    });
    expect(early.statusCode).toBe(400);
  });

  it('searches by text, division, industry, grouping, size and status, paged with a total', async () => {
    const q = async (qs: string) => {
      const res = await admin.get(`/api/registry/units?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect((await q('q=beilun')).items.map((u: any) => u.id)).toEqual([units.beilun.id]);
    expect((await q('q=测')).total).toBe(3); // one character: no bigram, a plain scan
    expect((await q('q=测试有限')).total).toBe(3);
    expect((await q('q=BEILUN测试')).total).toBe(1);
    expect((await q(`q=${units.nanmen.creditCode.slice(4, 12)}`)).items[0].id).toBe(units.nanmen.id);
    expect((await q('division=330206')).items.map((u: any) => u.id)).toEqual([units.beilun.id]);
    expect((await q('division=330203001')).items.map((u: any) => u.id)).toEqual([units.nanmen.id]);
    expect((await q('division=330200')).total).toBe(4);
    expect((await q('industry=C')).total).toBe(2);
    expect((await q('industry=39')).items[0].id).toBe(units.beilun.id);
    expect((await q('industry=341,397')).total).toBe(2);
    expect((await q('grouping=high-tech-manufacturing')).items.map((u: any) => u.id)).toEqual([
      units.beilun.id,
    ]);
    expect((await q('size=large')).total).toBe(2);
    expect((await q('status=active&size=medium')).items[0].id).toBe(units.nanmen.id);
    expect((await q('registrationType=173')).total).toBe(4);
    const page = await q('pageSize=2&page=2&sort=-employees');
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0].townshipName).toBeTruthy();
    expect((await admin.get('/api/registry/units?grouping=nope')).json().code).toBe(
      'registry.unknown_grouping',
    );
    expect((await admin.get('/api/registry/units?size=huge')).statusCode).toBe(400);
  });
});

describe('scope: every endpoint, for every role', () => {
  it('a county statistician sees and edits only units in the county', async () => {
    const jiangbei = await t.as('county_statistician', { officeId: 'office-330205' });
    const list = (await jiangbei.get('/api/registry/units')).json();
    expect(list.items.map((u: any) => u.id)).toEqual([units.jiangbei.id]);
    expect(list.total).toBe(1);
    // Filters cannot widen the scope.
    expect((await jiangbei.get('/api/registry/units?division=330203')).json().total).toBe(0);
    const other = units.nanmen;
    for (const res of [
      await jiangbei.get(`/api/registry/units/${other.id}`),
      await jiangbei.patch(`/api/registry/units/${other.id}`, { version: other.version, name: 'stolen' }),
      await jiangbei.post(`/api/registry/units/${other.id}/status`, {
        version: other.version,
        status: 'exited',
      }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('registry.unit_not_found');
      expect(res.body).not.toContain(other.creditCode);
    }
    expect((await jiangbei.get(`/api/registry/units/${units.jiangbei.id}`)).statusCode).toBe(200);
    const own = await jiangbei.patch(`/api/registry/units/${units.jiangbei.id}`, {
      version: units.jiangbei.version,
      contactName: '李四',
    });
    expect(own.statusCode, own.body).toBe(200);
    units.jiangbei = own.json();
    // Moving a unit, or creating one, outside the county is refused.
    const move = await jiangbei.patch(`/api/registry/units/${units.jiangbei.id}`, {
      version: units.jiangbei.version,
      townshipCode: '330203001',
    });
    expect(move.statusCode).toBe(403);
    expect((await createUnit(jiangbei, { townshipCode: '330203001' })).json().code).toBe(
      'registry.division_out_of_scope',
    );
    const created = await createUnit(jiangbei, { townshipCode: '330205003', name: '江北新单位' });
    expect(created.statusCode).toBe(201);
    const exported = await jiangbei.get('/api/registry/units/export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain(units.jiangbei.creditCode);
    expect(exported.body).not.toContain(other.creditCode);
  });

  it('a township statistician sees only the township; a city statistician sees the city', async () => {
    const nanmen = await t.as('township_statistician', { officeId: 'office-330203001' });
    expect((await nanmen.get('/api/registry/units')).json().items.map((u: any) => u.id)).toEqual([
      units.nanmen.id,
    ]);
    expect((await nanmen.get(`/api/registry/units/${units.beilun.id}`)).statusCode).toBe(404);
    const city = await t.as('city_statistician', { officeId: 'office-330200' });
    expect((await city.get('/api/registry/units')).json().total).toBeGreaterThanOrEqual(5);
    expect((await city.get(`/api/registry/units/${units.beilun.id}`)).statusCode).toBe(200);
  });

  it('an enterprise sees only its own unit and cannot write the register', async () => {
    const ent = await t.as('enterprise', { unitId: units.nanmen.id });
    const list = (await ent.get('/api/registry/units')).json();
    expect(list.items.map((u: any) => u.id)).toEqual([units.nanmen.id]);
    expect((await ent.get(`/api/registry/units/${units.nanmen.id}`)).statusCode).toBe(200);
    expect((await ent.get(`/api/registry/units/${units.beilun.id}`)).statusCode).toBe(404);
    const exported = await ent.get('/api/registry/units/export?format=csv');
    expect(exported.body).not.toContain(units.beilun.creditCode);
    for (const res of [
      await ent.patch(`/api/registry/units/${units.nanmen.id}`, { version: units.nanmen.version, name: 'x' }),
      await ent.post(`/api/registry/units/${units.nanmen.id}/status`, { version: 1, status: 'exited' }),
      await createUnit(ent, {}),
      await ent.request({
        method: 'POST',
        url: '/api/registry/imports',
        payload: csv([HEADER]),
        headers: { 'content-type': 'text/csv' },
      }),
    ]) {
      expect(res.statusCode).toBe(403);
    }
    // Someone else's unit is still a 404, even for a write the role may not make.
    const foreign = await ent.patch(`/api/registry/units/${units.beilun.id}`, { version: 1, name: 'x' });
    expect([403, 404]).toContain(foreign.statusCode);
    expect(foreign.body).not.toContain(units.beilun.creditCode);
  });

  it('a designer reads everything but cannot write', async () => {
    const d = await t.as('designer');
    expect((await d.get(`/api/registry/units/${units.beilun.id}`)).statusCode).toBe(200);
    expect((await createUnit(d, {})).statusCode).toBe(403);
  });
});

describe('import and export', () => {
  const upload = (c: Client, body: Buffer, type = 'text/csv', qs = '') =>
    c.request({
      method: 'POST',
      url: `/api/registry/imports${qs}`,
      payload: body,
      headers: { 'content-type': type },
    });

  it('previews a file listing every bad row with its column and reason; nothing is written', async () => {
    const good = newCode();
    const before = (await admin.get('/api/registry/units')).json().total;
    const res = await upload(
      admin,
      csv([
        HEADER,
        [good, '宁波好单位有限公司', '330203001', '3411', '173', '10', '500'],
        [
          `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`,
          '校验码错误',
          '330203001',
          '3411',
          '173',
          '',
          '',
        ],
        ['91330200MA2ABCDE', '位数不对', '330203001', '3411', '173', '', ''],
        [newCode(), '未知行业', '330203001', '9999', '173', '', ''],
        [newCode(), '未知乡镇', '330299001', '3411', '173', '', ''],
        [good, '文件内重复', '330203001', '3411', '173', '', ''],
        [units.nanmen.creditCode, '名录库内已有', '330203001', '3411', '173', '', ''],
        [newCode(), '', '330203001', '3411', '173', 'abc', '-5'],
      ]),
      'text/csv',
      '?mode=insert',
    );
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ totalRows: 8, badRows: 7, status: 'previewed', mode: 'insert' });
    const byRow = (row: number) =>
      p.errors.filter((e: any) => e.row === row).map((e: any) => `${e.column}:${e.code}`);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual(['creditCode:credit_code_check_digit']);
    expect(byRow(4)).toEqual(['creditCode:credit_code_length']);
    expect(byRow(5)).toEqual(['industryCode:unknown_industry']);
    expect(byRow(6)).toEqual(['townshipCode:unknown_division']);
    expect(byRow(7)).toEqual(['creditCode:duplicate_in_file']);
    expect(byRow(8)).toEqual(['creditCode:duplicate_in_register']);
    expect(byRow(9)).toEqual(['name:missing', 'employees:bad_number', 'revenueThousandYuan:bad_number']);
    expect(p.errors[0].message['zh-CN']).toBeTruthy();
    expect(p.errors[0].message['en-US']).toBeTruthy();
    // Confirming a file with bad rows writes nothing.
    const confirm = await admin.post(`/api/registry/imports/${p.id}/confirm`);
    expect(confirm.statusCode).toBe(422);
    expect(confirm.json().code).toBe('registry.import_has_errors');
    expect((await admin.get('/api/registry/units')).json().total).toBe(before);
  });

  it('confirms a clean file: inserts new units and updates existing ones by credit code, all at once', async () => {
    const fresh = [newCode('330282'), newCode('330282')];
    const res = await upload(
      admin,
      csv([
        [...HEADER, '状态', '纳入日期', '备注'],
        [
          fresh[0],
          '宁波导入一号有限公司',
          '330282003',
          '3811',
          '173',
          '300',
          '30000',
          '在营',
          '2024-03-01',
          'x',
        ],
        [fresh[1], '宁波导入二号有限公司', '330282002', '5211', '159', '5', '800', '', '2024/3/2', ''],
        [
          units.nanmen.creditCode,
          '宁波南门改名有限公司',
          '330203001',
          '3411',
          '173',
          '1000',
          '400000',
          '',
          '',
          '',
        ],
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.errors).toEqual([]);
    expect(p).toMatchObject({ badRows: 0, inserts: 2, updates: 1, validRows: 3 });
    expect((await admin.get(`/api/registry/imports/${p.id}`)).json()).toEqual(p);
    // Another account cannot see or confirm it.
    const other = await t.as('admin');
    expect((await other.get(`/api/registry/imports/${p.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/registry/imports/${p.id}/confirm`)).statusCode).toBe(404);
    const ok = await admin.post(`/api/registry/imports/${p.id}/confirm`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ inserted: 2, updated: 1 });
    const again = await admin.post(`/api/registry/imports/${p.id}/confirm`);
    expect(again.json().code).toBe('registry.import_not_pending');
    const nanmen = (await admin.get(`/api/registry/units/${units.nanmen.id}`)).json();
    expect(nanmen).toMatchObject({
      name: '宁波南门改名有限公司',
      sizeClass: 'large',
      version: units.nanmen.version + 1,
    });
    units.nanmen = nanmen;
    const found = (await admin.get(`/api/registry/units?q=${fresh[1]}`)).json().items[0];
    expect(found).toMatchObject({ countyCode: '330282', entryDate: '2024-03-02', sizeClass: 'micro' });
    const audit: any = await t.database.db
      .selectFrom('audit.events')
      .selectAll()
      .where('action', '=', 'unit.imported')
      .where('entity_id', '=', p.id)
      .executeTakeFirst();
    expect(audit.details).toMatchObject({ inserted: 2, updated: 1 });
  });

  it('refuses updates outside the importer’s area and stale previews', async () => {
    const jiangbei = await t.as('county_statistician', { officeId: 'office-330205' });
    const res = await upload(
      jiangbei,
      csv([HEADER, [units.beilun.creditCode, '越权更新', '330205001', '3411', '173', '', '']]),
    );
    expect(res.json().errors.map((e: any) => e.code)).toEqual(['duplicate_in_register']);
    const code = newCode('330205');
    const p = (
      await upload(jiangbei, csv([HEADER, [code, '江北竞争单位', '330205001', '5111', '173', '3', '100']]))
    ).json();
    expect(p.badRows).toBe(0);
    // Someone adds the same code before the confirmation: the whole import is refused.
    await createUnit(admin, { creditCode: code, townshipCode: '330205001' });
    const stale = await jiangbei.post(`/api/registry/imports/${p.id}/confirm`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('registry.import_stale');
  });

  it('answers a multipart body cut short with a 400 that says so, and writes nothing', async () => {
    const boundary = '----tongjiCutShort';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="units.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${HEADER.join(',')}\r\n`,
    );
    const before = await t.database.db
      .selectFrom('registry.import_batches' as any)
      .select('id')
      .execute();
    const res = await admin.request({
      method: 'POST',
      url: '/api/registry/imports',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'request.malformed_upload' });
    expect(res.json().messages['en-US']).toMatch(/incomplete or malformed/);
    const after = await t.database.db
      .selectFrom('registry.import_batches' as any)
      .select('id')
      .execute();
    expect(after).toHaveLength(before.length);
  });

  it('round-trips an xlsx export through a multipart upload, and serves the template', async () => {
    const exp = await admin.get('/api/registry/units/export?division=330206&format=xlsx');
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as any);
    expect(wb.worksheets[0].getRow(2).getCell(1).value).toBe(units.beilun.creditCode);
    const boundary = '----tongji';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="beilun.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      exp.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await admin.request({
      method: 'POST',
      url: '/api/registry/imports',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      format: 'xlsx',
      fileName: 'beilun.xlsx',
      badRows: 0,
      updates: 1,
      inserts: 0,
    });
    expect((await admin.delete(`/api/registry/imports/${res.json().id}`)).statusCode).toBe(200);

    const tpl = await admin.get('/api/registry/import-template?format=csv');
    expect(tpl.statusCode).toBe(200);
    expect(tpl.body).toContain('统一社会信用代码');
    const tplX = await admin.get('/api/registry/import-template');
    expect(tplX.headers['content-disposition']).toContain('.xlsx');
  });

  it('answers malformed, empty, oversized or headerless files with a clear 4xx', async () => {
    const codes = async (body: Buffer, type: string) => {
      const res = await upload(admin, body, type);
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      return res.json().code;
    };
    expect(await codes(Buffer.from('PK\u0003\u0004garbage'), 'application/octet-stream')).toBe(
      'registry.malformed_file',
    );
    expect(await codes(Buffer.from(''), 'text/csv')).toMatch(/registry.empty_file|request\./);
    expect(
      await codes(
        csv([
          ['a', 'b'],
          ['1', '2'],
        ]),
        'text/csv',
      ),
    ).toBe('registry.missing_columns');
    expect(await codes(csv([HEADER]), 'text/csv')).toBe('registry.empty_file');
    expect(await codes(Buffer.from('"unclosed,quote\n1,2'), 'text/csv')).toMatch(/registry\./);
    expect(await codes(Buffer.from('{}'), 'application/json')).toBe('request.unsupported_media_type');
    const small = await buildTestApp({ UPLOAD_LIMIT_BYTES: '2048' });
    try {
      const a = await small.as('admin');
      const big = Buffer.alloc(5000, 'a');
      const res = await a.request({
        method: 'POST',
        url: '/api/registry/imports',
        payload: big,
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('request.too_large');
      const boundary = 'b';
      const multi = await a.request({
        method: 'POST',
        url: '/api/registry/imports',
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n`,
          ),
          big,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(multi.statusCode).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('unitsMatching (reporting scope for surveys)', () => {
  it('selects active units by section, industry prefix, grouping, size, revenue and division', async () => {
    const api = t.modules.registry.api;
    const ids = async (f: Parameters<typeof api.unitsMatching>[0]) =>
      (await api.unitsMatching(f)).map((u) => u.id);
    expect(await ids({ sections: ['C'], minRevenueThousandYuan: 300000 })).toEqual(
      [units.beilun, units.nanmen].sort((a, b) => a.creditCode.localeCompare(b.creditCode)).map((u) => u.id),
    );
    expect(await ids({ groupingIds: ['high-tech-manufacturing'] })).toEqual([units.beilun.id]);
    expect(await ids({ industryCodes: ['397'], divisionCode: '330206' })).toEqual([units.beilun.id]);
    expect(await ids({ industryCodes: ['397'], divisionCode: '330203' })).toEqual([]);
    expect(await ids({ sizeClasses: ['large'], sections: ['F'] })).toEqual([units.jiangbei.id]);
    expect(await ids({ unitIds: [units.nanmen.id], minEmployees: 1 })).toEqual([units.nanmen.id]);
    expect(await ids({ unitIds: ['not-a-uuid'] })).toEqual([]);
    expect(await ids({ divisionCode: '999999' })).toEqual([]);
    expect(await t.modules.registry.api.directory.findUnit('nope')).toBeNull();
    const [m] = await api.unitsMatching({ unitIds: [units.beilun.id] });
    expect(m).toEqual({
      id: units.beilun.id,
      creditCode: units.beilun.creditCode,
      name: units.beilun.name,
      townshipCode: '330206001',
      countyCode: '330206',
      industryCode: '3973',
      sizeClass: 'large',
    });
  });

  it('matches active units only by default, but finds a unit by id in any status when asked', async () => {
    const admin = await t.as('admin');
    const c = await admin.post('/api/registry/units', {
      creditCode: newCode(),
      name: '宁波已停业有限公司',
      townshipCode: '330203002',
      industryCode: '5111',
      registrationType: '173',
      entryDate: '2020-01-01',
    });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    const suspended = await admin.post(`/api/registry/units/${id}/status`, {
      version: 1,
      status: 'suspended',
    });
    expect(suspended.statusCode, suspended.body).toBe(200);
    const api = t.modules.registry.api;
    expect(await api.unitsMatching({ unitIds: [id] })).toEqual([]);
    const found = await api.unitsMatching({ unitIds: [id], statuses: ALL_STATUSES });
    expect(found.map((u) => u.id)).toEqual([id]);
  });
});
