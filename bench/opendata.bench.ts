/**
 * The open data API under load (issue 5): requests per second and p50/p99 latency of a typical
 * query — one indicator, 10 regions, 60 months (600 cells, JSON-stat 2.0) — at 50 concurrent
 * clients for 10 s, from autocannon (in a worker thread, so the load generator does not share the
 * server's event loop) against a real listening server on PGlite. Three cases: cached (the
 * in-process answer cache serves repeats; each request still asks publication for its version
 * and next release minute, which the ETag and max-age need) and uncached (the answer cache off:
 * every request reads the table's metadata and cells and encodes them); between them, "distinct":
 * the cache on but every request a new period range (opendata-selection.cjs), so only the
 * table's metadata (kept per publication version) is shared. Rate limiting is off.
 *
 *   npx tsx bench/opendata.bench.ts            (BENCH_SECONDS=10 per case by default)
 *
 * Figures (2026-11-26, PGlite, 10 s per case, 2 shared cores with 4 other workers; load average
 * 5 to 10 during the runs, so they vary by 2×), three runs:
 *   cached    5,658 req/s p50 8 ms p99 35 ms   | 5,099 p50 8 ms p99 54 ms | 3,684 p50 9 ms p99 121 ms
 *   distinct    114 req/s p50 452 ms p99 727 ms | —                        | 60 p50 616 ms p99 5.1 s
 *   uncached     44 req/s p50 390 ms p99 7.7 s  | 36 p50 1.3 s p99 1.7 s   | 16 p50 538 ms p99 9.0 s
 * (uncached runs lost 0–66 requests to autocannon's 10 s timeout: PGlite serves one query at a
 * time, and with 50 clients queued some wait that long.)
 * Where an uncached answer's time goes (PGlite serves one query at a time): publication's
 * `cells` for 600 cells ~28 ms — most of it PostgreSQL sending `numeric` (the same select with
 * `value::text` takes ~8 ms) —, `dataset` ~10 ms (seven queries), `version` ~13 ms (remembered
 * for "now", see visibility.ts); encoding the JSON-stat answer is well under a millisecond.
 */
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchPlatform } from './scratch-db.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const T0 = new Date('2026-01-05T00:00:00Z');
const RELEASE = new Date('2026-01-05T00:01:00Z');

// BENCH_BACKEND=PostgreSQL runs the same on a scratch database of the server at DATABASE_URL.
const backend = process.env.BENCH_BACKEND === 'PostgreSQL' ? 'PostgreSQL' : 'PGlite';
const { platform, drop } = await benchPlatform(
  backend,
  'opendata',
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
);
console.log(`engine: ${backend}`);
const m = platform.modules;
platform.clock.set(T0);

// One monthly indicator for 10 regions over 60 months, staged for a release and released.
const regions = (await m.statdb.api.dimensions())
  .find((d) => d.dimension === 'region')!
  .codes.slice(0, 10)
  .map((c) => c.code);
const months = Array.from(
  { length: 60 },
  (_x, i) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
await platform.database.db.transaction().execute((trx) =>
  m.statdb.api.defineIndicators(
    trx,
    [
      {
        code: 'bench_retail',
        name: { zh: '社会消费品零售总额', en: 'Retail sales of consumer goods' },
        unit: { zh: '亿元', en: '100 million yuan' },
        definition: { zh: '基准测试', en: 'Benchmark' },
        source: 'bench',
        frequency: 'M',
        kind: 'flow',
        decimals: 2,
        footnotes: [],
        dimensions: ['region'],
      },
    ],
    'bench',
  ),
);
await m.statdb.api.publish(platform.database.db, {
  source: 'bench',
  by: 'bench',
  observations: regions.flatMap((region, r) =>
    months.map((period, i) => ({
      indicator: 'bench_retail',
      dims: { region },
      period,
      value: `${1000 + r * 37 + i}.${String((r * 7 + i) % 100).padStart(2, '0')}`,
      status: 'final' as const,
    })),
  ),
});
const who = { actor: null, ip: null, userAgent: null, by: 'bench' };
const svc = m.publication.api.service;
await svc.createDataset(who, {
  code: 'bench-retail',
  title: { zh: '零售总额', en: 'Retail sales' },
  subject: 'trade',
  indicators: ['bench_retail'],
  dimensions: ['region'],
  source: 'bench',
});
const release = await svc.createRelease(who, {
  title: { zh: '基准', en: 'Bench' },
  kind: 'data',
  releaseAt: RELEASE.toISOString(),
});
await svc.stage(who, release.id, 'bench-retail', {});
platform.clock.set(new Date(RELEASE.getTime() + 60_000));

m.opendata.api.configureRateLimit({ enabled: false });
const address = await platform.app.listen({ port: 0, host: '127.0.0.1' });
const path = '/open/api/v2/tables/bench-retail/data?valueCodes[region]=*&valueCodes[period]=top(60)';

const probe = await fetch(`${address}${path}`);
const body = await probe.text();
if (probe.status !== 200 || JSON.parse(body).size.join('×') !== '1×10×60')
  throw new Error(`bad answer ${probe.status} ${body.slice(0, 200)}`);
console.log(`query: ${path} → ${body.length} bytes of JSON-stat (1 × 10 × 60 cells)`);

async function run(label: string, distinct = false) {
  const r = await autocannon({
    url: `${address}${path}`,
    connections: 50,
    duration: SECONDS,
    workers: 1,
    ...(distinct
      ? {
          requests: [
            { setupRequest: fileURLToPath(new URL('./opendata-selection.cjs', import.meta.url)) as never },
          ],
        }
      : {}),
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  console.log(
    `${label.padEnd(9)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  (${r.requests.total} requests, ${bad} failed, 50 connections, ${SECONDS} s)`,
  );
}

m.opendata.api.setAnswerCache(true);
await run('cached');
await run('distinct', true);
m.opendata.api.setAnswerCache(false);
await run('uncached');
console.log(`${backend}, one process; the machine is shared (2 cores), so figures vary between runs.`);
// Requests autocannon gave up on at the end may still be running: let them finish first.
await new Promise((resolve) => setTimeout(resolve, 2000));
await platform.close();
await drop();
