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
 * The same run measures pgbench TPC-B (8 clients, scale 10) on the PostgreSQL server: the
 * durable-commit baseline; each backend prints submissions/s ÷ pgbench tps.
 *
 * Node's fetch (undici) keeps connections alive by default; its global pool opens as many
 * connections as there are requests in flight (here at most 50).
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { currentPeriod } from '../src/modules/collection/domain/window.ts';
import { generateCreditCode } from '../src/modules/registry/domain/credit-code.ts';
import { mulberry32 } from '../src/modules/registry/domain/prng.ts';
import { periods } from '../src/modules/surveys/index.ts';
import {
  createAdmin,
  createServerEnvironment,
  freePort,
  httpSession,
  startServer,
  stopServer,
} from '../test/support/server-process.ts';
import { formDefinition, valuesFor } from './bench-form.ts';
import { scratchDatabase } from './scratch-db.ts';

const UNITS = Number(process.env.BENCH_UNITS ?? 200);
const PERIODS = 10; // measured periods per unit: the 10 months before the current one
const SUBMISSIONS = Math.min(Number(process.env.BENCH_SUBMISSIONS ?? 2000), UNITS * PERIODS);
const HEALTH_REQUESTS = Number(process.env.BENCH_HEALTH ?? 5000);
const CONCURRENCY = 50;
const PHASE_LIMIT_MS = 180_000; // each measured phase stops issuing requests after this
const PASSWORD = 'Bench@2026xyz';
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 20);

// ---------------------------------------------------------------------------------------------

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return 0;
  }
}

/** The server backends of a PostgreSQL database (their CPU time is PostgreSQL's share). */
async function backendPids(database: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const r = await c.query('select pid from pg_stat_activity where datname = $1', [database]);
    return r.rows.map((row) => row.pid as number);
  } finally {
    await c.end();
  }
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

/**
 * The durable-commit baseline: pgbench TPC-B (scale 10, 8 clients) on the same server, in a
 * scratch database created and dropped here. Returns transactions/s, or null without pgbench.
 */
async function pgbenchTps(): Promise<number | null> {
  const { url, drop } = await scratchDatabase(PG_URL, `tongji_bench_pgbench_${process.pid}`);
  try {
    const init = spawnSync('pgbench', ['-i', '-q', '-s', '10', url], { encoding: 'utf8' });
    if (init.error || init.status !== 0) {
      console.error(`  pgbench -i failed: ${init.error?.message ?? init.stderr}`);
      return null;
    }
    const run = spawnSync('pgbench', ['-c', '8', '-j', '2', '-T', String(PGBENCH_SECONDS), url], {
      encoding: 'utf8',
    });
    const m =
      /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(
        run.stdout ?? '',
      );
    if (run.status !== 0 || !m) {
      console.error(`  pgbench failed: ${run.stderr}`);
      return null;
    }
    const latency = /latency average = ([\d.]+) ms/.exec(run.stdout)?.[1];
    const tps = Number(m[1]);
    console.log(
      `  pgbench TPC-B (scale 10, 8 clients, ${PGBENCH_SECONDS} s)  ${tps.toFixed(1).padStart(7)} tps  latency avg ${latency} ms`,
    );
    return tps;
  } finally {
    await drop();
  }
}

async function runOn(backend: 'PostgreSQL' | 'PGlite', tps: number | null): Promise<number> {
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
    // BENCH_PROFILE_DIR=… writes a V8 CPU profile of the server process there (`--cpu-prof`).
    const profile = process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [];
    server = await startServer(environment.env, port, profile);
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
    // CPU used per submission by the server process and by its PostgreSQL backends: steadier
    // than throughput on a shared machine. The pool's backends live through the phase.
    const database = environment.env.DATABASE_URL
      ? new URL(environment.env.DATABASE_URL).pathname.slice(1)
      : null;
    const serverCpu0 = cpuSeconds(server.pid!);
    const pids = database ? await backendPids(database) : [];
    const pgCpu0 = pids.reduce((a, p) => a + cpuSeconds(p), 0);
    const clientCpu0 = process.cpuUsage();
    const sub = await measure(SUBMISSIONS, (i) => submit(pairs[i][0], pairs[i][1], 'run'));
    const serverCpu = cpuSeconds(server.pid!) - serverCpu0;
    const clientUsage = process.cpuUsage(clientCpu0);
    const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
    const morePids = database ? await backendPids(database) : [];
    const pgCpu = morePids.reduce((a, p) => a + cpuSeconds(p), 0) - pgCpu0;
    const health = await measure(HEALTH_REQUESTS, () => fetch(`${base}/api/health`));
    const subRate = summary('submit (100 cells)', sub);
    const per = (s: number) => ((1000 * s) / Math.max(1, sub.latencies.length)).toFixed(2);
    console.log(
      `  CPU per submission: server process ${per(serverCpu)} ms` +
        (database
          ? `, PostgreSQL backends ${per(pgCpu)} ms (${morePids.length} backends)`
          : ' (PGlite runs inside it)') +
        `, load generator ${per(clientCpu)} ms`,
    );
    const healthRate = summary('GET /api/health', health);
    console.log(`  health / submit throughput ratio: ${(healthRate / subRate).toFixed(1)}×`);
    if (tps) console.log(`  submissions/s ÷ pgbench tps: ${(subRate / tps).toFixed(3)}`);
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
// pgbench first, on an idle server: both backends' submissions are compared with it.
// BENCH_BACKENDS=PostgreSQL (or PGlite) runs one of them; BENCH_PGBENCH_SECONDS=0 skips pgbench.
const backends = (process.env.BENCH_BACKENDS ?? 'PostgreSQL,PGlite').split(',') as (
  | 'PostgreSQL'
  | 'PGlite'
)[];
const tps = PGBENCH_SECONDS > 0 ? await pgbenchTps() : null;
for (const backend of backends) failures += await runOn(backend, tps);
process.exit(failures ? 1 : 0);
