/**
 * Publication's public reads (api.public) on a dataset of realistic size: the typical query of
 * the open data API and the site — one indicator × 10 regions × 60 months — through `cells`, plus
 * `dataset` (metadata with visible code lists), `datasets` and `version`, at an instant after the
 * releases. Rows are written straight into publication.observations (10 indicators × 150 regions
 * × 180 months, a second vintage of the latest 12 months, and a staged later release that must
 * stay invisible), then each read runs QUERIES times; p50 and p95 in ms.
 *
 *   npx tsx bench/publication.bench.ts
 *   PUB_BENCH_BACKENDS=PGlite PUB_BENCH_QUERIES=100 npx tsx bench/publication.bench.ts
 *
 * Measured 2026-11-26 on the shared 2-core machine (load average 11–13 from other work), 306,000
 * rows: cells 600 p50 4.1 ms (PostgreSQL; EXPLAIN ANALYZE 0.8 ms of it in the server: one index
 * range per region on (dataset, indicator, region, period_ord …)) and 12–20 ms (PGlite); one
 * region's whole series p50 1.0 / 4.3 ms; dataset metadata p50 5.9 / 5.3 ms; datasets 2.6 / 1.6
 * ms; version 0.8 / 1.1 ms. p95s are several times the p50s on the loaded machine.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { refreshCodes } from '../src/modules/publication/staging-store.ts';
import { benchPlatform } from './scratch-db.ts';

const QUERIES = Number(process.env.PUB_BENCH_QUERIES ?? 200);
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const INDICATORS = 10;
const REGIONS = 150;
const MONTHS = 180; // 2011-01 … 2025-12
const FIRST_ORD = 2011 * 12; // periods.ordinal of 2011-01 (year × 12 + month − 1)

type Backend = 'PostgreSQL' | 'PGlite';

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function time(label: string, n: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run(i);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(52)} p50 ${quantile(ms, 0.5).toFixed(2).padStart(7)} ms   p95 ${quantile(ms, 0.95).toFixed(2).padStart(7)} ms`,
  );
}

async function run(backend: Backend) {
  const { platform, drop } = await benchPlatform(backend, 'publication', PG_URL);
  const db = platform.database.db;
  try {
    const R1 = new Date('2026-01-15T01:30:00Z');
    const R2 = new Date('2026-02-15T01:30:00Z');
    const R3 = new Date('2026-03-15T01:30:00Z'); // staged, not yet released at `at`
    const at = new Date('2026-03-01T00:00:00Z');
    await sql`insert into publication.datasets (code, title_zh, title_en, subject, frequency, indicators, dimensions, source, updated_by)
      values ('bench', '基准', 'Bench', 'other', 'M', ${Array.from({ length: INDICATORS }, (_, i) => `ind${i}`)}, ${['region']}, 'bench', 'bench')`.execute(
      db,
    );
    for (const [id, when] of [
      ['00000000-0000-4000-8000-000000000001', R1],
      ['00000000-0000-4000-8000-000000000002', R2],
      ['00000000-0000-4000-8000-000000000003', R3],
    ] as const) {
      await sql`insert into publication.releases (id, title_zh, title_en, kind, release_at, created_by, updated_by)
        values (${id}, 'r', 'r', 'data', ${when}, 'bench', 'bench')`.execute(db);
      await sql`insert into publication.stagings (release_id, dataset, added, revised, restated, unchanged, staged_by)
        values (${id}, 'bench', 0, 0, 0, 0, 'bench')`.execute(db);
    }
    const started = performance.now();
    // Vintage 1 (R1) of everything; the latest 12 months revised at R2; again staged for R3.
    for (let i = 0; i < INDICATORS; i++) {
      await sql`
        insert into publication.observations (dataset, period, period_ord, indicator, region, industry, size, regtype,
          value, status, note, release_id, visible_from, visible_to)
        select 'bench', to_char(make_date(o / 12, o % 12 + 1, 1), 'YYYY-MM'), o, ${`ind${i}`}, (330200 + r)::text,
          'total', 'total', 'total', round((random() * 1000)::numeric, 2), 'final', null,
          '00000000-0000-4000-8000-000000000001', ${R1}, case when o >= ${FIRST_ORD + MONTHS - 12}::int then ${R2}::timestamptz end
        from generate_series(${FIRST_ORD}::int, ${FIRST_ORD + MONTHS - 1}::int) o, generate_series(0, ${REGIONS - 1}) r`.execute(
        db,
      );
      await sql`
        insert into publication.observations (dataset, period, period_ord, indicator, region, industry, size, regtype,
          value, status, note, release_id, visible_from, visible_to)
        select 'bench', to_char(make_date(o / 12, o % 12 + 1, 1), 'YYYY-MM'), o, ${`ind${i}`}, (330200 + r)::text,
          'total', 'total', 'total', round((random() * 1000)::numeric, 2), 'revised', '修订', v.rel, v.f, v.t
        from generate_series(${FIRST_ORD + MONTHS - 12}::int, ${FIRST_ORD + MONTHS - 1}::int) o, generate_series(0, ${REGIONS - 1}) r,
          (values ('00000000-0000-4000-8000-000000000002', ${R2}::timestamptz, ${R3}::timestamptz),
                  ('00000000-0000-4000-8000-000000000003', ${R3}::timestamptz, null)) v(rel, f, t)`.execute(
        db,
      );
    }
    await refreshCodes(db, 'bench');
    await sql`analyze publication.observations`.execute(db);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from publication.observations`.execute(db);
    console.log(
      `${backend}: ${rows[0]!.n.toLocaleString('en')} public observations written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const pub = platform.modules.publication.api.public;
    const months = Array.from({ length: 60 }, (_, i) => {
      const o = FIRST_ORD + MONTHS - 60 + i;
      return `${Math.floor(o / 12)}-${String((o % 12) + 1).padStart(2, '0')}`;
    });
    const regions = (i: number) =>
      Array.from({ length: 10 }, (_, k) => String(330200 + ((i * 7 + k * 13) % REGIONS)));
    const check = await pub.cells('bench', { indicator: ['ind3'], region: regions(0), period: months }, at);
    if (check.length !== 600) throw new Error(`expected 600 cells, got ${check.length}`);
    await time('cells: 1 indicator × 10 regions × 60 months (600)', QUERIES, (i) =>
      pub.cells('bench', { indicator: [`ind${i % INDICATORS}`], region: regions(i), period: months }, at),
    );
    await time('cells: 1 indicator × 1 region, all periods (180)', QUERIES, (i) =>
      pub.cells('bench', { indicator: [`ind${i % INDICATORS}`], region: regions(i).slice(0, 1) }, at),
    );
    await time('dataset: metadata with visible code lists', Math.ceil(QUERIES / 10), () =>
      pub.dataset('bench', at),
    );
    await time('datasets: the list', Math.ceil(QUERIES / 10), () => pub.datasets(at));
    await time('version', Math.ceil(QUERIES / 10), () => pub.version(at));
  } finally {
    await platform.close();
    await drop();
  }
}

const backends = (process.env.PUB_BENCH_BACKENDS ?? 'PostgreSQL,PGlite').split(',') as Backend[];
for (const b of backends) await run(b);
