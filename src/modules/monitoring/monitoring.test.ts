import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAndActivate as activate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
// Test data only: valid credit codes for units created through the registry's HTTP API.
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';
import { currentPeriodAt } from './domain/schedule.ts';
import { type Email, emailChannel, logChannel, smsChannel } from './index.ts';

const random = mulberry32(23);

let t: TestApp;
let admin: Client;
let designer: Client;
let city: Client;
let county: Client; // 海曙区 330203
let beilun: Client; // 北仑区 330206
let township: Client; // 南门街道 330203001
const units: Record<string, string> = {};
const reporters: Record<string, Client> = {};
const forms: Record<string, string> = {};

const now = currentPeriodAt('monthly', new Date());
const P = periods.formatPeriod(periods.previousPeriod(now)); // open, on time (deadline the 28th two months on)
const P2 = periods.formatPeriod(periods.shiftPeriod(now, -2)); // for the late form: deadline long past
const VALUES = { 'A01.current': '100', 'A02.current': '10', 'A03.current': '5' };
const DAY = 86_400_000;

async function importAndActivate(code: string, deadline: unknown): Promise<string> {
  const def = sampleDefinition((d) => {
    d.survey.code = 'monitoring-test';
    d.form.code = code;
    d.form.deadline = deadline;
    d.version.from = '2020-01';
  });
  return (await activate(designer, def)).formId;
}

const submit = async (unit: string, form: string, period: string) => {
  const res = await reporters[unit].post(`/api/collection/forms/${forms[form]}/periods/${period}/submit`, {
    values: VALUES,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const rates = (c: Client, form: string, period: string, division?: string) =>
  c.get(
    `/api/monitoring/rates?formId=${forms[form]}&period=${period}${division ? `&division=${division}` : ''}`,
  );

const auditEvents = (action: string) =>
  t.database.db.selectFrom('audit.events').selectAll().where('action', '=', action).orderBy('id').execute();

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
  designer = await t.as('designer');
  city = await t.as('city_statistician');
  county = await t.as('county_statistician');
  beilun = await t.as('county_statistician', { officeId: 'office-330206' });
  township = await t.as('township_statistician');
  for (const [key, town, revenue] of [
    ['a1', '330203001', 250000],
    ['a2', '330203001', 250000],
    ['b1', '330203002', 250000],
    ['c1', '330206001', 250000],
    ['small', '330203001', 5000], // below the scope's revenue threshold: not expected
  ] as const) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: town.slice(0, 6) }),
      name: `宁波监测${key}有限公司`,
      townshipCode: town,
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: revenue,
    });
    expect(res.statusCode, res.body).toBe(201);
    units[key] = res.json().id;
    reporters[key] = await t.as('enterprise', { unitId: units[key] });
  }
  forms.M = await importAndActivate('M101', { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' });
  forms.L = await importAndActivate('L101', { daysAfterPeriodEnd: 1, time: '20:00' });
  // A long grace so the late form still takes (late) reports.
  expect((await admin.put('/api/collection/settings', { graceDays: 366 })).statusCode).toBe(200);

  // M101, P: a1 submitted then approved, b1 submitted, a2 a draft, c1 nothing.
  await submit('a1', 'M', P);
  await submit('b1', 'M', P);
  const draft = await reporters.a2.put(`/api/collection/forms/${forms.M}/periods/${P}/draft`, {
    values: { 'A01.current': '1' },
  });
  expect(draft.statusCode, draft.body).toBe(200);
  // Approval is review's business; here the row is set directly as test data.
  await t.database.db
    .updateTable('collection.submissions' as any)
    .set({ status: 'approved' })
    .where('unit_id', '=', units.a1)
    .where('form_id', '=', forms.M)
    .where('period', '=', P)
    .execute();
  // L101, P2 (deadline passed): only a1, late.
  const late = await submit('a1', 'L', P2);
  expect(late.late).toBe(true);
});
afterAll(async () => {
  await t?.close();
});

describe('reporting rate and timeliness', () => {
  it('counts the city and each county against hand-computed figures', async () => {
    const res = await rates(city, 'M', P);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.division).toEqual({ code: '330200', name: '宁波市', level: 'city' });
    expect(body.pastDeadline).toBe(false);
    expect(body.totals).toEqual({
      expected: 4,
      reported: 2,
      approved: 1,
      onTime: 2,
      late: 0,
      notReported: 2,
      overdue: 0,
      notStarted: 1,
      draft: 1,
      returned: 0,
      reportingRate: 0.5,
      timelyRate: 0.5,
      approvalRate: 0.25,
    });
    const haishu = body.children.find((c: any) => c.code === '330203');
    expect(haishu.figures).toMatchObject({ expected: 3, reported: 2, approved: 1, draft: 1, notStarted: 0 });
    const bl = body.children.find((c: any) => c.code === '330206');
    expect(bl.figures).toMatchObject({ expected: 1, reported: 0, notStarted: 1, reportingRate: 0 });
    const others = body.children.filter((c: any) => !['330203', '330206'].includes(c.code));
    expect(others.length).toBeGreaterThan(5);
    expect(others.every((c: any) => c.figures.expected === 0 && c.figures.reportingRate === null)).toBe(true);
  });

  it('drills down county → township → units', async () => {
    const res = await rates(county, 'M', P);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.division.code).toBe('330203');
    expect(body.totals).toMatchObject({ expected: 3, reported: 2, approved: 1 });
    const t1 = body.children.find((c: any) => c.code === '330203001');
    expect(t1.figures).toMatchObject({ expected: 2, reported: 1, approved: 1, draft: 1, reportingRate: 0.5 });
    const t2 = body.children.find((c: any) => c.code === '330203002');
    expect(t2.figures).toMatchObject({ expected: 1, reported: 1, approved: 0, reportingRate: 1 });

    const town = (await rates(county, 'M', P, '330203001')).json();
    expect(town.division.level).toBe('township');
    expect(town.children).toEqual([]);
    expect(town.totals).toMatchObject({ expected: 2, reported: 1 });

    const list = await county.get(
      `/api/monitoring/rates/units?formId=${forms.M}&period=${P}&division=330203001`,
    );
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items;
    expect(Object.fromEntries(items.map((i: any) => [i.unitId, i.status]))).toEqual({
      [units.a1]: 'approved',
      [units.a2]: 'draft',
    });
    const open = await county.get(
      `/api/monitoring/rates/units?formId=${forms.M}&period=${P}&filter=not_reported`,
    );
    expect(open.json().items.map((i: any) => i.unitId)).toEqual([units.a2]);
  });

  it('tells late from on time, and counts the overdue', async () => {
    const body = (await rates(city, 'L', P2)).json();
    expect(body.pastDeadline).toBe(true);
    expect(body.totals).toMatchObject({
      expected: 4,
      reported: 1,
      onTime: 0,
      late: 1,
      notReported: 3,
      overdue: 3,
      reportingRate: 0.25,
      timelyRate: 0,
    });
    const late = await city.get(`/api/monitoring/rates/units?formId=${forms.L}&period=${P2}&filter=late`);
    expect(late.json().items.map((i: any) => [i.unitId, i.late])).toEqual([[units.a1, true]]);
    const overdue = await city.get(
      `/api/monitoring/rates/units?formId=${forms.L}&period=${P2}&filter=overdue`,
    );
    expect(overdue.json().total).toBe(3);
  });

  it('gives every form of a period side by side (by form)', async () => {
    const res = await county.get(`/api/monitoring/overview?period=${P}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.division.code).toBe('330203');
    expect(body.items.map((i: any) => [i.formCode, i.figures.expected, i.figures.reported])).toEqual([
      ['L101', 3, 0],
      ['M101', 3, 2],
    ]);
    expect(body.items[0].pastDeadline).toBe(true);
    expect((await county.get('/api/monitoring/overview?period=2026Q9')).statusCode).toBe(400);
    expect((await reporters.a1.get(`/api/monitoring/overview?period=${P}`)).statusCode).toBe(403);
  });

  it('keeps each statistician to their area, and enterprises out', async () => {
    expect((await rates(county, 'M', P, '330206')).statusCode).toBe(404);
    expect((await rates(county, 'M', P, '330200')).statusCode).toBe(404);
    expect((await rates(county, 'M', P, '330206001')).json().code).toBe('monitoring.division_not_found');
    expect((await rates(township, 'M', P, '330203')).statusCode).toBe(404);
    expect((await rates(township, 'M', P)).json().totals).toMatchObject({ expected: 2, reported: 1 });
    const bl = (await rates(beilun, 'M', P)).json();
    expect(bl.totals).toMatchObject({ expected: 1, reported: 0 });
    expect(bl.children.find((c: any) => c.code === '330206001').figures.expected).toBe(1);
    const units404 = await beilun.get(
      `/api/monitoring/rates/units?formId=${forms.M}&period=${P}&division=330203001`,
    );
    expect(units404.statusCode).toBe(404);
    const ent = await rates(reporters.a1, 'M', P);
    expect(ent.statusCode).toBe(403);
    expect((await rates(city, 'M', '2026Q1')).json().code).toBe('monitoring.bad_period');
    expect((await rates(city, 'M', '9999-99')).statusCode).toBe(400);
  });
});

describe('reminders', () => {
  it('lets statisticians remind their own non-reporters by hand, audited', async () => {
    const ent = await reporters.a1.post('/api/monitoring/reminders', { formId: forms.M, period: P });
    expect(ent.statusCode).toBe(403);
    expect(
      (await county.post('/api/monitoring/reminders', { formId: forms.M, period: P, division: '330206' }))
        .statusCode,
    ).toBe(404);
    const res = await county.post('/api/monitoring/reminders', { formId: forms.M, period: P });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sent: 1, expected: 3, skipped: 0 }); // a2 only: c1 is in another county
    const events = await auditEvents('monitoring.reminders_sent');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_name: county.username, entity_id: `${forms.M}/${P}` });
    expect(events[0].details).toMatchObject({ division: '330203', sent: 1, expected: 3 });
    const inbox = (await reporters.a2.get('/api/monitoring/notifications')).json();
    expect(inbox).toMatchObject({ total: 1, unread: 1 });
    expect(inbox.items[0]).toMatchObject({ kind: 'reminder', formId: forms.M, period: P, readAt: null });
    expect(inbox.items[0].text.zh).toContain('M101');
    expect((await reporters.c1.get('/api/monitoring/notifications')).json().total).toBe(0);

    // Pressed again (by the township this time) within the quiet hours: nobody is reminded twice.
    const again = await township.post('/api/monitoring/reminders', { formId: forms.M, period: P });
    expect(again.json()).toEqual({ sent: 0, expected: 2, skipped: 1 });
    expect((await reporters.a2.get('/api/monitoring/notifications')).json().total).toBe(1);
    const events2 = await auditEvents('monitoring.reminders_sent');
    expect(events2.at(-1)?.details).toMatchObject({ sent: 0, skippedRecentlyReminded: 1 });
  });

  it('reminds only the chosen units, and refuses units outside the area by name', async () => {
    const url = '/api/monitoring/reminders';
    // c1 is in 北仑区: the 海曙 county statistician cannot reach it by naming it.
    const outside = await county.post(url, { formId: forms.L, period: P2, unitIds: [units.a2, units.c1] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({
      code: 'monitoring.units_not_expected',
      details: { unitIds: [units.c1] },
    });
    expect(outside.json().messages['en-US']).toContain(units.c1);
    const bad = await county.post(url, { formId: forms.L, period: P2, unitIds: [] });
    expect(bad.statusCode).toBe(400);
    // a1 has already reported L101/P2: chosen or not, it is not reminded.
    const res = await county.post(url, { formId: forms.L, period: P2, unitIds: [units.a1, units.a2] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sent: 1, expected: 3, skipped: 0 });
    const a2 = (await reporters.a2.get('/api/monitoring/notifications')).json();
    expect(a2.items.some((n: any) => n.formId === forms.L && n.period === P2)).toBe(true);
    const b1 = (await reporters.b1.get('/api/monitoring/notifications')).json();
    expect(b1.items.some((n: any) => n.formId === forms.L && n.period === P2)).toBe(false);
    const events = await auditEvents('monitoring.reminders_sent');
    expect(events.at(-1)?.details).toMatchObject({ chosen: 2, sent: 1 });
  });

  it('sets a schedule (audited), only for those allowed', async () => {
    const url = `/api/monitoring/forms/${forms.M}/reminder-schedule`;
    expect((await county.get(url)).json()).toMatchObject({ offsetsDays: [-3, 0, 1], isDefault: true });
    expect((await county.put(url, { offsetsDays: [0] })).statusCode).toBe(403);
    expect((await designer.put(url, { offsetsDays: [0, 0] })).statusCode).toBe(400);
    const res = await designer.put(url, { offsetsDays: [1, -3, 0] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ offsetsDays: [-3, 0, 1], isDefault: false, setBy: designer.username });
    expect(await auditEvents('monitoring.schedule_set')).toHaveLength(1);
  });

  it('sends each scheduled step once per unit, only to units that have not reported', async () => {
    const [y, m] = P.split('-').map(Number);
    const deadline = periods.deadlineOf(
      { frequency: 'monthly', year: y, index: m },
      {
        monthsAfterPeriodEnd: 2,
        day: 28,
        time: '20:00',
      },
    );
    const run = async (at: number) =>
      (await t.modules.monitoring.api.reminders.runDue(new Date(at))).filter((s) => s.formCode === 'M101');

    // Three days before: a2 (draft) and c1 (nothing); a1 and b1 have reported.
    expect(await run(deadline.getTime() - 3 * DAY + 60_000)).toEqual([
      { formCode: 'M101', period: P, step: 'D-3', units: 2 },
    ]);
    // Again (a restart, a second process): nothing new.
    expect(await run(deadline.getTime() - 3 * DAY + 120_000)).toEqual([]);
    expect(await run(deadline.getTime() - 2 * DAY)).toEqual([]);

    await submit('a2', 'M', P);
    expect(await run(deadline.getTime() + 60_000)).toEqual([
      { formCode: 'M101', period: P, step: 'D+0', units: 1 },
    ]);
    expect(await run(deadline.getTime() + DAY + 60_000)).toEqual([
      { formCode: 'M101', period: P, step: 'D+1', units: 1 },
    ]);
    expect(await run(deadline.getTime() + DAY + 120_000)).toEqual([]);

    const sends = await t.database.db
      .selectFrom('monitoring.reminder_sends' as any)
      .select(['unit_id', 'step'])
      .where('form_id', '=', forms.M)
      .orderBy('step')
      .execute();
    expect(
      sends.map((s: any) => [s.unit_id === units.c1 ? 'c1' : s.unit_id === units.a2 ? 'a2' : '?', s.step]),
    ).toEqual(
      expect.arrayContaining([
        ['a2', 'D-3'],
        ['c1', 'D-3'],
        ['c1', 'D+0'],
        ['c1', 'D+1'],
      ]),
    );
    expect(sends).toHaveLength(4);
    // The log channel recorded each delivery (2 by hand + 4 scheduled).
    const deliveries = await t.database.db
      .selectFrom('monitoring.deliveries' as any)
      .selectAll()
      .execute();
    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((d: any) => d.channel === 'log')).toBe(true);
  });

  it('never double-sends when two schedulers run at once; hands SMS to the configured transport', async () => {
    const texts: string[] = [];
    const api = t.modules.monitoring.api;
    api.useChannel(
      smsChannel({
        db: t.database.db,
        transport: async (sms) => {
          texts.push(sms.text);
        },
      }),
    );
    try {
      const [y, m] = P.split('-').map(Number);
      const deadline = periods.deadlineOf(
        { frequency: 'monthly', year: y, index: m },
        { daysAfterPeriodEnd: 1, time: '20:00' },
      );
      const at = new Date(deadline.getTime() + 60_000);
      const runs = await Promise.all([api.reminders.runDue(at), api.reminders.runDue(at)]);
      const sent = runs.flat().filter((s) => s.formCode === 'L101' && s.period === P);
      expect(sent.reduce((n, s) => n + s.units, 0)).toBe(4); // nobody reported L101 for P
      const mine = texts.filter((x) => x.includes('L101'));
      expect(mine).toHaveLength(4);
      expect(mine.every((x) => x.length <= 70 && x.startsWith('【宁波统计】'))).toBe(true);
      const rows = await t.database.db
        .selectFrom('monitoring.deliveries' as any)
        .selectAll()
        .where('channel', '=', 'sms')
        .execute();
      expect(rows.length).toBe(texts.length);
    } finally {
      api.useChannel(logChannel({ db: t.database.db, logger: t.logger }));
    }
  });

  it('sends no scheduled reminders once reporting of the period is closed', async () => {
    const closed = await city.post(`/api/collection/forms/${forms.L}/periods/${P2}/close`, {
      reason: '提前结束',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const [y, m] = P2.split('-').map(Number);
    const deadline = periods.deadlineOf(
      { frequency: 'monthly', year: y, index: m },
      { daysAfterPeriodEnd: 1, time: '20:00' },
    );
    const sent = await t.modules.monitoring.api.reminders.runDue(new Date(deadline.getTime() + 60_000));
    expect(sent.filter((s) => s.formCode === 'L101' && s.period === P2)).toEqual([]);
  });

  it('hands emails to the configured transport, both languages in each', async () => {
    const emails: Email[] = [];
    const api = t.modules.monitoring.api;
    api.useChannel(emailChannel({ db: t.database.db, transport: async (e) => void emails.push(e) }));
    try {
      // The scheduler reminded all four of L101/P a moment ago; a reminder by hand now would be
      // the same message again, so it goes to nobody. P2 was never reminded.
      expect((await city.post('/api/monitoring/reminders', { formId: forms.L, period: P })).json()).toEqual({
        sent: 0,
        expected: 4,
        skipped: 4,
      });
      const res = await city.post('/api/monitoring/reminders', { formId: forms.M, period: P2 });
      expect(res.json()).toEqual({ sent: 4, expected: 4, skipped: 0 });
      expect(emails).toHaveLength(4);
      expect(emails[0].subject).toContain('M101');
      expect(emails[0].text).toMatch(/报送[\s\S]*submit/);
      expect(new Set(emails.map((e) => e.to.unitId))).toEqual(
        new Set([units.a1, units.a2, units.b1, units.c1]),
      );
    } finally {
      api.useChannel(logChannel({ db: t.database.db, logger: t.logger }));
    }
  });

  it('starts and stops the scheduler', async () => {
    t.modules.monitoring.api.start();
    t.modules.monitoring.api.start(); // a second start is ignored
    await t.modules.monitoring.api.stop();
  });

  it('shows enterprises their notifications and lets them mark them read', async () => {
    const inbox = (await reporters.c1.get('/api/monitoring/notifications')).json();
    expect(inbox).toMatchObject({ total: 5, unread: 5 }); // three M101 steps, one L101 step, one by hand
    const id = inbox.items[0].id;
    expect((await reporters.a2.post(`/api/monitoring/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await city.post(`/api/monitoring/notifications/${id}/read`)).statusCode).toBe(404);
    const read = await reporters.c1.post(`/api/monitoring/notifications/${id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const again = await reporters.c1.post(`/api/monitoring/notifications/${id}/read`);
    expect(again.json().readAt).toBe(read.json().readAt);
    const after = (await reporters.c1.get('/api/monitoring/notifications?unread=true')).json();
    expect(after).toMatchObject({ total: 4, unread: 4 });
    expect(after.items.map((i: any) => i.id)).not.toContain(id);
  });
});
