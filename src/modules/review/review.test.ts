import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAndActivate as activate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { currentPeriod } from '../collection/domain/window.ts';
// Test data only: valid credit codes for units created through the registry's HTTP API.
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';

const random = mulberry32(23);

let t: TestApp;
let admin: Client;
let designer: Client;
let city: Client;
let county: Client;
let township: Client;
let township2: Client;
let beilun: Client;
const units: Record<string, string> = {};
const reporters: Record<string, Client> = {};
const forms: Record<string, string> = {};

// The last month is open for reporting whenever the suite runs (deadline two months after).
const P = periods.formatPeriod(periods.previousPeriod(currentPeriod('monthly', new Date())));

function definition(code: string) {
  return sampleDefinition((d) => {
    d.survey.code = 'review-test';
    d.form.code = code;
    d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
    d.version.from = '2020-01';
    d.rules = [
      {
        id: 'F01',
        expr: 'A03.current <= A04.current',
        severity: 'fatal',
        message: { zh: '出口不能大于销售', en: 'Exports exceed sales' },
      },
      {
        id: 'V01',
        expr: 'A01.current <= 100000',
        severity: 'verify',
        message: { zh: '产值 {A01.current} 超过 10 万，请核实', en: 'Output {A01.current} above 100,000' },
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

const ok = { 'A01.current': '500', 'A02.current': '400', 'A03.current': '10', 'N01.current': 20 };
const odd = { 'A01.current': '200000', 'A02.current': '400', 'A03.current': '10', 'N01.current': 5 };

/** The unit's reporter submits the form (values with a V01 failure get an explanation). */
async function submit(unit: string, form: string, values = ok, explanations?: Record<string, string>) {
  const res = await reporters[unit].post(`/api/collection/forms/${forms[form]}/periods/${P}/submit`, {
    values,
    ...(explanations ? { explanations } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const path = (unit: string, form: string, rest = '') =>
  `/api/review/units/${units[unit]}/forms/${forms[form]}/periods/${P}${rest}`;

async function detail(who: Client, unit: string, form: string) {
  const res = await who.get(path(unit, form));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A decision at the version the reviewer sees now. */
async function decide(who: Client, unit: string, form: string, body: Record<string, unknown>) {
  const { review } = await detail(who, unit, form);
  return who.post(path(unit, form, '/decisions'), { ...body, version: review.version });
}

const collectionStatus = async (unit: string, form: string) =>
  (await reporters[unit].get(`/api/collection/forms/${forms[form]}/periods/${P}/status`)).json().status;

const auditActions = async (unit: string, form: string) =>
  (
    await t.database.db
      .selectFrom('audit.events')
      .select(['action', 'actor_name'])
      .where('entity_id', '=', `${units[unit]}/${forms[form]}/${P}`)
      .where('action', 'like', 'review.%')
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
  designer = await t.as('designer');
  city = await t.as('city_statistician'); // 宁波 330200
  county = await t.as('county_statistician'); // 海曙 330203
  township = await t.as('township_statistician'); // 330203001
  township2 = await t.as('township_statistician');
  beilun = await t.as('county_statistician', { officeId: 'office-330206' });
  for (const [key, code] of [
    ['a', '330203001'],
    ['b', '330203001'],
    ['c', '330203001'],
    ['far', '330206001'],
  ] as const) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: code.slice(0, 6) }),
      name: `宁波审核${key}有限公司`,
      townshipCode: code,
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: 250000,
    });
    expect(res.statusCode, res.body).toBe(201);
    units[key] = res.json().id;
    reporters[key] = await t.as('enterprise', { unitId: units[key] });
  }
  for (const code of ['R101', 'R102', 'R103', 'R104'])
    forms[code] = await importAndActivate(definition(code));
});
afterAll(async () => {
  await t?.close();
});

describe('the climb', () => {
  it('goes township → county → city; the final approval approves the submission', async () => {
    await submit('a', 'R101');
    expect((await detail(township, 'a', 'R101')).review).toEqual({
      level: 'township',
      status: 'pending',
      round: 1,
      version: 0,
    });
    // The county cannot decide before the township.
    const early = await decide(county, 'a', 'R101', { decision: 'approve' });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('review.not_your_level');

    const t1 = await decide(township, 'a', 'R101', { decision: 'approve' });
    expect(t1.statusCode, t1.body).toBe(200);
    expect(t1.json().review).toMatchObject({ level: 'county', status: 'pending', version: 1 });
    expect(await collectionStatus('a', 'R101')).toBe('submitted');
    const c1 = await decide(county, 'a', 'R101', { decision: 'approve' });
    expect(c1.json().review).toMatchObject({ level: 'city', status: 'pending', version: 2 });
    const f = await decide(city, 'a', 'R101', { decision: 'approve' });
    expect(f.statusCode, f.body).toBe(200);
    expect(f.json()).toMatchObject({ status: 'approved', review: { level: 'city', status: 'approved' } });
    expect(await collectionStatus('a', 'R101')).toBe('approved');
    expect(f.json().decisions.map((d: any) => [d.level, d.decision, d.actorName])).toEqual([
      ['township', 'approve', township.username],
      ['county', 'approve', county.username],
      ['city', 'approve', city.username],
    ]);
    expect(await auditActions('a', 'R101')).toEqual([
      'review.approved',
      'review.approved',
      'review.approved_final',
    ]);
    const final = await t.database.db
      .selectFrom('audit.events')
      .selectAll()
      .where('action', '=', 'review.approved_final')
      .where('entity_id', '=', `${units.a}/${forms.R101}/${P}`)
      .executeTakeFirstOrThrow();
    expect(final).toMatchObject({
      actor_name: city.username,
      actor_role: 'city_statistician',
      before: { level: 'city', status: 'pending' },
      after: { level: 'city', status: 'approved' },
    });
    const again = await decide(city, 'a', 'R101', { decision: 'approve' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('review.not_pending');
  });

  it('reopens only at the top level and with a reason', async () => {
    const { review } = await detail(city, 'a', 'R101');
    const byCounty = await county.post(path('a', 'R101', '/reopen'), {
      reason: '复查',
      version: review.version,
    });
    expect(byCounty.statusCode).toBe(403);
    expect(byCounty.json().code).toBe('review.top_level_only');
    const noReason = await city.post(path('a', 'R101', '/reopen'), { reason: ' ', version: review.version });
    expect(noReason.statusCode).toBe(400);
    const res = await city.post(path('a', 'R101', '/reopen'), {
      reason: '数据复查',
      version: review.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'submitted',
      reason: '数据复查',
      review: { level: 'city', status: 'pending' },
    });
    expect(await collectionStatus('a', 'R101')).toBe('submitted');
    expect((await auditActions('a', 'R101')).at(-1)).toBe('review.reopened');
    // Not approved any more: a second reopening is refused.
    const twice = await city.post(path('a', 'R101', '/reopen'), {
      reason: 'x',
      version: res.json().review.version,
    });
    expect(twice.json().code).toBe('review.not_approved');
  });
});

describe('returns', () => {
  it('returns to the unit with a reason; the unit corrects and the climb starts again', async () => {
    await submit('b', 'R101', odd, { V01: '新产线投产' });
    expect((await decide(township, 'b', 'R101', { decision: 'approve' })).statusCode).toBe(200);
    const noReason = await decide(county, 'b', 'R101', { decision: 'return', to: 'unit' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('review.reason_required');
    const back = await decide(county, 'b', 'R101', {
      decision: 'return',
      to: 'unit',
      reason: '产值偏高，请核实',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'returned', review: { status: 'returned' } });
    expect(await collectionStatus('b', 'R101')).toBe('returned');

    // The enterprise sees the reason (its own unit only) and its task list shows the return.
    const seen = await detail(reporters.b, 'b', 'R101');
    expect(seen.reason).toBe('产值偏高，请核实');
    expect(seen.decisions.at(-1)).toMatchObject({ decision: 'return_to_unit', reason: '产值偏高，请核实' });
    expect((await reporters.a.get(path('b', 'R101'))).statusCode).toBe(404);
    const tasks = (await reporters.b.get(`/api/collection/tasks?period=${P}`)).json();
    expect(tasks.items.find((i: any) => i.formCode === 'R101')).toMatchObject({
      status: 'returned',
      returnReason: '产值偏高，请核实',
    });
    // …and so does the entry form it opens to correct.
    const entry = (await reporters.b.get(`/api/collection/forms/${forms.R101}/periods/${P}`)).json();
    expect(entry).toMatchObject({ status: 'returned', returnReason: '产值偏高，请核实' });

    const inbox = (await reporters.b.get(`/api/review/inbox?period=${P}`)).json();
    expect(inbox.items).toEqual([
      expect.objectContaining({
        formId: forms.R101,
        period: P,
        returned: expect.objectContaining({ reason: '产值偏高，请核实', by: county.username }),
      }),
    ]);
    expect((await county.get('/api/review/inbox')).statusCode).toBe(403);

    // Corrected and submitted again: round 2 at the first level; V01 passes now → corrected.
    const stale = (await detail(township, 'b', 'R101')).submissionVersion;
    await submit('b', 'R101', { ...odd, 'A01.current': '90000' });
    // A decision on what was there before the resubmission is refused.
    const old = await township.post(path('b', 'R101', '/decisions'), {
      decision: 'approve',
      version: (await detail(township, 'b', 'R101')).review.version,
      submissionVersion: stale,
    });
    expect(old.statusCode).toBe(409);
    expect(old.json().code).toBe('review.conflict');
    expect((await reporters.b.get(`/api/review/inbox?period=${P}`)).json().items).toEqual([]);
    const again = await detail(township, 'b', 'R101');
    expect(again.review).toMatchObject({ level: 'township', status: 'pending', round: 2 });
    const v = await city.get(`/api/review/violations?period=${P}&formId=${forms.R101}&ruleId=V01`);
    expect(v.json().items.find((x: any) => x.unitId === units.b)).toMatchObject({ state: 'corrected' });
  });

  it('returns to a named lower level, which decides again', async () => {
    await submit('a', 'R102');
    await decide(township, 'a', 'R102', { decision: 'approve' });
    await decide(county, 'a', 'R102', { decision: 'approve' });
    const higher = await decide(county, 'a', 'R102', { decision: 'return', to: 'city', reason: 'x' });
    expect(higher.statusCode).toBe(403); // at the city level now
    const up = await decide(city, 'a', 'R102', { decision: 'return', to: 'city', reason: 'x' });
    expect(up.statusCode).toBe(400);
    expect(up.json().code).toBe('review.not_lower_level');
    const back = await decide(city, 'a', 'R102', {
      decision: 'return',
      to: 'township',
      reason: '请乡镇复核',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({
      status: 'submitted',
      reason: '请乡镇复核',
      review: { level: 'township', status: 'pending' },
    });
    expect(await collectionStatus('a', 'R102')).toBe('submitted');
    expect((await decide(township, 'a', 'R102', { decision: 'approve' })).json().review.level).toBe('county');
    expect(await auditActions('a', 'R102')).toEqual([
      'review.approved',
      'review.approved',
      'review.returned',
      'review.approved',
    ]);
  });
});

describe('scope', () => {
  it("shows each level its area's submissions; another county gets 404", async () => {
    await submit('far', 'R101');
    expect((await beilun.get(path('a', 'R101'))).statusCode).toBe(404);
    expect(
      (await beilun.post(path('a', 'R101', '/decisions'), { decision: 'approve', version: 0 })).statusCode,
    ).toBe(404);
    const theirs = (await beilun.get(`/api/review/submissions?period=${P}`)).json();
    expect(theirs.items.map((i: any) => i.unitId)).toEqual([units.far]);
    const ours = (await county.get(`/api/review/submissions?period=${P}&formId=${forms.R101}`)).json();
    expect(ours.items.map((i: any) => i.unitId).sort()).toEqual([units.a, units.b].sort());
    const all = (await city.get(`/api/review/submissions?period=${P}&formId=${forms.R101}`)).json();
    expect(all.total).toBe(3);
    // Search by part of the name or the start of the credit code (within the area only).
    const byName = (
      await city.get(`/api/review/submissions?period=${P}&formId=${forms.R101}&q=审核far`)
    ).json();
    expect(byName.items.map((i: any) => i.unitId)).toEqual([units.far]);
    const far = all.items.find((i: any) => i.unitId === units.far);
    const code = (await city.get(`/api/registry/units/${units.far}`)).json().creditCode as string;
    const byCode = (
      await city.get(`/api/review/submissions?period=${P}&formId=${forms.R101}&q=${code.slice(0, 12)}`)
    ).json();
    expect(byCode.items.map((i: any) => i.unitId)).toEqual([far.unitId]);
    expect(
      (await county.get(`/api/review/submissions?period=${P}&formId=${forms.R101}&q=审核far`)).json().total,
    ).toBe(0);
    // a: reopened, at the city; b: resubmitted, at the township; far: at the township.
    expect(all.counts).toEqual({ pending: { township: 2, county: 0, city: 1 }, returned: 0, approved: 0 });
    const mine = (await township.get(`/api/review/submissions?period=${P}&mine=true`)).json();
    expect(mine.items.every((i: any) => i.review.level === 'township' && i.review.status === 'pending')).toBe(
      true,
    );
    expect((await reporters.a.get(`/api/review/submissions?period=${P}`)).statusCode).toBe(403);
    // A draft is the unit's own: not in review.
    await reporters.c.put(`/api/collection/forms/${forms.R101}/periods/${P}/draft`, { values: ok });
    expect((await county.get(path('c', 'R101'))).statusCode).toBe(404);
  });
});

describe('concurrent decisions', () => {
  it('lets one of two decisions on the same version win; the other gets 409 review.conflict', async () => {
    await submit('c', 'R102');
    for (const version of [0, 1]) {
      if (version === 1) {
        // Back to the township so the second round decides on an existing state.
        const r = await decide(county, 'c', 'R102', { decision: 'return', to: 'township', reason: '复核' });
        expect(r.json().review).toMatchObject({ level: 'township', status: 'pending' });
      }
      const v = (await detail(township, 'c', 'R102')).review.version;
      const [x, y] = await Promise.all([
        township.post(path('c', 'R102', '/decisions'), { decision: 'approve', version: v }),
        township2.post(path('c', 'R102', '/decisions'), {
          decision: 'return',
          to: 'unit',
          reason: '同时退回',
          version: v,
        }),
      ]);
      expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
      const loser = x.statusCode === 409 ? x : y;
      expect(loser.json().code).toBe('review.conflict');
      if (y.statusCode === 200) {
        // The return won: resubmit so the loop continues from a pending state.
        await submit('c', 'R102');
        await decide(township, 'c', 'R102', { decision: 'approve' });
      }
      const d = await detail(county, 'c', 'R102');
      expect(d.review.level).toBe('county');
    }
  });
});

describe('queries', () => {
  it('keeps the thread of a question about a cell until it is closed', async () => {
    const asked = await township.post(path('a', 'R102', '/queries'), {
      cell: 'A01.current',
      body: '本期产值为何下降？',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const q = asked.json().queries[0];
    expect(q).toMatchObject({ cell: 'A01.current', level: 'township', status: 'open' });
    expect(asked.json().openProblems).toMatchObject({ openQueries: 1, unansweredQueries: 1 });

    const bad = await township.post(path('a', 'R102', '/queries'), { cell: 'X99.current', body: '?' });
    expect(bad.json().code).toBe('review.unknown_cell');
    expect(
      (await reporters.a.post(path('a', 'R102', '/queries'), { cell: 'A01.current', body: '?' })).statusCode,
    ).toBe(403);

    const answer = await reporters.a.post(path('a', 'R102', `/queries/${q.id}/messages`), {
      body: '订单减少',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().openProblems).toMatchObject({ openQueries: 1, unansweredQueries: 0 });
    expect(
      (await reporters.far.post(path('a', 'R102', `/queries/${q.id}/messages`), { body: 'x' })).statusCode,
    ).toBe(404);
    const list = (await county.get(`/api/review/submissions?period=${P}&formId=${forms.R102}`)).json();
    expect(list.items.find((i: any) => i.unitId === units.a).openProblems.openQueries).toBe(1);

    const closed = await township.post(path('a', 'R102', `/queries/${q.id}/close`));
    expect(closed.statusCode, closed.body).toBe(200);
    const thread = closed.json().queries[0];
    expect(thread).toMatchObject({ status: 'closed', closedBy: township.username });
    expect(thread.messages.map((m: any) => [m.authorRole, m.body])).toEqual([
      ['township_statistician', '本期产值为何下降？'],
      ['enterprise', '订单减少'],
    ]);
    const late = await reporters.a.post(path('a', 'R102', `/queries/${q.id}/messages`), { body: 'x' });
    expect(late.json().code).toBe('review.query_closed');
    expect(await auditActions('a', 'R102')).toEqual(
      expect.arrayContaining(['review.query_opened', 'review.query_answered', 'review.query_closed']),
    );
  });
});

describe('explanations', () => {
  it('shows rule, values and explanation side by side; a rejected one blocks approval until revised', async () => {
    await submit('a', 'R103', odd, { V01: '新产线投产' });
    const d = await detail(township, 'a', 'R103');
    expect(d.values['A01.current']).toBe('200000');
    const v01 = d.failedRules.find((r: any) => r.ruleId === 'V01');
    expect(v01).toMatchObject({
      severity: 'verify',
      values: { 'A01.current': '200000' },
      explanation: '新产线投产',
      explanationBy: reporters.a.username,
      verdict: null,
    });
    expect(d.openProblems.pendingExplanations).toBe(1);
    expect(v01.message['zh-CN']).toContain('200,000');
    expect(d.failedRules.find((r: any) => r.ruleId === 'H01').severity).toBe('hint');

    const noSuch = await township.put(path('a', 'R103', '/explanations/H01'), { verdict: 'accepted' });
    expect(noSuch.json().code).toBe('review.no_explanation');
    const rejected = await township.put(path('a', 'R103', '/explanations/V01'), {
      verdict: 'rejected',
      note: '请说明新产线的产能',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().failedRules.find((r: any) => r.ruleId === 'V01').verdict).toMatchObject({
      verdict: 'rejected',
      note: '请说明新产线的产能',
      current: true,
    });
    expect(rejected.json().openProblems).toMatchObject({ rejectedExplanations: 1, pendingExplanations: 0 });
    const blocked = await decide(township, 'a', 'R103', { decision: 'approve' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('review.explanation_rejected');
    const violations = async () =>
      (await county.get(`/api/review/violations?period=${P}&formId=${forms.R103}&ruleId=V01`)).json().items;
    expect((await violations())[0]).toMatchObject({ state: 'open', verdict: 'rejected' });
    expect((await reporters.a.get('/api/review/inbox')).json().items).toContainEqual(
      expect.objectContaining({ rejectedExplanations: [{ ruleId: 'V01', note: '请说明新产线的产能' }] }),
    );

    // The unit must revise: return it, the unit rewrites the explanation and submits again.
    await decide(township, 'a', 'R103', { decision: 'return', to: 'unit', reason: '说明被驳回' });
    await submit('a', 'R103', odd, { V01: '新产线 5 月投产，产能 10 万' });
    expect((await violations())[0]).toMatchObject({ state: 'explained', verdict: null });
    // The rewritten explanation awaits a verdict again, in the list too.
    const listed = (await township.get(`/api/review/submissions?period=${P}&formId=${forms.R103}`)).json();
    expect(listed.items.find((i: any) => i.unitId === units.a).openProblems).toMatchObject({
      rejectedExplanations: 0,
      pendingExplanations: 1,
    });
    const accepted = await township.put(path('a', 'R103', '/explanations/V01'), { verdict: 'accepted' });
    expect(accepted.statusCode).toBe(200);
    expect((await violations())[0]).toMatchObject({ state: 'accepted', verdict: 'accepted' });
    expect((await decide(township, 'a', 'R103', { decision: 'approve' })).statusCode).toBe(200);
    expect(await auditActions('a', 'R103')).toEqual(
      expect.arrayContaining(['review.explanation_rejected', 'review.explanation_accepted']),
    );
  });
});

describe('levels per form', () => {
  it('starts a form configured county → city at the county', async () => {
    expect(
      (await county.put(`/api/review/forms/${forms.R104}/levels`, { levels: ['county', 'city'] })).statusCode,
    ).toBe(403);
    const bad = await designer.put(`/api/review/forms/${forms.R104}/levels`, { levels: ['city', 'county'] });
    expect(bad.json().code).toBe('review.bad_levels');
    const set = await designer.put(`/api/review/forms/${forms.R104}/levels`, { levels: ['county', 'city'] });
    expect(set.statusCode, set.body).toBe(200);
    expect((await county.get(`/api/review/forms/${forms.R104}/levels`)).json()).toEqual({
      formId: forms.R104,
      levels: ['county', 'city'],
      isDefault: false,
    });
    const levelAudit = await t.database.db
      .selectFrom('audit.events')
      .selectAll()
      .where('action', '=', 'review.levels_set')
      .where('entity_id', '=', forms.R104)
      .executeTakeFirstOrThrow();
    expect(levelAudit).toMatchObject({ actor_name: designer.username, after: ['county', 'city'] });
    await submit('b', 'R104');
    expect((await detail(county, 'b', 'R104')).review.level).toBe('county');
    expect((await decide(township, 'b', 'R104', { decision: 'approve' })).statusCode).toBe(403);
    expect((await decide(county, 'b', 'R104', { decision: 'approve' })).json().review.level).toBe('city');
    expect((await decide(city, 'b', 'R104', { decision: 'approve' })).json().status).toBe('approved');
  });
});

describe('violations', () => {
  it('lists every failure in the area with counts by state and severity, filtered and paged', async () => {
    const res = await city.get(`/api/review/violations?period=${P}&pageSize=2`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(2);
    const all = (await city.get(`/api/review/violations?period=${P}&pageSize=500`)).json();
    expect(all.total).toBe(body.total);
    const c = body.counts.byState;
    expect(c.open + c.explained + c.accepted + c.corrected).toBe(body.total);
    expect(c.corrected).toBeGreaterThanOrEqual(1);
    expect(c.accepted).toBeGreaterThanOrEqual(1);
    expect(body.counts.bySeverity.hint).toBe(all.items.filter((i: any) => i.severity === 'hint').length);
    const hints = (await city.get(`/api/review/violations?period=${P}&severity=hint&state=open`)).json();
    expect(hints.items.every((i: any) => i.severity === 'hint' && i.state === 'open')).toBe(true);
    const far = (await city.get(`/api/review/violations?period=${P}&divisionCode=330206`)).json();
    expect(far.items.every((i: any) => i.unitId === units.far)).toBe(true);
    const beilunSees = (await beilun.get(`/api/review/violations?period=${P}`)).json();
    expect(beilunSees.items.every((i: any) => i.unitId === units.far)).toBe(true);
    expect((await reporters.a.get(`/api/review/violations?period=${P}`)).statusCode).toBe(403);
  });

  it("reads collection's failures in keyed pages, all of them", async () => {
    const { failures } = t.modules.collection.api.transitions;
    const read = async (pageSize: number) => {
      const out: string[] = [];
      for await (const page of failures(t.database.db, { period: P }, pageSize)) {
        expect(page.length).toBeLessThanOrEqual(pageSize);
        out.push(...page.map((f) => `${f.unitId}/${f.formId}/${f.ruleId}`));
      }
      return out;
    };
    const whole = await read(5000);
    expect(whole.length).toBeGreaterThan(2);
    expect(await read(2)).toEqual(whole);
    expect(await read(1)).toEqual(whole);
  });

  it('exports the whole list as CSV and xlsx', async () => {
    const all = (await county.get(`/api/review/violations?period=${P}&pageSize=500`)).json();
    const csv = await county.get(`/api/review/violations/export?period=${P}&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('审核规则');
    expect(lines).toHaveLength(all.total + 1);

    const xlsx = await county.request({
      method: 'GET',
      url: `/api/review/violations/export?period=${P}&format=xlsx&state=accepted`,
      headers: { 'accept-language': 'en-US' },
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as any);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(6).value).toBe('Rule');
    expect(sheet.rowCount).toBe(all.counts.byState.accepted + 1);
  });
});
