/**
 * Anomalous values for the review lists (issue 4, "Performance"): one form and period of
 * BENCH_ANOMALY_UNITS units (default 2,000) × 100 entered cells, compared with the approved
 * previous period and same period last year — 200 cell × base tests of HB and the modified
 * z-score. Figures: collection's read (`cellColumns`: three periods' numbers by cell), the
 * tests alone over values already in memory, and the list endpoint's service call cold (read +
 * tests + the register's names of flagged units) and warm (cached until a change is audited).
 * On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, in a scratch
 * database) and PGlite, in one run.
 *
 * The submissions are loaded straight into collection's tables with a few bulk statements (the
 * HTTP API would take most of the run): cell rows and each submission's saved version. Values:
 * each unit's own level per cell (50 to 5,050), ~2 % monthly growth, ~5 % yearly, noise that
 * shrinks with size (±3 % at 50, ±1 % at 5,000), and one cell in 200 ten times last month's.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import type { Platform } from '../src/app.ts';
import { cellColumns } from '../src/modules/collection/transitions.ts';
import { mulberry32 } from '../src/modules/registry/domain/prng.ts';
import { detectAnomalies } from '../src/modules/review/domain/anomalies.ts';
import type { Actor } from '../src/platform/auth.ts';
import { cell, formDefinition } from './bench-form.ts';
import { benchPlatform } from './scratch-db.ts';

const UNITS = Number(process.env.BENCH_ANOMALY_UNITS ?? 2_000);
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const PERIOD = '2025-06';
const PREVIOUS = '2025-05';
const LAST_YEAR = '2024-06';
const CELLS = 100;

const admin: Actor = {
  accountId: 'bench',
  username: 'bench',
  displayName: 'bench',
  role: 'admin',
  officeId: null,
  divisionCode: null,
  unitId: null,
  via: 'session',
  sessionId: null,
};

/** Loads the three periods: last year's and last month's approved, this month's submitted. */
async function load(platform: Platform, formId: string, versionId: string) {
  const db = platform.database.db;
  const random = mulberry32(2026);
  const units = Array.from({ length: UNITS }, () => randomUUID());
  const level = units.map(() => Array.from({ length: CELLS }, () => 50 + 5000 * random() ** 2));
  let jumps = 0;
  const CHUNK = 500;
  for (const [period, status, factor] of [
    [LAST_YEAR, 'approved', 1 / 1.05],
    [PREVIOUS, 'approved', 1],
    [PERIOD, 'submitted', 1.02],
  ] as const) {
    for (let i = 0; i < UNITS; i += CHUNK) {
      const ids = units.slice(i, i + CHUNK);
      await sql`
        insert into collection.submissions
          (unit_id, form_id, period, status, form_version_id, form_version_number, last_seq, submitted_at)
        select u, ${formId}, ${period}, ${status}, ${versionId}, 1, 1, now()
        from unnest(${ids}::uuid[]) as u`.execute(db);
      const cu: string[] = [];
      const ind: string[] = [];
      const num: string[] = [];
      const docs: string[] = [];
      ids.forEach((id, k) => {
        const doc: Record<string, string> = {};
        for (let c = 0; c < CELLS; c++) {
          const size = level[i + k][c];
          // Larger units move less in relative terms (the premise of HB's size weighting).
          let x = size * factor * (1 + 0.06 * (50 / size) ** 0.25 * (random() - 0.5));
          if (period === PERIOD && random() < 1 / 200) {
            x = size * 10;
            jumps++;
          }
          cu.push(id);
          ind.push(cell(c + 1).split('.')[0]);
          num.push(x.toFixed(1));
          doc[cell(c + 1)] = x.toFixed(1);
        }
        docs.push(JSON.stringify(doc));
      });
      await sql`
        insert into collection.cell_values (unit_id, form_id, period, indicator, column_code, num)
        select g.u, ${formId}, ${period}, g.i, 'current', g.n
        from unnest(${cu}::uuid[], ${ind}::text[], ${num}::numeric[]) as g(u, i, n)`.execute(db);
      // The last saved version of each submission, as the submission path writes it.
      await sql`
        insert into collection.submission_versions
          (unit_id, form_id, period, seq, reason, status, form_version_id, cell_values, explanations)
        select g.u, ${formId}, ${period}, 1, 'submit', ${status}, ${versionId}, g.d, '{}'::jsonb
        from unnest(${ids}::uuid[], ${docs}::jsonb[]) as g(u, d)`.execute(db);
    }
  }
  if (platform.database.engine === 'postgres') await sql`analyze`.execute(db);
  return jumps;
}

async function activate(platform: Platform) {
  const surveys = platform.modules.surveys.api.service;
  const imported = await surveys.importDefinition(null, stringify(formDefinition()));
  const version = await surveys.activateVersion(null, imported.id);
  return { formId: version.formId as string, versionId: version.id as string };
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

async function runOn(backend: 'PostgreSQL' | 'PGlite') {
  const { platform, drop } = await benchPlatform(backend, 'anomalies', PG_URL);
  try {
    let t0 = performance.now();
    const { formId, versionId } = await activate(platform);
    const jumps = await load(platform, formId, versionId);
    console.log(
      `${backend}: ${UNITS} units × ${CELLS} cells × 3 periods loaded in ${ms(t0)} (${jumps} tenfold jumps)`,
    );
    const db = platform.database.db;
    const bases = [
      { basis: 'previous' as const, period: PREVIOUS },
      { basis: 'last_year' as const, period: LAST_YEAR },
    ];
    const refs = Array.from({ length: CELLS }, (_, c) => cell(c + 1));
    const read = { formId, period: PERIOD, bases: [PREVIOUS, LAST_YEAR], cells: refs };
    // Warm up the connection and the plan once, then measure the steady read.
    await cellColumns(db, read);
    t0 = performance.now();
    const columns = await cellColumns(db, read);
    const submissions = columns.reduce((n, c) => n + c.unitIds.length, 0);
    console.log(
      `  read (cellColumns)                ${ms(t0).padStart(8)}  ${submissions} submissions × ${CELLS} cells`,
    );

    const cells = refs.map((ref) => {
      const [indicator, column] = ref.split('.');
      return { ref, indicator, column };
    });
    const tests = platform.modules.analysis.api.anomalies;
    detectAnomalies(tests, { cells, period: PERIOD, bases, columns }); // JIT warm-up
    t0 = performance.now();
    const result = detectAnomalies(tests, { cells, period: PERIOD, bases, columns });
    const byTest = { hb: 0, mz: 0 };
    for (const f of result.flagged) for (const x of f.findings) byTest[x.test]++;
    console.log(
      `  tests alone (HB + z, 2 bases)     ${ms(t0).padStart(8)}  ${result.tests.length} cell × base tests, ${result.flagged.length} flagged cells (HB ${byTest.hb}, z ${byTest.mz} findings)`,
    );

    const review = platform.modules.review.api.service;
    const q = { sort: 'strength', page: 1, pageSize: 50 } as const;
    t0 = performance.now();
    await review.anomalies(admin, formId, PERIOD, q);
    console.log(
      `  list endpoint, cold               ${ms(t0).padStart(8)}  (read + tests + register lookup)`,
    );
    t0 = performance.now();
    await review.anomalies(admin, formId, PERIOD, q);
    console.log(`  list endpoint, cached             ${ms(t0).padStart(8)}`);
  } finally {
    await platform.close();
    await drop();
  }
}

console.log(
  `anomalies: HB edit and modified z-score of one form and period, ${UNITS} units × ${CELLS} cells`,
);
const backends = (process.env.BENCH_BACKENDS ?? 'PostgreSQL,PGlite').split(',') as (
  | 'PostgreSQL'
  | 'PGlite'
)[];
for (const b of backends) await runOn(b);
