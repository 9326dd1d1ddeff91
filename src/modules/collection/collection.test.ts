import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAndActivate as activate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
// Test data only: valid credit codes for units created through the registry's HTTP API.
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';
import { currentPeriod } from './domain/window.ts';

const random = mulberry32(11);

let t: TestApp;
let admin: Client;
let designer: Client;
let city: Client;
let county: Client;
let reporter: Client;
const units: Record<string, { id: string }> = {};
const forms: Record<string, string> = {};

// Periods relative to today, so the suite holds whenever it runs: the form's deadline is the 28th
// two months after the period, so the last two months are open and on time.
const now = currentPeriod('monthly', new Date());
const P = periods.formatPeriod(periods.previousPeriod(now)); // open, being reported
const P2 = periods.formatPeriod(periods.shiftPeriod(now, -2)); // open, the period before P
const CURRENT = periods.formatPeriod(now); // not over yet
const OLD = '2020-03'; // long closed

/** The test form: sales total computed; a fatal, two verify rules (one on the previous period), a hint. */
function definition(code: string) {
  return sampleDefinition((d) => {
    d.survey.code = 'collection-test';
    d.form.code = code;
    d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
    d.version.from = '2020-01';
    d.rules = [
      {
        id: 'F01',
        expr: 'A03.current <= A04.current',
        severity: 'fatal',
        message: {
          zh: '出口 {A03.current} 不能大于销售 {A04.current}',
          en: 'Exports {A03.current} exceed sales {A04.current}',
        },
      },
      {
        id: 'V01',
        expr: 'A01.current <= 100000',
        severity: 'verify',
        message: {
          zh: '产值 {A01.current} 超过 10 万，请核实',
          en: 'Output {A01.current} above 100,000; please verify',
        },
      },
      {
        id: 'V02',
        expr: 'if prev(A01.current) > 0 then abs(growth(A01.current, prev(A01.current))) <= 50',
        severity: 'verify',
        message: {
          zh: '产值比上期增长 {growth(A01.current, prev(A01.current))}%',
          en: 'Output grew {growth(A01.current, prev(A01.current))}% on the previous period',
        },
      },
      {
        id: 'H01',
        expr: 'N01.current >= 10',
        severity: 'hint',
        message: { zh: '从业人员少于 10 人', en: 'Fewer than 10 employees' },
      },
    ];
  });
}

const importAndActivate = async (def: unknown): Promise<string> => (await activate(designer, def)).formId;

const url = (form: string, period: string, rest = '', unitId?: string) =>
  `/api/collection/forms/${forms[form]}/periods/${period}${rest}${unitId ? `?unitId=${unitId}` : ''}`;

const auditCount = async (action: string, entityId: string) =>
  (
    await t.database.db
      .selectFrom('audit.events')
      .select('id')
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute()
  ).length;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
  designer = await t.as('designer');
  city = await t.as('city_statistician');
  county = await t.as('county_statistician'); // 海曙区 330203
  for (const [key, township, revenue] of [
    ['a', '330203001', 250000], // 海曙
    ['b', '330203001', 250000], // 海曙
    ['far', '330206001', 250000], // 北仑
    ['small', '330203001', 5000], // 海曙, below the form's size threshold: not in scope
  ] as const) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: township.slice(0, 6) }),
      name: `宁波采集${key}有限公司`,
      townshipCode: township,
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: revenue,
    });
    expect(res.statusCode, res.body).toBe(201);
    units[key] = res.json();
  }
  forms.C101 = await importAndActivate(definition('C101'));
  forms.C102 = await importAndActivate(definition('C102'));
  reporter = await t.as('enterprise', { unitId: units.a.id });
});
afterAll(async () => {
  await t?.close();
});

describe('task list', () => {
  it("lists the forms the reporter's unit must report, with status, deadline and late flag", async () => {
    const res = await reporter.get('/api/collection/tasks');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.unitId).toBe(units.a.id);
    const item = body.items.find((i: any) => i.formCode === 'C101');
    expect(item).toMatchObject({
      period: P,
      status: 'not_started',
      expected: true,
      late: false,
      window: { state: 'open', closedByOffice: false },
    });
    expect(new Date(item.window.deadline).getTime()).toBeGreaterThan(Date.now());
  });

  it('takes a period, and a statistician names the unit', async () => {
    const res = await county.get(`/api/collection/tasks?period=${P2}&unitId=${units.a.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: any) => [i.formCode, i.period])).toEqual([
      ['C101', P2],
      ['C102', P2],
    ]);
    expect((await county.get('/api/collection/tasks')).json().code).toBe('collection.unit_required');
  });
});

describe('drafts', () => {
  it('saves a draft, computes cells on the server, resumes, and refuses a stale version', async () => {
    const first = await reporter.put(url('C101', P, '/draft'), {
      values: { 'A01.current': '1250.5', 'A02.current': 800, 'A03.current': '100.0' },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'draft',
      version: 1,
      lastSeq: 1,
      values: { 'A01.current': '1250.5', 'A02.current': '800', 'A03.current': '100', 'A04.current': '900' },
    });
    const second = await reporter.put(url('C101', P, '/draft'), {
      values: { 'R01.current': '新产线', 'A03.current': '120' },
      version: 1,
      reason: 'save',
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ version: 2, lastSeq: 2 });

    const entry = await reporter.get(url('C101', P));
    expect(entry.statusCode, entry.body).toBe(200);
    const e = entry.json();
    expect(e.values).toMatchObject({
      'A01.current': '1250.5',
      'A04.current': '920',
      'R01.current': '新产线',
    });
    expect(e.cells.find((c: any) => c.ref === 'A04.current')).toMatchObject({
      source: 'formula',
      value: '920',
    });
    expect(e.previousPeriod).toBe(P2);
    expect(e.definition.form.code).toBe('C101');

    const stale = await reporter.put(url('C101', P, '/draft'), {
      values: { 'A01.current': '1' },
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('collection.version_conflict');
  });

  it('names every wrong cell and saves nothing', async () => {
    const before = (await reporter.get(url('C101', P, '/versions'))).json().length;
    const res = await reporter.put(url('C101', P, '/draft'), {
      values: {
        'A01.current': '12.34',
        'A02.current': 'abc',
        'N01.current': '1.5',
        'X99.current': '1',
        'A04.current': '5',
        'P1.current': '999',
        'R01.current': 7,
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('collection.invalid_cells');
    expect(Object.fromEntries(body.details.cells.map((c: any) => [c.cell, c.code]))).toEqual({
      'A01.current': 'too_many_decimals',
      'A02.current': 'not_a_number',
      'N01.current': 'not_an_integer',
      'X99.current': 'unknown_cell',
      'A04.current': 'not_entered',
      'P1.current': 'not_in_code_list',
      'R01.current': 'wrong_type',
    });
    expect(body.messages['zh-CN']).toContain('A01.current');
    expect((await reporter.get(url('C101', P, '/versions'))).json().length).toBe(before);
  });

  it('refuses periods not yet open and closed ones', async () => {
    const early = await reporter.put(url('C101', CURRENT, '/draft'), { values: { 'A01.current': '1' } });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('collection.period_not_open');
    const late = await reporter.put(url('C101', OLD, '/draft'), { values: { 'A01.current': '1' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('collection.period_closed');
    const bad = await reporter.put(url('C101', '2026Q1', '/draft'), { values: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('collection.bad_period');
  });

  it('takes late reports during a grace that administrators set', async () => {
    expect((await reporter.get('/api/collection/settings')).json()).toEqual({ graceDays: 10 });
    expect((await city.put('/api/collection/settings', { graceDays: 9999 })).statusCode).toBe(400);
    expect((await city.put('/api/collection/settings', { graceDays: 3 })).statusCode).toBe(403);
    expect((await admin.put('/api/collection/settings', { graceDays: 3 })).statusCode).toBe(200);
    const { window } = (await reporter.get(url('C101', P, '/status'))).json();
    expect(new Date(window.closesAt).getTime() - new Date(window.deadline).getTime()).toBe(3 * 86_400_000);
    expect(await auditCount('collection.settings_changed', 'collection.graceDays')).toBe(1);
    expect((await admin.put('/api/collection/settings', { graceDays: 10 })).statusCode).toBe(200);
  });

  it('honours a period closed by hand until it is reopened', async () => {
    expect((await county.post(url('C102', P, '/close'), { reason: '提前结束' })).statusCode).toBe(403);
    const closed = await city.post(url('C102', P, '/close'), { reason: '提前结束' });
    expect(closed.statusCode, closed.body).toBe(200);
    const res = await reporter.put(url('C102', P, '/draft'), { values: { 'A01.current': '1' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('collection.period_closed');
    expect((await city.post(url('C102', P, '/reopen'))).statusCode).toBe(200);
    expect(
      (await reporter.put(url('C102', P, '/draft'), { values: { 'A01.current': '1' } })).statusCode,
    ).toBe(200);
  });
});

describe('scope', () => {
  it('answers 404 for a unit out of scope and 403 for writes by statisticians', async () => {
    const other = await reporter.get(url('C101', P, '', units.far.id));
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('collection.unit_not_found');
    expect((await reporter.put(url('C101', P, '/draft', units.b.id), { values: {} })).statusCode).toBe(404);
    expect((await county.get(url('C101', P, '', units.a.id))).statusCode).toBe(200);
    expect((await county.get(url('C101', P, '', units.far.id))).statusCode).toBe(404);
    expect((await city.get(url('C101', P, '', units.far.id))).statusCode).toBe(200);
    const write = await county.put(url('C101', P, '/draft', units.a.id), { values: {} });
    expect(write.statusCode).toBe(403);
  });

  it('refuses reports from a unit outside the form’s reporting scope', async () => {
    const small = await t.as('enterprise', { unitId: units.small.id });
    expect((await small.get('/api/collection/tasks')).json().items).toEqual([]);
    const res = await small.put(url('C101', P, '/draft'), { values: { 'A01.current': '1' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('collection.not_in_scope');
    const sub = await small.post(url('C101', P, '/submit'), { values: { 'A01.current': '1' } });
    expect(sub.json().code).toBe('collection.not_in_scope');
  });
});

describe('submission', () => {
  it('blocks fatal failures with each rule and its message, saving nothing', async () => {
    const seq = (await reporter.get(url('C101', P, '/status'))).json().lastSeq;
    const res = await reporter.post(url('C101', P, '/submit'), {
      values: { 'A01.current': '900', 'A02.current': '-100', 'A03.current': '50', 'N01.current': 20 },
    });
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body.code).toBe('collection.blocked_by_rules');
    expect(body.details.failures).toHaveLength(1);
    expect(body.details.failures[0]).toMatchObject({
      ruleId: 'F01',
      outcome: 'fail',
      values: { 'A03.current': '50', 'A04.current': '-50' },
    });
    expect(body.details.failures[0].message['zh-CN']).toContain('不能大于销售');
    expect((await reporter.get(url('C101', P, '/status'))).json()).toMatchObject({
      lastSeq: seq,
      status: 'draft',
    });
  });

  it('checks values without saving: every cell problem, rule failure and missing explanation at once', async () => {
    const before = (await reporter.get(url('C102', P, '/status'))).json();
    const res = await reporter.post(url('C102', P, '/check'), {
      values: { 'A01.current': '200000', 'A02.current': '-100', 'A03.current': '50', 'N01.current': 'x' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.cellIssues.map((i: any) => [i.cell, i.code])).toEqual([['N01.current', 'not_a_number']]);
    expect(c.values['A04.current']).toBe('-50');
    expect(c.counts).toMatchObject({ fatal: 1, verify: 1 });
    expect(c.missingExplanations).toEqual(['V01']);
    expect(c.submittable).toBe(false);
    const after = (await reporter.get(url('C102', P, '/status'))).json();
    expect(after.lastSeq).toBe(before.lastSeq);
  });

  it('refuses blank required cells', async () => {
    const res = await reporter.post(url('C101', P, '/submit'), { values: { 'A02.current': '1' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'collection.required_cells_blank',
      details: { cells: ['A01.current'] },
    });
  });

  it('reads the previous period, asks for explanations of verify failures, records hints', async () => {
    // The previous period first: its values stand beside this period's and feed the growth rule.
    const prev = await reporter.post(url('C101', P2, '/submit'), {
      values: { 'A01.current': '100000', 'A02.current': '700', 'A03.current': '100', 'N01.current': 50 },
    });
    expect(prev.statusCode, prev.body).toBe(200);
    expect(prev.json()).toMatchObject({ status: 'submitted', late: false, counts: { fatal: 0, verify: 0 } });

    const values = { 'A01.current': '200000', 'A02.current': '800', 'A03.current': '120', 'N01.current': 5 };
    const missing = await reporter.post(url('C101', P, '/submit'), {
      values,
      explanations: { V01: '新产线投产' },
    });
    expect(missing.statusCode, missing.body).toBe(400);
    expect(missing.json().code).toBe('collection.explanation_required');
    expect(missing.json().details.failures.map((f: any) => f.ruleId)).toEqual(['V02']);
    expect(missing.json().details.failures[0].message['en-US']).toContain('100.0%');

    const unknown = await reporter.post(url('C101', P, '/submit'), { values, explanations: { NOPE: 'x' } });
    expect(unknown.json().code).toBe('collection.unknown_explanation');

    const ok = await reporter.post(url('C101', P, '/submit'), {
      values,
      explanations: { V01: '新产线投产', V02: '上期停产检修' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const s = ok.json();
    expect(s).toMatchObject({ status: 'submitted', counts: { fatal: 0, verify: 2, hint: 1 } });
    expect(s.submittedBy).toBe(reporter.username);
    expect(s.results.find((r: any) => r.ruleId === 'V02')).toMatchObject({
      outcome: 'fail',
      explanation: '上期停产检修',
      values: { 'A01.current': '200000', 'prev(A01.current)': '100000' },
    });
    expect(s.results.find((r: any) => r.ruleId === 'H01').outcome).toBe('fail');

    const entry = (await reporter.get(url('C101', P))).json();
    expect(entry.cells.find((c: any) => c.ref === 'A01.current')).toMatchObject({
      value: '200000',
      previous: '100000',
    });
    expect(entry).toMatchObject({ previousReported: true, lastYearReported: false, returnReason: null });
    expect(entry.explanations.map((e: any) => e.ruleId)).toEqual(['V01', 'V02']);

    const tasks = (await reporter.get(`/api/collection/tasks?period=${P}`)).json();
    expect(tasks.items.find((i: any) => i.formCode === 'C101')).toMatchObject({
      status: 'submitted',
      openProblems: { fatal: 0, verify: 2 },
    });
  });

  it('refuses a second submission and further drafts (409)', async () => {
    const again = await reporter.post(url('C101', P, '/submit'), {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('collection.already_submitted');
    const draft = await reporter.put(url('C101', P, '/draft'), { values: { 'A01.current': '1' } });
    expect(draft.statusCode).toBe(409);
  });

  it('compiles each form version’s rules once', async () => {
    expect(t.modules.collection.api.service.compiledRuleSets()).toBeLessThanOrEqual(2);
  });
});

describe('rules reading other forms', () => {
  it('loads the other form of the same unit and period the rules name', async () => {
    forms.C103 = await importAndActivate(
      sampleDefinition((d) => {
        d.survey.code = 'collection-test';
        d.form.code = 'C103';
        d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
        d.version.from = '2020-01';
        d.rules = [
          {
            id: 'X01',
            expr: 'A01.current <= [C101]A01.current',
            severity: 'fatal',
            message: {
              zh: '不能超过表 C101 的 {[C101]A01.current}',
              en: 'cannot exceed {[C101]A01.current} of form C101',
            },
          },
        ];
      }),
    );
    const res = await reporter.post(url('C103', P, '/submit'), { values: { 'A01.current': '300000' } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().details.failures[0]).toMatchObject({
      ruleId: 'X01',
      values: { 'A01.current': '300000', '[C101]A01.current': '200000' },
    });
    expect(res.json().details.failures[0].message['zh-CN']).toContain('200,000');
    const ok = await reporter.post(url('C103', P, '/submit'), { values: { 'A01.current': '150000' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('form versions', () => {
  it('takes the deadline from the version in force for the period', async () => {
    await importAndActivate(
      sampleDefinition((d) => {
        d.survey.code = 'collection-test';
        d.form.code = 'C103';
        d.form.deadline = { monthsAfterPeriodEnd: 3, day: 1, time: '09:00' };
        d.version = { number: 2, from: CURRENT };
      }),
    );
    const day = (period: string) =>
      reporter.get(url('C103', period, '/status')).then((r) => new Date(r.json().window.deadline));
    const beforeV2 = await day(P);
    const withV2 = await day(CURRENT);
    expect(beforeV2.getUTCHours()).toBe(12); // 20:00 Beijing, version 1
    expect(withV2.getUTCHours()).toBe(1); // 09:00 Beijing, version 2
    expect((await reporter.get(url('C103', CURRENT))).json().formVersion.number).toBe(2);
  });
});

describe('concurrent saves', () => {
  it('lets one of two saves from the same version win; the other gets 409', async () => {
    const current = (await reporter.get(url('C102', P, '/status'))).json().version;
    const [a, b] = await Promise.all([
      reporter.put(url('C102', P, '/draft'), { values: { 'A01.current': '2' }, version: current }),
      reporter.put(url('C102', P, '/draft'), { values: { 'A01.current': '3' }, version: current }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await reporter.get(url('C102', P, '/status'))).json().version).toBe(current + 1);
  });
});

describe('API submission with a token', () => {
  it('is idempotent with the same key and body, and refuses the key with another body', async () => {
    const other = await t.as('enterprise', { unitId: units.b.id });
    const created = await other.post('/api/auth/tokens', { name: 'ERP' });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const api = (body: unknown, key?: string) =>
      t.anonymous.request({
        method: 'POST',
        url: url('C101', P, '/submit'),
        payload: body as any,
        headers: { ...bearer, ...(key ? { 'idempotency-key': key } : {}) },
      });
    const body = {
      values: { 'A01.current': '500', 'A02.current': '400', 'A03.current': '10', 'N01.current': 12 },
    };
    const first = await api(body, 'erp-2026-0001');
    expect(first.statusCode, first.body).toBe(200);
    const repeat = await api(body, 'erp-2026-0001');
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(first.json());
    const changed = await api({ values: { ...body.values, 'A01.current': '501' } }, 'erp-2026-0001');
    expect(changed.statusCode).toBe(409);
    expect(changed.json().code).toBe('collection.idempotency_key_reused');
    const newKey = await api(body, 'erp-2026-0002');
    expect(newKey.statusCode).toBe(409);
    expect(newKey.json().code).toBe('collection.already_submitted');
    const bad = await api(body, 'has space');
    expect(bad.json().code).toBe('collection.bad_idempotency_key');

    const versions = await t.anonymous.request({
      method: 'GET',
      url: url('C101', P, '/versions'),
      headers: bearer,
    });
    expect(versions.json().map((v: any) => [v.seq, v.reason, v.status])).toEqual([[1, 'api', 'submitted']]);
  });

  it('keeps idempotency keys for the retention, then prunes them (housekeeping)', async () => {
    const db = t.database.db;
    const keys = () =>
      db
        .selectFrom('collection.idempotency_keys' as any)
        .select(['key', 'created_at'])
        .execute() as Promise<{ key: string; created_at: Date }[]>;
    const all = await keys();
    expect(all.map((k) => k.key)).toContain('erp-2026-0001');
    // Age one key past the retention; the others stay young.
    await db
      .updateTable('collection.idempotency_keys' as any)
      .set({ created_at: new Date(Date.now() - 31 * 86_400_000) })
      .where('key', '=', 'erp-2026-0001')
      .execute();
    const pruned = await t.modules.collection.api.housekeeping.pruneIdempotencyKeys();
    expect(pruned).toBe(1);
    expect((await keys()).map((k) => k.key)).not.toContain('erp-2026-0001');
    expect(await keys()).toHaveLength(all.length - 1);
    expect(await t.modules.collection.api.housekeeping.pruneIdempotencyKeys()).toBe(0);
  });
});

describe('a returned form', () => {
  it('can be corrected and submitted again', async () => {
    // The review workflow comes later; until then a return is what it writes: the status.
    await t.database.db
      .updateTable('collection.submissions')
      .set({ status: 'returned' })
      .where('unit_id', '=', units.b.id)
      .where('form_id', '=', forms.C101)
      .where('period', '=', P)
      .execute();
    const other = await t.as('enterprise', { unitId: units.b.id });
    const draft = await other.put(url('C101', P, '/draft'), { values: { 'A01.current': '600' } });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json().status).toBe('returned');
    const again = await other.post(url('C101', P, '/submit'), {});
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'submitted', values: { 'A01.current': '600' } });
  });
});

describe("a statistician's area", () => {
  it('lists expected reporters in the area with status, lateness and open problems', async () => {
    const q = `/api/collection/submissions?formId=${forms.C101}&period=${P}`;
    const res = await county.get(q);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const mine = [units.a.id, units.b.id];
    expect(body.items.map((i: any) => i.unitId).sort()).toEqual([...mine].sort());
    expect(body.counts).toMatchObject({ expected: 2, submitted: 2, not_started: 0, late: 0 });
    expect(body.items.find((i: any) => i.unitId === units.a.id)).toMatchObject({
      status: 'submitted',
      openProblems: { fatal: 0, verify: 2 },
    });
    const whole = (await admin.get(`${q}&status=submitted&pageSize=1`)).json();
    expect(whole).toMatchObject({ total: 2, pageSize: 1 });
    expect(whole.counts.expected).toBe(3); // the Beilun unit too
    expect((await reporter.get(q)).statusCode).toBe(403);
  });
});

describe('versions, diff and audit', () => {
  it('keeps every saved version and shows what changed between two', async () => {
    const list = (await reporter.get(url('C101', P, '/versions'))).json();
    expect(list.map((v: any) => v.reason)).toEqual(['autosave', 'save', 'submit']);
    expect(list[0].actorName).toBe(reporter.username);
    const diff = await reporter.get(`${url('C101', P, '/diff')}?from=1&to=2`);
    expect(diff.statusCode, diff.body).toBe(200);
    expect(diff.json().changes).toEqual([
      { cell: 'A03.current', before: '100', after: '120' },
      { cell: 'A04.current', before: '900', after: '920' },
      { cell: 'R01.current', before: null, after: '新产线' },
    ]);
    const d3 = (await reporter.get(`${url('C101', P, '/diff')}?from=2&to=3`)).json();
    expect(d3.explanationChanges).toEqual([
      { ruleId: 'V01', before: null, after: '新产线投产' },
      { ruleId: 'V02', before: null, after: '上期停产检修' },
    ]);
    const one = (await county.get(url('C101', P, '/versions/3', units.a.id))).json();
    expect(one.values['A01.current']).toBe('200000');
    expect((await reporter.get(url('C101', P, '/versions/99'))).statusCode).toBe(404);
  });

  it('audits every change with who and what changed', async () => {
    const id = `${units.a.id}/${forms.C101}/${P}`;
    expect(await auditCount('collection.draft_saved', id)).toBe(2);
    expect(await auditCount('collection.submitted', id)).toBe(1);
    const row = await t.database.db
      .selectFrom('audit.events')
      .selectAll()
      .where('action', '=', 'collection.draft_saved')
      .where('entity_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.actor_name).toBe(reporter.username);
    expect((row.details as any).changes).toContainEqual({
      cell: 'R01.current',
      before: null,
      after: '新产线',
    });
    expect(await auditCount('collection.period_closed', `${forms.C102}/${P}`)).toBe(1);
  });
});

describe('batch re-check of a period', () => {
  const version = (number: number, expr: string, from: string) =>
    sampleDefinition((d) => {
      d.survey.code = 'collection-test';
      d.form.code = 'C105';
      d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
      d.version = { number, from };
      d.rules = [
        {
          id: 'H01',
          expr,
          severity: 'hint',
          message: { zh: '产值 {A01.current} 偏大', en: 'Output {A01.current} is large' },
        },
      ];
    });
  const recheck = (client: Client) => client.post(url('C105', P, '/recheck'));
  const h01 = async (client: Client) =>
    (await client.get(url('C105', P, '/status'))).json().results.find((r: any) => r.ruleId === 'H01');

  it('re-checks every submission with the rules in force after they change', async () => {
    forms.C105 = await importAndActivate(version(1, 'A01.current <= 1000', '2020-01'));
    const other = await t.as('enterprise', { unitId: units.b.id });
    const a = await reporter.post(url('C105', P, '/submit'), { values: { 'A01.current': '500' } });
    expect(a.statusCode, a.body).toBe(200);
    const b = await other.put(url('C105', P, '/draft'), { values: { 'A01.current': '50' } });
    expect(b.statusCode, b.body).toBe(200);
    expect((await h01(reporter)).outcome).toBe('pass');

    expect((await county.post(url('C105', P, '/recheck'))).statusCode).toBe(403);
    expect((await reporter.post(url('C105', P, '/recheck'))).statusCode).toBe(403);
    const unchanged = await recheck(city);
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect(unchanged.json()).toMatchObject({ checked: 2, rules: 1, ruleEvaluations: 2, rewritten: 0 });

    // The rule tightens from the period on: the 500 now fails, the 50 still passes.
    await importAndActivate(version(2, 'A01.current <= 100', P));
    const res = await recheck(designer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      formCode: 'C105',
      period: P,
      formVersion: { number: 2 },
      checked: 2,
      ruleEvaluations: 2,
      rewritten: 2, // both were checked under version 1's rules
      skipped: 0,
      newlyFailing: 1,
      newlyPassing: 0,
    });
    const failing = await h01(reporter);
    expect(failing).toMatchObject({ outcome: 'fail', values: { 'A01.current': '500' } });
    expect(failing.message['en-US']).toContain('500');
    expect((await h01(other)).outcome).toBe('pass');
    const area = (await county.get(`/api/collection/submissions?formId=${forms.C105}&period=${P}`)).json();
    expect(area.items.find((i: any) => i.unitId === units.a.id).openProblems).toEqual({
      fatal: 0,
      verify: 0,
    });
    expect(await auditCount('collection.rechecked', `${forms.C105}/${P}`)).toBe(1);

    // Nothing changed since: nothing is rewritten. Loosened again, the failure goes away.
    expect((await recheck(admin)).json()).toMatchObject({ checked: 2, rewritten: 0, newlyFailing: 0 });
    await importAndActivate(version(3, 'A01.current <= 10000', P));
    expect((await recheck(admin)).json()).toMatchObject({ rewritten: 2, newlyFailing: 0, newlyPassing: 1 });
    expect((await h01(reporter)).outcome).toBe('pass');
    expect(await auditCount('collection.rechecked', `${forms.C105}/${P}`)).toBe(2);
  });

  it('answers 404 for an unknown form and 400 for a bad period', async () => {
    const unknown = await admin.post(`/api/collection/forms/${crypto.randomUUID()}/periods/${P}/recheck`);
    expect(unknown.statusCode).toBe(404);
    expect((await admin.post(url('C105', '2026-13', '/recheck'))).statusCode).toBe(400);
  });
});
