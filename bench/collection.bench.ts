/**
 * End-to-end HTTP submissions (issue 3, "Performance"): a real server process with
 * TONGJI_DEMO=false, a monthly form of 100 entered cells and 60 rules (totals, parts, ratios,
 * if…then, between, growth against lastyear() and prev()), N units with enterprise accounts and
 * API tokens, the period before the measured ones pre-submitted so prev() rules have data; then
 * 50 concurrent clients each POST …/submit (all values, Idempotency-Key) for distinct
 * unit × period pairs, oldest period first. Baseline: GET /api/health at the same concurrency.
 * Run on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, in a
 * scratch database) and on PGlite, in the same run. Only to 127.0.0.1; bounded in count and time.
 *
 * Node's fetch (undici) keeps connections alive by default; its global pool opens as many
 * connections as there are requests in flight (here at most 50).
 */
import type { ChildProcess } from 'node:child_process';
import { currentPeriod } from '../src/modules/collection/domain/window.ts';
import { generateCreditCode } from '../src/modules/registry/domain/credit-code.ts';
import { mulberry32 } from '../src/modules/registry/domain/prng.ts';
import { periods } from '../src/modules/surveys/index.ts';
import { sampleDefinition } from '../src/modules/surveys/test-fixtures.ts';
import {
  createAdmin,
  createServerEnvironment,
  freePort,
  httpSession,
  startServer,
  stopServer,
} from '../test/support/server-process.ts';

const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const PERIODS = 10; // measured periods per unit: the 10 months before the current one
const SUBMISSIONS = Math.min(Number(process.env.BENCH_SUBMISSIONS ?? 2000), UNITS * PERIODS);
const HEALTH_REQUESTS = Number(process.env.BENCH_HEALTH ?? 5000);
const CONCURRENCY = 50;
const PHASE_LIMIT_MS = 180_000; // each measured phase stops issuing requests after this
const PASSWORD = 'Bench@2026xyz';
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

// ---------------------------------------------------------------------------------------------
// The form: 10 groups of 10 indicators B001…B100 (B_g1 = total of the group, B_g2…B_g10 its
// parts), one entered column, plus the last-year and year-to-date columns the system derives.

const code = (i: number) => `B${String(i).padStart(3, '0')}`;
const cell = (i: number) => `${code(i)}.current`;

function formDefinition(): any {
  const rules: any[] = [];
  const rule = (id: string, expr: string, severity: string, zh: string, en: string) =>
    rules.push({ id, expr, severity, message: { zh, en } });
  for (let g = 0; g < 10; g++) {
    const t = g * 10 + 1;
    // totals (10)
    rule(
      `S${g}.T`,
      `${cell(t)} = sum(${cell(t + 1)}:${cell(t + 9)})`,
      'fatal',
      `${code(t)} 应等于分项之和 {sum(${cell(t + 1)}:${cell(t + 9)})}`,
      `${code(t)} must equal the sum of its parts {sum(${cell(t + 1)}:${cell(t + 9)})}`,
    );
    // parts not above the total (20)
    for (const p of [2, 3])
      rule(
        `S${g}.P${p}`,
        `${cell(t + p - 1)} <= ${cell(t)}`,
        'fatal',
        '其中项不能大于合计',
        'A part cannot exceed the total',
      );
    // ratios (10)
    rule(
      `S${g}.R`,
      `ratio(${cell(t + 1)}, ${cell(t)}) <= 0.5`,
      'verify',
      `${code(t + 1)} 占合计 {ratio(${cell(t + 1)}, ${cell(t)})}，超过一半，请核实`,
      `${code(t + 1)} is {ratio(${cell(t + 1)}, ${cell(t)})} of the total, above half; please verify`,
    );
  }
  for (let g = 0; g < 5; g++) {
    const t = g * 10 + 1;
    // if … then (5)
    rule(
      `I${g}`,
      `if ${cell(t + 50)} > 0 then ${cell(t)} > 0`,
      'fatal',
      '有分项则应有合计',
      'Parts need a total',
    );
    // between (5)
    rule(`B${g}`, `between(${cell(t + 4)}, 0, 1000000)`, 'verify', '数值超出合理范围', 'Value out of range');
    // growth against the same period last year (5)
    rule(
      `G${g}.Y`,
      `abs(growth(${cell(t)}, lastyear(${cell(t)}))) <= 50`,
      'verify',
      `同比增长 {growth(${cell(t)}, lastyear(${cell(t)}))}%，超过 50%`,
      `Grew {growth(${cell(t)}, lastyear(${cell(t)}))}% on last year, above 50%`,
    );
    // growth against the previous period (5)
    rule(
      `G${g}.P`,
      `abs(growth(${cell(t + 50)}, prev(${cell(t + 50)}))) <= 30`,
      'verify',
      `环比增长 {growth(${cell(t + 50)}, prev(${cell(t + 50)}))}%，超过 30%`,
      `Grew {growth(${cell(t + 50)}, prev(${cell(t + 50)}))}% on the previous period, above 30%`,
    );
  }
  return sampleDefinition((d) => {
    d.form.code = 'PB101';
    d.form.deadline = { daysAfterPeriodEnd: 366, time: '20:00' };
    d.version.from = '2020-01';
    d.codeLists = [];
    d.indicators = Array.from({ length: 100 }, (_, k) => ({
      code: code(k + 1),
      name: { zh: `指标${k + 1}`, en: `Indicator ${k + 1}` },
      type: 'decimal',
      decimals: 1,
      required: (k + 1) % 10 === 1,
    }));
    d.computed = [];
    d.rules = rules;
  });
}
// 10 totals + 20 parts + 10 ratios + 5 if…then + 5 between + 5 lastyear growth + 5 prev growth = 60

/** All 100 values of a unit for a period: parts grow slowly, totals are their exact sum. */
function valuesFor(unit: number, periodIndex: number): Record<string, string> {
  const v: Record<string, string> = {};
  for (let g = 0; g < 10; g++) {
    let total = 0;
    for (let p = 2; p <= 10; p++) {
      const tenths = (1000 + (unit % 17) * 10 + p * 37 + g) * (100 + periodIndex); // grows ~1 %/month
      const x = Math.round(tenths / 100);
      total += x;
      v[cell(g * 10 + p)] = (x / 10).toFixed(1);
    }
    v[cell(g * 10 + 1)] = (total / 10).toFixed(1);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

interface Result {
  ok: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

/** Runs `total` requests with `CONCURRENCY` clients; stops issuing after PHASE_LIMIT_MS. */
async function measure(total: number, request: (i: number) => Promise<Response>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let printed = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total && performance.now() - t0 < PHASE_LIMIT_MS) {
        const i = next++;
        const s = performance.now();
        try {
          const res = await request(i);
          const text = await res.text();
          latencies.push(performance.now() - s);
          if (res.status < 200 || res.status >= 300) {
            errors++;
            if (printed++ < 5) console.error(`  request ${i}: ${res.status} ${text.slice(0, 600)}`);
          }
        } catch (e) {
          errors++;
          if (printed++ < 5) console.error(`  request ${i}: ${(e as Error).message}`);
        }
      }
    }),
  );
  return { ok: latencies.length - errors, errors, seconds: (performance.now() - t0) / 1000, latencies };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function summary(label: string, r: Result): number {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const rate = r.latencies.length / r.seconds;
  console.log(
    `  ${label.padEnd(22)} ${String(r.latencies.length).padStart(5)} req in ${r.seconds.toFixed(1).padStart(5)} s` +
      `  ${rate.toFixed(1).padStart(7)}/s  p50 ${quantile(sorted, 0.5).toFixed(1)} ms` +
      `  p95 ${quantile(sorted, 0.95).toFixed(1)} ms  p99 ${quantile(sorted, 0.99).toFixed(1)} ms` +
      `  errors ${r.errors}`,
  );
  return rate;
}

// ---------------------------------------------------------------------------------------------

async function runOn(backend: 'PostgreSQL' | 'PGlite'): Promise<number> {
  if (backend === 'PostgreSQL') process.env.DATABASE_URL = PG_URL;
  else delete process.env.DATABASE_URL;
  const environment = await createServerEnvironment(
    `bench-collection-${backend === 'PGlite' ? 'lite' : 'pg'}`,
  );
  let server: ChildProcess | undefined;
  let errors = 0;
  try {
    createAdmin(environment.env, 'bench-admin', PASSWORD);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = await startServer(environment.env, port);
    const admin = await httpSession(base, 'bench-admin', PASSWORD);

    const imported = await admin('POST', '/api/surveys/definitions', JSON.stringify(formDefinition()));
    if (imported.status !== 201)
      throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
    const activated = await admin('POST', `/api/surveys/versions/${imported.body.id}/activate`);
    if (activated.status !== 200)
      throw new Error(`activate: ${activated.status} ${JSON.stringify(activated.body)}`);
    const formId = activated.body.formId as string;

    // Units, enterprise accounts and API tokens, through the API as admin (a few at a time).
    const t0 = performance.now();
    const random = mulberry32(7);
    const creditCodes = Array.from({ length: UNITS }, () =>
      generateCreditCode(random, { division: '330203' }),
    );
    const tokens: string[] = new Array(UNITS);
    await pool([...Array(UNITS).keys()], 4, async (i) => {
      const unit = await admin('POST', '/api/registry/units', {
        creditCode: creditCodes[i],
        name: `宁波压测${i}有限公司`,
        townshipCode: '330203001',
        industryCode: '3411',
        registrationType: '173',
        employees: 100 + i,
        revenueThousandYuan: 250000,
      });
      if (unit.status !== 201) throw new Error(`unit ${i}: ${unit.status} ${JSON.stringify(unit.body)}`);
      const username = `bench-${i}`;
      const account = await admin('POST', '/api/accounts', {
        username,
        displayName: username,
        role: 'enterprise',
        unitId: unit.body.id,
        password: PASSWORD,
      });
      if (account.status !== 201)
        throw new Error(`account ${i}: ${account.status} ${JSON.stringify(account.body)}`);
      const reporter = await httpSession(base, username, PASSWORD);
      const token = await reporter('POST', '/api/auth/tokens', { name: 'ERP' });
      if (token.status !== 201) throw new Error(`token ${i}: ${token.status} ${JSON.stringify(token.body)}`);
      tokens[i] = token.body.token;
    });

    // periodIndex 0 is pre-submitted; 1…PERIODS are measured, oldest first.
    const now = currentPeriod('monthly', new Date());
    const periodOf = (periodIndex: number) =>
      periods.formatPeriod(periods.shiftPeriod(now, periodIndex - PERIODS - 1));
    const submit = (unit: number, periodIndex: number, tag: string) =>
      fetch(`${base}/api/collection/forms/${formId}/periods/${periodOf(periodIndex)}/submit`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens[unit]}`,
          'content-type': 'application/json',
          'idempotency-key': `${tag}-${unit}-${periodIndex}`,
        },
        body: JSON.stringify({ values: valuesFor(unit, periodIndex) }),
      });
    await pool([...Array(UNITS).keys()], 10, async (u) => {
      const res = await submit(u, 0, 'pre');
      if (res.status !== 200) throw new Error(`pre-submit ${u}: ${res.status} ${await res.text()}`);
    });
    console.log(
      `${backend}: ${UNITS} units + accounts + tokens, ${UNITS} previous-period submissions set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // Distinct unit × period pairs, oldest period first (so prev() mostly finds last month).
    const pairs: [number, number][] = [];
    for (let p = 1; p <= PERIODS; p++) for (let u = 0; u < UNITS; u++) pairs.push([u, p]);
    // A short warm-up on /api/health so connections and JIT are in place for both phases.
    await measure(200, () => fetch(`${base}/api/health`));
    const sub = await measure(SUBMISSIONS, (i) => submit(pairs[i][0], pairs[i][1], 'run'));
    const health = await measure(HEALTH_REQUESTS, () => fetch(`${base}/api/health`));
    const subRate = summary('submit (100 cells)', sub);
    const healthRate = summary('GET /api/health', health);
    console.log(`  health / submit throughput ratio: ${(healthRate / subRate).toFixed(1)}×`);
    errors = sub.errors + health.errors;
    if (sub.latencies.length < SUBMISSIONS) {
      console.error(
        `  stopped at the time limit after ${sub.latencies.length} of ${SUBMISSIONS} submissions`,
      );
      errors++;
    }
  } finally {
    if (server) await stopServer(server);
    await environment.cleanup();
  }
  return errors;
}

console.log(
  `collection: POST …/submit, ${SUBMISSIONS} submissions, ${CONCURRENCY} concurrent clients, 100 entered cells, 60 rules`,
);
let failures = 0;
for (const backend of ['PostgreSQL', 'PGlite'] as const) failures += await runOn(backend);
process.exit(failures ? 1 : 0);
