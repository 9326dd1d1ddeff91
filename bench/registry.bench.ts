/**
 * Register benchmarks (名录库): search p50/p95 at 100,000 units on PGlite and PostgreSQL, and the
 * import of 100,000 rows (preview + confirm) in rows per second.
 *
 *   npx tsx bench/registry.bench.ts            # both engines (PostgreSQL if reachable)
 *   BENCH_UNITS=20000 npx tsx bench/registry.bench.ts
 *   DATABASE_URL=postgres://… npx tsx bench/registry.bench.ts
 *
 * PostgreSQL runs in a scratch database created and dropped here.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp, type Platform } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { generateDemoUnits } from '../src/modules/registry/demo.ts';
import { insertUnits } from '../src/modules/registry/repo.ts';
import { IMPORT_COLUMNS, writeSheet } from '../src/modules/registry/transfer.ts';
import type { Actor } from '../src/platform/auth.ts';
import { openDatabase } from '../src/platform/db.ts';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  accountId: `bench-${role}`,
  username: `bench-${role}`,
  displayName: role,
  role,
  officeId: null,
  divisionCode: null,
  unitId: null,
  via: 'token',
  sessionId: null,
  ...extra,
});
const ADMIN = actor('admin');
const COUNTY = actor('county_statistician', { officeId: 'office-330206', divisionCode: '330206' });
const TOWNSHIP = actor('township_statistician', { officeId: 'office-330203001', divisionCode: '330203001' });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

async function timeIt<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function run(engine: 'pglite' | 'postgres', platform: Platform) {
  const { registry } = platform.modules;
  const service = registry.api.service;
  const db = platform.database.db;
  const refs = await service.refs.get();

  const units = generateDemoUnits(refs, UNITS, 1);
  const [seedMs] = await timeIt(() => db.transaction().execute((trx) => insertUnits(trx, units)));
  await sql`analyze registry.units`.execute(db);
  console.log(
    `\n[${engine}] ${UNITS.toLocaleString()} units loaded in ${(seedMs / 1000).toFixed(1)} s (${Math.round(
      (UNITS / seedMs) * 1000,
    ).toLocaleString()} rows/s, bulk insert)`,
  );

  const sample = units[Math.floor(UNITS / 2)];
  const base = { sort: 'name' as const, page: 1, pageSize: 50 };
  const queries: [string, Actor, Record<string, unknown>][] = [
    ['first page, no filter (admin)', ADMIN, {}],
    ['name substring "机械"', ADMIN, { q: '机械' }],
    ['name substring "恒达电器"', ADMIN, { q: '恒达电器' }],
    ['credit code fragment (8 chars)', ADMIN, { q: sample.credit_code.slice(6, 14) }],
    ['county 330206 + industry 34', ADMIN, { division: '330206', industry: ['34'] }],
    ['township + section C', ADMIN, { division: '330212001', industry: ['C'] }],
    ['size large', ADMIN, { size: ['large'] }],
    ['size medium, sorted by revenue desc', ADMIN, { size: ['medium'], sort: '-revenue' }],
    ['grouping 高技术制造业', ADMIN, { grouping: ['high-tech-manufacturing'] }],
    ['county statistician, no filter', COUNTY, {}],
    ['county statistician, "机械" + active', COUNTY, { q: '机械', status: ['active'] }],
    ['township statistician, no filter', TOWNSHIP, {}],
    ['page 200 (offset 9,950)', ADMIN, { page: 200 }],
  ];
  console.log(`[${engine}] register search, ${RUNS} runs each (service call: query + total):`);
  console.log(`  ${'query'.padEnd(40)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}   total`);
  for (const [label, who, q] of queries) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const [t, r] = await timeIt(() => service.listUnits(who, { ...base, ...q } as any));
      if (i >= 2) times.push(t); // two warm-up runs
      total = r.total;
    }
    console.log(
      `  ${label.padEnd(40)} ${ms(pct(times, 50))} ${ms(pct(times, 95))}   ${total.toLocaleString()}`,
    );
  }
  const [mt, matched] = await timeIt(() =>
    registry.api.unitsMatching({ sections: ['C'], minRevenueThousandYuan: 20000 }),
  );
  console.log(
    `  unitsMatching(C, revenue ≥ 20 million yuan): ${matched.length.toLocaleString()} units in ${ms(mt)}`,
  );

  // Import: a CSV of IMPORT_ROWS new units, previewed (parse + check every row) then confirmed.
  const rows = generateDemoUnits(refs, IMPORT_ROWS, 2).map((u) => ({
    creditCode: u.credit_code,
    name: u.name,
    townshipCode: u.township_code,
    industryCode: u.industry_code,
    registrationType: u.registration_type,
    employees: u.employees,
    revenueThousandYuan: u.revenue_thousand_yuan,
    status: u.status,
    entryDate: u.entry_date,
    exitDate: u.exit_date ?? '',
    address: u.address,
    contactName: u.contact_name,
    contactPhone: u.contact_phone,
    contactEmail: u.contact_email ?? '',
  }));
  const file = await writeSheet('csv', IMPORT_COLUMNS, rows);
  const ctx = { actor: ADMIN, ip: '127.0.0.1', userAgent: 'bench' };
  const [previewMs, preview] = await timeIt(() =>
    registry.api.imports.preview(ctx, file, { mode: 'upsert', fileName: 'bench.csv' }),
  );
  if (preview.badRows)
    throw new Error(
      `bench import has ${preview.badRows} bad rows: ${JSON.stringify(preview.errors.slice(0, 3))}`,
    );
  const [confirmMs, result] = await timeIt(() => registry.api.imports.confirm(ctx, preview.id));
  const totalMs = previewMs + confirmMs;
  console.log(
    `[${engine}] import ${IMPORT_ROWS.toLocaleString()} rows (CSV, ${(file.length / 1e6).toFixed(1)} MB): preview ${(previewMs / 1000).toFixed(1)} s, confirm ${(confirmMs / 1000).toFixed(1)} s → ${Math.round((IMPORT_ROWS / totalMs) * 1000).toLocaleString()} rows/s (${result.inserted.toLocaleString()} inserted, ${result.updated.toLocaleString()} updated)`,
  );
}

async function main() {
  const config = loadConfig({ ...process.env, TONGJI_DEMO: 'false', LOG_LEVEL: 'silent' });
  console.log(
    `register benchmark: ${UNITS.toLocaleString()} units, import of ${IMPORT_ROWS.toLocaleString()} rows`,
  );

  {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    const platform = await buildApp(config, { database, prepare: false });
    await platform.migrate();
    await run('pglite', platform);
    await platform.close();
  }

  const name = `tongji_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`\n[postgres] skipped: cannot connect to ${PG_URL} (${(e as Error).message})`);
    return;
  }
  await admin.query(`create database ${name}`);
  try {
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    const url = u.toString();
    const database = await openDatabase({ engine: 'postgres', url });
    const platform = await buildApp(
      { ...config, database: { engine: 'postgres', url } },
      { database, prepare: false },
    );
    await platform.migrate();
    await run('postgres', platform);
    await platform.close();
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
