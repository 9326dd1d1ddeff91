/**
 * The public website under load (issue 5): time to first byte of the home page and of a bulletin
 * page (the demo's 2025 bulletin, with live data embeds rendered from publication's cells) at 50
 * concurrent clients for 10 s each, from autocannon (in a worker thread, so the load generator
 * does not share the server's event loop) against a real listening server on PGlite with the
 * statdb, publication and cms demo content. Two cases per page: cached (the page cache of the
 * current visibility window answers repeats; each request still checks the window) and uncached
 * (a unique query string per request, so every one renders the page: template, embeds, search
 * of the window's read memo — read-memo.ts — which answers cms's and publication's reads already
 * made in the same window, as it would for a real visitor's new URL). The site sends each page in one write once rendered, so autocannon's latency (to the
 * last byte) is also its time to first byte within a few tens of microseconds.
 *
 *   npx tsx bench/site.bench.ts            (BENCH_SECONDS=10 per case by default)
 *
 * Figures (2026-11-26, PGlite, shared 2-core machine with other workers running):
 *   home cached        9,589 req/s  p50  4 ms  p99  24 ms
 *   home uncached        488 req/s  p50 85 ms  p99 271 ms
 *   bulletin cached    5,735 req/s  p50  7 ms  p99  25 ms
 *   bulletin uncached    655 req/s  p50 56 ms  p99 282 ms
 * Before the window's read memo, every uncached render went to the database: 11 req/s, p50 3.7 s
 * for the home page (four datasets' metadata and cells, lists, calendar on PGlite's one session).
 */
import autocannon from 'autocannon';
import { benchPlatform } from './scratch-db.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BULLETIN = '/site/articles/ningbo-statistical-bulletin-2025';

// BENCH_BACKEND=PostgreSQL runs the same on a scratch database of the server at DATABASE_URL.
const backend = process.env.BENCH_BACKEND === 'PostgreSQL' ? 'PostgreSQL' : 'PGlite';
const { platform, drop } = await benchPlatform(
  backend,
  'site',
  process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
);
console.log(`engine: ${backend}`);
const m = platform.modules;
platform.clock.set(new Date(Math.floor(Date.now() / 60_000) * 60_000 + 5_000));
await m.statdb.seedDemo!();
await m.publication.seedDemo!();
await m.cms.seedDemo!();

const address = await platform.app.listen({ port: 0, host: '127.0.0.1' });
for (const path of ['/site/', BULLETIN]) {
  const probe = await fetch(`${address}${path}`);
  const body = await probe.text();
  if (probe.status !== 200 || !body.includes('宁波市统计局'))
    throw new Error(`bad answer ${probe.status} for ${path}`);
  console.log(`${path} → ${body.length} characters of HTML`);
}

async function run(label: string, path: string, unique: boolean) {
  // `[<id>]` becomes a fresh id in every request: a page-cache miss each time.
  const r = await autocannon({
    url: `${address}${path}${unique ? '?n=[<id>]' : ''}`,
    idReplacement: unique,
    connections: 50,
    duration: SECONDS,
    workers: 1,
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  console.log(
    `${label.padEnd(18)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  (${r.requests.total} requests, ${bad} failed, 50 connections, ${SECONDS} s)`,
  );
}

await run('home cached', '/site/', false);
await run('home uncached', '/site/', true);
await run('bulletin cached', BULLETIN, false);
await run('bulletin uncached', BULLETIN, true);
console.log(`${backend}, one process; the machine is shared (2 cores), so figures vary between runs.`);
await platform.close();
await drop();
