import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import type { Actor } from '../../platform/auth.ts';
import { getSetting } from '../../platform/settings.ts';
import type { HistorySummary } from './demo-history.ts';
import { DEMO_GRACE_DAYS } from './domain/history.ts';

const DEMO_PASSWORD = 'Demo@2026tj';
const ADMIN = { role: 'admin' } as Actor;

let t: TestApp;
let summary: HistorySummary;
const form = (code: string) => summary.forms.find((f) => f.code === code)!;

beforeAll(async () => {
  t = await buildTestApp();
  await t.seedDemo(400);
  summary = t.modules.collection.api.demo.periods()!;
}, 300_000);
afterAll(async () => {
  await t?.close();
});

const count = async (q: ReturnType<typeof sql<{ n: number }>>) =>
  Number((await q.execute(t.database.db)).rows[0].n);

describe('demo history', () => {
  it('has every unit in scope approved in every past period: 36 months, 12 quarters, 3 years', async () => {
    const surveys = t.modules.surveys.api.service;
    expect(form('B204-1').history).toHaveLength(36);
    expect(form('F203').history).toHaveLength(12);
    expect(form('B103').history.length).toBeGreaterThanOrEqual(2);
    for (const f of summary.forms) {
      expect(f.units).toBeGreaterThan(0);
      for (const period of [f.history[0], f.history[f.history.length - 1]]) {
        const { units } = await surveys.expectedReporters(f.formId, period);
        const rows = await t.database.db
          .selectFrom('collection.submissions as s')
          .innerJoin('review.states as r', (j) =>
            j
              .onRef('r.unit_id', '=', 's.unit_id')
              .onRef('r.form_id', '=', 's.form_id')
              .onRef('r.period', '=', 's.period'),
          )
          .select(['s.unit_id', 's.status', 's.version', 'r.level', 'r.status as review'])
          .where('s.form_id', '=', f.formId)
          .where('s.period', '=', period)
          .execute();
        expect(rows.map((r) => r.unit_id).sort()).toEqual(units.map((u) => u.id).sort());
        for (const r of rows)
          expect([r.status, r.version, r.level, r.review]).toEqual(['approved', 2, 'city', 'approved']);
      }
    }
    // Approved at every level, in order, the final approval when collection's row says so.
    const chains = await sql<{ n: number }>`
      select count(*) as n from collection.submissions s
      where s.status = 'approved' and (
        select string_agg(d.level || ':' || d.decision, ',' order by d.seq) from review.decisions d
        where d.unit_id = s.unit_id and d.form_id = s.form_id and d.period = s.period
      ) is distinct from 'township:approve,county:approve,city:approve'`.execute(t.database.db);
    expect(Number(chains.rows[0].n)).toBe(0);
    const finalAt = await sql<{ n: number }>`
      select count(*) as n from collection.submissions s join review.decisions d using (unit_id, form_id, period)
      where s.status = 'approved' and d.level = 'city' and d.decided_at <> s.updated_at`.execute(
      t.database.db,
    );
    expect(Number(finalAt.rows[0].n)).toBe(0);
  });

  it('passes the forms’ fatal rules when re-checked by the real rule engine, computed cells unchanged', async () => {
    const service = t.modules.collection.api.service;
    expect(
      await count(
        sql`select count(*) as n from collection.rule_results where severity = 'fatal' and outcome = 'fail'`,
      ),
    ).toBe(0);
    const sample = await sql<{ unit_id: string; form_id: string; period: string }>`
      select unit_id, form_id, period from collection.submissions
      where status = 'approved' order by md5(unit_id::text || period) limit 40`.execute(t.database.db);
    for (const k of sample.rows) {
      const cells = await t.database.db
        .selectFrom('collection.cell_values')
        .select(['indicator', 'column_code', 'num', 'txt', 'computed'])
        .where('unit_id', '=', k.unit_id)
        .where('form_id', '=', k.form_id)
        .where('period', '=', k.period)
        .execute();
      const entered = Object.fromEntries(
        cells.filter((c) => !c.computed).map((c) => [`${c.indicator}.${c.column_code}`, c.num ?? c.txt]),
      );
      const stored = Object.fromEntries(
        cells.map((c) => [`${c.indicator}.${c.column_code}`, c.num ?? c.txt]),
      );
      const check = await service.check(ADMIN, k.form_id, k.period, { values: entered }, k.unit_id);
      expect(check.results.filter((r) => r.severity === 'fatal' && r.outcome === 'fail')).toEqual([]);
      expect(check.cellIssues).toEqual([]);
      // Numbers as PostgreSQL's numeric returns them compare as numbers.
      const numeric = (v: Record<string, string | null>) =>
        Object.fromEntries(
          Object.entries(v).map(([ref, x]) => [ref, Number.isNaN(Number(x)) ? x : Number(x)]),
        );
      expect(numeric(check.values)).toEqual(numeric(stored));
    }
  });

  it('flags a few odd values with verify rules, each explained and the explanation accepted', async () => {
    const failing = await count(
      sql`select count(*) as n from collection.rule_results where severity = 'verify' and outcome = 'fail'`,
    );
    const all = await count(sql`select count(*) as n from collection.submissions where status <> 'draft'`);
    expect(failing).toBeGreaterThan(0);
    expect(failing / all).toBeLessThan(0.05);
    const unexplained = await count(sql`
      select count(*) as n from collection.rule_results r
      left join collection.explanations e using (unit_id, form_id, period, rule_id)
      join collection.submissions s using (unit_id, form_id, period)
      where r.severity = 'verify' and r.outcome = 'fail' and s.status <> 'draft' and e.body is null`);
    expect(unexplained).toBe(0);
    const unjudged = await count(sql`
      select count(*) as n from collection.explanations e
      join collection.submissions s using (unit_id, form_id, period)
      left join review.explanation_reviews v using (unit_id, form_id, period, rule_id)
      where s.status = 'approved' and (v.verdict is distinct from 'accepted' or v.explanation <> e.body)`);
    expect(unjudged).toBe(0);
    // Review saw every verify failure of an approved report (drafts and reports still waiting
    // have not been through review; the open period has some of each, from the real clock).
    const seen = await count(sql`select count(*) as n from review.violations`);
    expect(seen).toBeGreaterThanOrEqual(
      await count(sql`
      select count(*) as n from collection.rule_results r join collection.submissions s using (unit_id, form_id, period)
      where r.outcome = 'fail' and r.severity = 'verify' and s.status = 'approved'`),
    );
    expect(await count(sql`select count(*) as n from collection.submissions where late`)).toBeGreaterThan(0);
  });

  it('shows seasonality: December output above February’s', async () => {
    const b204 = form('B204-1');
    const avg = async (month: string) =>
      Number(
        (
          await sql<{ v: string }>`
            select avg(num) as v from collection.cell_values
            where form_id = ${b204.formId} and indicator = 'A01' and column_code = 'current'
              and period like ${`%-${month}`}`.execute(t.database.db)
        ).rows[0].v,
      );
    expect(await avg('12')).toBeGreaterThan((await avg('02')) * 1.3);
  });

  it('leaves the demo enterprise an open period, not yet submitted, with last period and last year beside each cell', async () => {
    expect(await getSetting(t.database.db, 'collection.graceDays')).toBe(DEMO_GRACE_DAYS);
    const qiye = await t.signIn('qiye', DEMO_PASSWORD);
    const tasks = (await qiye.get('/api/collection/tasks')).json();
    const b204 = form('B204-1');
    const task = tasks.items.find((i: any) => i.formCode === 'B204-1');
    expect(task).toMatchObject({ period: b204.open, status: 'not_started', window: { state: 'open' } });
    const entry = await qiye.get(`/api/collection/forms/${b204.formId}/periods/${b204.open}`);
    expect(entry.statusCode).toBe(200);
    const a01 = entry.json().cells.find((c: any) => c.ref === 'A01.current');
    expect(Number(a01.previous)).toBeGreaterThan(0);
    expect(Number(a01.lastYear)).toBeGreaterThan(0);
    const previous = b204.history[b204.history.length - 1];
    const stored = await t.database.db
      .selectFrom('collection.cell_values')
      .select('num')
      .where('unit_id', '=', entry.json().unitId)
      .where('form_id', '=', b204.formId)
      .where('period', '=', previous)
      .where('indicator', '=', 'A01')
      .where('column_code', '=', 'current')
      .executeTakeFirstOrThrow();
    expect(Number(a01.previous)).toBe(Number(stored.num));
    // The rule comparing with last year finds last year's report: it decides, it is not "not applicable".
    const check = await qiye.post(`/api/collection/forms/${b204.formId}/periods/${b204.open}/check`, {
      values: { 'A01.current': a01.lastYear, 'A02.current': a01.lastYear, 'A03.current': '0' },
    });
    expect(check.statusCode).toBe(200);
    const v01 = check.json().results.find((r: any) => r.ruleId === 'B204-1.V01');
    expect(v01.outcome).toBe('pass');
    expect(Number(check.json().values['A01.same_period_last_year'])).toBe(Number(a01.lastYear));
  });

  it('has other units of the open period handed in, returned and in draft, so review and monitoring show something', async () => {
    const b204 = form('B204-1');
    const states = await t.database.db
      .selectFrom('collection.submissions')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('form_id', '=', b204.formId)
      .where('period', '=', b204.open!)
      .groupBy('status')
      .execute();
    const by = Object.fromEntries(states.map((s) => [s.status, Number(s.n)]));
    expect(by.submitted).toBeGreaterThan(0);
    expect(by.draft).toBeGreaterThan(0);
    expect(by.returned ?? 0).toBeGreaterThanOrEqual(0);
    expect((by.submitted ?? 0) + (by.returned ?? 0) + (by.draft ?? 0)).toBeLessThan(form('B204-1').units);
    const city = await t.signIn('city', DEMO_PASSWORD);
    const list = (await city.get(`/api/review/submissions?period=${b204.open}&formId=${b204.formId}`)).json();
    expect(list.total).toBeGreaterThan(0);
    const seeded = await t.database.db
      .selectFrom('audit.events')
      .select('action')
      .where('action', 'like', '%demo_history%')
      .execute();
    expect(seeded.map((e) => e.action).sort()).toEqual([
      'collection.demo_history_seeded',
      'review.demo_history_seeded',
    ]);
  });
});
