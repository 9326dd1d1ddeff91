import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importAndActivate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
// Test data only: valid credit codes for units created through the registry's HTTP API.
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';
import { currentPeriod } from './domain/window.ts';
import { KEY_SHEET, TEMPLATE_UPLOAD_LIMIT } from './excel.ts';
import { requestHash } from './service.ts';

const random = mulberry32(23);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
let reporter: Client;
let county: Client;
let designer: Client;
const units: Record<string, { id: string; name: string; creditCode: string }> = {};
const forms: Record<string, string> = {};

// The form's deadline is the 28th two months after the period: the last two months are open.
const now = currentPeriod('monthly', new Date());
const P = periods.formatPeriod(periods.previousPeriod(now));
const P2 = periods.formatPeriod(periods.shiftPeriod(now, -2));
const OLD = '2020-03'; // long closed
const CURRENT = periods.formatPeriod(now); // not over yet: not open

function definition(code: string, name: string) {
  return sampleDefinition((d) => {
    d.survey.code = 'files-test';
    d.form.code = code;
    d.form.name = { zh: name, en: `Files test ${code}` };
    d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
    d.version.from = '2020-01';
    d.indicators[0].min = 0;
    d.indicators[2].min = 0;
    d.rules.push({
      id: 'V01',
      expr: 'A01.current <= 1000',
      severity: 'verify',
      message: {
        zh: '产值 {A01.current} 超过 1000，请核实',
        en: 'Output {A01.current} above 1000; please verify',
      },
    });
  });
}

const url = (form: string, period: string, rest: string, unitId?: string) =>
  `/api/collection/forms/${forms[form]}/periods/${period}${rest}${unitId ? `?unitId=${unitId}` : ''}`;

/** A multipart/form-data body with one file field. */
function multipart(data: Buffer, field = 'file') {
  const boundary = `----tongji${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="form.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A one-entry zip archive (deflated), written by hand: small on the wire, `size` bytes unpacked. */
function zipOf(name: string, size: number, declared = size): Buffer {
  const data = zlib.deflateRawSync(Buffer.alloc(size, 0x20));
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(local.length + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

const upload = (client: Client, u: string, data: Buffer, field?: string) =>
  client.request({ method: 'POST', url: u, ...multipart(data, field) });

async function template(client: Client, form: string, period: string, unitId?: string) {
  const res = await client.get(url(form, period, '/template.xlsx', unitId));
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as any);
  return wb;
}

/** The sheet address of each form cell, from the template's key. */
function keyOf(wb: ExcelJS.Workbook): Map<string, string> {
  const ks = wb.getWorksheet(KEY_SHEET)!;
  const out = new Map<string, string>();
  let table = false;
  ks.eachRow((row) => {
    const [a, b] = [row.getCell(1).value, row.getCell(2).value];
    if (table) out.set(String(b), String(a));
    if (a === 'address') table = true;
  });
  return out;
}

async function fill(wb: ExcelJS.Workbook, values: Record<string, ExcelJS.CellValue>) {
  const ws = wb.worksheets[0];
  const key = keyOf(wb);
  for (const [ref, v] of Object.entries(values)) ws.getCell(key.get(ref) ?? ref).value = v;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const versionCount = async (form: string, period: string, unitId: string) =>
  (
    await t.database.db
      .selectFrom('collection.submission_versions' as any)
      .select('seq')
      .where('unit_id', '=', unitId)
      .where('form_id', '=', forms[form])
      .where('period', '=', period)
      .execute()
  ).length;

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await t.as('admin');
  designer = await t.as('designer');
  county = await t.as('county_statistician'); // 海曙区 330203
  for (const [key, township] of [
    ['a', '330203001'],
    ['far', '330206001'], // 北仑: outside the county statistician's area
  ] as const) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: township.slice(0, 6) }),
      name: `宁波文件${key}有限公司`,
      townshipCode: township,
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: 250000,
    });
    expect(res.statusCode, res.body).toBe(201);
    units[key] = res.json();
  }
  forms.F1 = (await importAndActivate(designer, definition('F301', '文件测试月报'))).formId;
  forms.F2 = (await importAndActivate(designer, definition('F302', '另一张月报'))).formId;
  reporter = await t.as('enterprise', { unitId: units.a.id });
});
afterAll(async () => {
  await t?.close();
});

describe('Excel template', () => {
  it('is laid out like the form: header, codes, input cells unlocked, computed cells as formulas, a hidden key', async () => {
    const wb = await template(reporter, 'F1', P);
    const ws = wb.getWorksheet('F301')!;
    expect(ws).toBeTruthy();
    expect(String(ws.getCell('A1').value)).toContain('文件测试月报');
    const texts: string[] = [];
    ws.eachRow((row) => {
      row.eachCell((c) => {
        texts.push(String(c.value));
      });
    });
    expect(texts).toContain(units.a.name);
    expect(texts).toContain(units.a.creditCode);
    expect(texts).toContain(P);
    expect(texts).toContain('宁波市统计局'); // 制定机关
    expect(wb.getWorksheet(KEY_SHEET)!.state).toBe('veryHidden');
    const key = keyOf(wb);
    // Only entered cells are inputs: A04.current is computed, ytd and last year are carried.
    expect([...key.keys()].sort()).toEqual(
      ['A01.current', 'A02.current', 'A03.current', 'N01.current', 'P1.current', 'R01.current'].sort(),
    );
    const a01 = ws.getCell(key.get('A01.current')!);
    expect(a01.protection?.locked).toBe(false);
    expect(a01.numFmt).toBe('0.0');
    // The computed total sits in the row of A04 and the column of A01's input, as a formula.
    const a04 = ws.getCell(Number(key.get('A01.current')!.slice(1)) + 3, a01.col);
    expect((a04.value as { formula: string }).formula).toContain(key.get('A02.current'));
    expect(a04.protection?.locked).not.toBe(false);
  });

  it('lays out a real form: section headings, code cells as text, units of measure', async () => {
    const def = parse(fs.readFileSync(path.join('data', 'demo', 'B204-1.yaml'), 'utf8'));
    forms.B204 = (await importAndActivate(designer, def)).formId;
    const wb = await template(reporter, 'B204', P);
    const ws = wb.getWorksheet('B204-1')!;
    const texts: string[] = [];
    ws.eachRow((row) => {
      row.eachCell((c) => {
        texts.push(String(c.value));
      });
    });
    expect(texts.some((x) => x.startsWith('甲、产销总值'))).toBe(true);
    expect(texts.some((x) => x.startsWith('乙、主要产品产量'))).toBe(true);
    expect(texts).toContain('国家统计局');
    expect(texts).toContain('国统字〔2022〕135号');
    const key = keyOf(wb);
    expect(ws.getCell(key.get('P1_CODE.current')!).numFmt).toBe('@');
    const a04 = ws.getCell(key.get('A01.current')!).row + 3; // 产品销售率, computed
    expect(ws.getCell(a04, 3).value).toBe('%');
    expect(key.has('A04.current')).toBe(false);
  });

  it('round trip: filled in Excel and uploaded, it is saved as a draft; computed cells recomputed by the server', async () => {
    const before = await versionCount('F1', P, units.a.id);
    const wb = await template(reporter, 'F1', P);
    const key = keyOf(wb);
    const ws = wb.worksheets[0];
    await fill(wb, {
      'A01.current': 1250.5,
      'A02.current': 800,
      'A03.current': { formula: '50*2', result: 100 },
      'N01.current': 50,
      'P1.current': '3601010000',
      'R01.current': { richText: [{ text: '新产线' }, { text: '投产' }] },
    });
    // A tampered total is not taken: the server computes it.
    const a04 = ws.getCell(
      Number(key.get('A01.current')!.slice(1)) + 3,
      ws.getCell(key.get('A01.current')!).col,
    );
    a04.value = 99999;
    const res = await upload(reporter, url('F1', P, '/upload'), Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'draft', formCode: 'F301', period: P });
    expect(body.values).toMatchObject({
      'A01.current': '1250.5',
      'A02.current': '800',
      'A03.current': '100',
      'A04.current': '900',
      'N01.current': '50',
      'P1.current': '3601010000',
      'R01.current': '新产线投产',
    });
    expect(body.results.find((r: any) => r.ruleId === 'V01').outcome).toBe('fail');
    expect(await versionCount('F1', P, units.a.id)).toBe(before + 1);

    const versions = (await reporter.get(url('F1', P, '/versions'))).json();
    expect(versions.at(-1)).toMatchObject({ reason: 'save', status: 'draft' });
    const audit = await t.database.db
      .selectFrom('audit.events')
      .select(['action', 'details'])
      .where('entity_id', '=', `${units.a.id}/${forms.F1}/${P}`)
      .execute();
    expect(audit.some((e) => e.action === 'collection.draft_saved')).toBe(true);

    // The next template is pre-filled with what was saved.
    const again = await template(reporter, 'F1', P);
    const k2 = keyOf(again);
    expect(again.worksheets[0].getCell(k2.get('A01.current')!).value).toBe(1250.5);
    expect(again.worksheets[0].getCell(k2.get('P1.current')!).value).toBe('3601010000');
  });

  it('lists every bad cell with its sheet address and saves nothing', async () => {
    const before = await versionCount('F1', P, units.a.id);
    const wb = await template(reporter, 'F1', P);
    const key = keyOf(wb);
    // Cells the key names that the form lacks or that the platform fills.
    const ks = wb.getWorksheet(KEY_SHEET)!;
    ks.addRow(['H40', 'Z99.current']);
    ks.addRow(['H41', 'A04.current']);
    const data = await fill(wb, {
      'A01.current': 'abc',
      'A02.current': 12.34,
      'A03.current': -5,
      'N01.current': 2.5,
      'P1.current': '999',
      'R01.current': true, // a TRUE in a text cell
    });
    const res = await upload(reporter, url('F1', P, '/upload'), data);
    expect(res.statusCode, res.body).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('collection.upload_invalid_cells');
    const byAddress = Object.fromEntries(problem.details.cells.map((c: any) => [c.address, c]));
    const expected: [string, string][] = [
      ['A01.current', 'not_a_number'],
      ['A02.current', 'too_many_decimals'],
      ['A03.current', 'below_minimum'],
      ['N01.current', 'not_an_integer'],
      ['P1.current', 'not_in_code_list'],
      ['R01.current', 'wrong_type'],
    ];
    for (const [ref, code] of expected) {
      const address = key.get(ref)!;
      expect(byAddress[address], ref).toMatchObject({ cell: ref, code, sheet: 'F301' });
      expect(byAddress[address].message['zh-CN']).toContain(address);
      expect(byAddress[address].message['en-US']).toContain(address);
    }
    expect(byAddress.H40).toMatchObject({ cell: 'Z99.current', code: 'unknown_cell' });
    expect(byAddress.H41).toMatchObject({ cell: 'A04.current', code: 'not_entered' });
    expect(problem.details.cells).toHaveLength(8);
    expect(problem.messages['zh-CN']).toContain(key.get('A01.current'));
    expect(await versionCount('F1', P, units.a.id)).toBe(before);
  });

  it('refuses oversized, garbage, truncated and foreign files with a clear problem, saving nothing', async () => {
    const before = await versionCount('F1', P, units.a.id);
    const u = url('F1', P, '/upload');
    const big = await upload(reporter, u, randomBytes(TEMPLATE_UPLOAD_LIMIT + 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('collection.upload_too_large');

    const garbage = await upload(reporter, u, randomBytes(5000));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ code: 'collection.upload_not_xlsx' });
    expect(garbage.json().messages['zh-CN']).toContain('xlsx');

    const good = await (await template(reporter, 'F1', P)).xlsx.writeBuffer();
    const cut = await upload(reporter, u, Buffer.from(good).subarray(0, 3000));
    expect(cut.statusCode).toBe(400);
    expect(cut.json().code).toBe('collection.upload_not_xlsx');

    // A zip bomb: 100 KB on the wire, 100 MB unpacked; refused before anything is inflated.
    const bomb = zipOf('xl/worksheets/sheet1.xml', 100 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(TEMPLATE_UPLOAD_LIMIT);
    const bombed = await upload(reporter, u, bomb);
    expect(bombed.statusCode).toBe(400);
    expect(bombed.json()).toMatchObject({ code: 'collection.upload_not_xlsx' });
    expect(bombed.json().messages['en-US']).toContain('40 MB');
    // One that declares 1 KB: inflated only as far as it declared.
    const liar = await upload(reporter, u, zipOf('xl/worksheets/sheet1.xml', 100 * 1024 * 1024, 1024));
    expect(liar.statusCode).toBe(400);
    expect(liar.json().messages['en-US']).toContain('larger than it declares');

    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').addRow(['A01', 1250]);
    const noKey = await upload(reporter, u, Buffer.from(await plain.xlsx.writeBuffer()));
    expect(noKey.statusCode).toBe(422);
    expect(noKey.json().code).toBe('collection.upload_no_key');

    const wrongField = await upload(reporter, u, Buffer.from(good), 'attachment');
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().code).toBe('collection.upload_no_file');
    // A multipart body cut short in the middle of the file.
    const whole = multipart(Buffer.from(good));
    const cutShort = await reporter.request({
      method: 'POST',
      url: u,
      payload: whole.payload.subarray(0, 400),
      headers: whole.headers,
    });
    expect(cutShort.statusCode).toBe(400);
    expect(cutShort.json().code).toBe('collection.upload_not_xlsx');
    const json = await reporter.post(u, { values: {} });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('collection.upload_no_file');

    // A template of another form, and of another period.
    const other = await fill(await template(reporter, 'F2', P), { 'A01.current': 5 });
    const wrongForm = await upload(reporter, u, other);
    expect(wrongForm.statusCode).toBe(422);
    expect(wrongForm.json()).toMatchObject({
      code: 'collection.upload_template_mismatch',
      details: { found: { formCode: 'F302' }, expected: { formCode: 'F301' } },
    });
    const earlier = await fill(await template(reporter, 'F1', P2), { 'A01.current': 5 });
    const wrongPeriod = await upload(reporter, u, earlier);
    expect(wrongPeriod.statusCode).toBe(422);
    expect(wrongPeriod.json().message).toContain(P2);

    expect(await versionCount('F1', P, units.a.id)).toBe(before);
  });

  it('keeps the entry view’s access rules and the draft’s window rules', async () => {
    // Out of scope: 404 as for the entry view.
    const outside = await county.get(url('F1', P, '/template.xlsx', units.far.id));
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('collection.unit_not_found');
    const notMine = await reporter.get(url('F1', P, '/template.xlsx', units.far.id));
    expect(notMine.statusCode).toBe(404);
    const data = await fill(await template(reporter, 'F1', P), { 'A01.current': 5 });
    const upOutside = await upload(reporter, url('F1', P, '/upload', units.far.id), data);
    expect(upOutside.statusCode).toBe(404);
    // A statistician in the area reads the template but cannot save the unit's report.
    await template(county, 'F1', P, units.a.id);
    const byCounty = await upload(county, url('F1', P, '/upload', units.a.id), data);
    expect(byCounty.statusCode).toBe(403);

    // A closed period: the template can be read, an upload is refused like a draft save.
    const before = await versionCount('F1', OLD, units.a.id);
    const old = await fill(await template(reporter, 'F1', OLD), { 'A01.current': 5 });
    const closed = await upload(reporter, url('F1', OLD, '/upload'), old);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('collection.period_closed');
    expect(await versionCount('F1', OLD, units.a.id)).toBe(before);
    const early = await fill(await template(reporter, 'F1', CURRENT), { 'A01.current': 5 });
    const notOpen = await upload(reporter, url('F1', CURRENT, '/upload'), early);
    expect(notOpen.statusCode).toBe(409);
    expect(notOpen.json().code).toBe('collection.period_not_open');
    expect(await versionCount('F1', CURRENT, units.a.id)).toBe(0);
  });
});

describe('PDF of the submitted form', () => {
  it('answers a clear 4xx before the form is submitted', async () => {
    const res = await reporter.get(url('F1', P, '/pdf'));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('collection.not_submitted');
  });

  it('prints the submitted values, the failed checks with explanations and the values’ hash', async () => {
    const sub = await reporter.post(url('F1', P, '/submit'), {
      explanations: { V01: '新产线投产，产值增加' },
    });
    expect(sub.statusCode, sub.body).toBe(200);
    const res = await reporter.get(url('F1', P, '/pdf'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    for (const s of [
      '文件测试月报',
      'F301',
      units.a.name,
      units.a.creditCode,
      P,
      '宁波市统计局',
      '1250.5',
      '800.0',
      '900.0', // the computed total
      '3601010000',
      '新产线投产',
      'V01',
      '新产线投产，产值增加',
      '第 1 页',
    ]) {
      expect(text, s).toContain(s);
    }
    const versions = (await reporter.get(url('F1', P, '/versions'))).json();
    const last = versions.at(-1);
    expect(last.status).toBe('submitted');
    const detail = (await reporter.get(url('F1', P, `/versions/${last.seq}`))).json();
    expect(text).toContain(requestHash(detail.values));

    // A statistician of the area prints it too; one outside it gets a 404.
    const byCounty = await county.get(url('F1', P, '/pdf', units.a.id));
    expect(byCounty.statusCode).toBe(200);
    expect((await county.get(url('F1', P, '/pdf', units.far.id))).statusCode).toBe(404);

    // An earlier saved version (the uploaded draft) by its number.
    const draft = await reporter.get(`${url('F1', P, '/pdf')}?seq=${versions[0].seq}`);
    expect(draft.statusCode).toBe(200);
    const draftText = (
      await extractText(await getDocumentProxy(new Uint8Array(draft.rawPayload)), { mergePages: true })
    ).text;
    expect(draftText).toContain('草稿');
    expect((await reporter.get(`${url('F1', P, '/pdf')}?seq=999`)).statusCode).toBe(404);
  });

  it('refuses an upload once the form is submitted, saving nothing', async () => {
    const before = await versionCount('F1', P, units.a.id);
    const data = await fill(await template(reporter, 'F1', P), { 'A01.current': 7 });
    const res = await upload(reporter, url('F1', P, '/upload'), data);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('collection.already_submitted');
    expect(await versionCount('F1', P, units.a.id)).toBe(before);
  });
});
