/**
 * The aggregation bench's scale data set (not a benchmark itself): N reporting units over
 * Ningbo's townships and GB/T 4754-2017 classes (mostly section C), with size classes and
 * registration types, each reporting 100 items (B001…B100 of the bench form, one decimal digit,
 * skewed: lognormal unit sizes scaled by size class, lognormal item weights) for a period and
 * the same period a year earlier. Deterministic (mulberry32): the same N gives the same data.
 *
 * Written once as tab-separated files in COPY text format (aggregation.reports minus form_id,
 * which each engine gets as a temporary column default): PostgreSQL reads them with COPY FROM
 * STDIN, PGlite with COPY FROM '/dev/blob', DuckDB with read_csv.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CellKeysOf, UnitClassification } from '../src/modules/aggregation/domain/cuts.ts';
import { mulberry32 } from '../src/modules/registry/domain/prng.ts';
import { cell } from './bench-form.ts';

export const ITEMS = Array.from({ length: 100 }, (_, i) => cell(i + 1));
export const COPY_COLUMNS =
  'unit_id, period, vintage, form_version, township, industry_class, size_class, registration_type, cell_keys, items, vals, approved_at, approved_by';
const ROWS_PER_FILE = 10_000;

export interface Unit extends UnitClassification {
  id: string;
  index: number;
}

/** Weighted choice by cumulative weights (binary search). */
function chooser<T>(items: T[], weights: number[]) {
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) {
    s += w;
    cum.push(s);
  }
  return (u: number): T => {
    const x = u * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

function csvRows(file: string): string[][] {
  const [, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  return lines.map((l) => l.split(','));
}

const SIZES: [string | null, number, number][] = [
  // size class, share, scale of a unit's values
  ['large', 0.02, 200],
  ['medium', 0.1, 30],
  ['small', 0.4, 5],
  ['micro', 0.45, 1],
  [null, 0.03, 2],
];
const REGISTRATIONS: [string, number][] = [
  ['173', 60],
  ['159', 8],
  ['171', 6],
  ['160', 4],
  ['174', 3],
  ['110', 2],
  ['120', 1],
  ['151', 1],
  ['190', 2],
  ['230', 3],
  ['210', 2],
  ['330', 4],
  ['310', 3],
  ['340', 1],
];

/** The units: deterministic classification and a uuid each. */
export function generateUnits(n: number, dataDir = 'data'): Unit[] {
  const random = mulberry32(20261126);
  const townships = csvRows(path.join(dataDir, 'ningbo-divisions-2023.csv'))
    .filter((r) => r[2] === 'township')
    .map((r) => r[0]!);
  const classes = csvRows(path.join(dataDir, 'gbt4754-2017-industries.csv')).filter((r) => r[1] === 'class');
  const manufacturing = classes.filter((r) => r[3] === 'C').map((r) => r[0]!);
  const others = classes.filter((r) => 'DEFGHIKLMN'.includes(r[3]!)).map((r) => r[0]!);
  const lognormalWeights = (k: number, sigma: number) =>
    Array.from({ length: k }, () => Math.exp(sigma * normal(random)));
  const township = chooser(townships, lognormalWeights(townships.length, 0.8));
  const cClass = chooser(manufacturing, lognormalWeights(manufacturing.length, 1.5));
  const otherClass = chooser(others, lognormalWeights(others.length, 1.5));
  const size = chooser(
    SIZES.map((s) => s[0]),
    SIZES.map((s) => s[1]),
  );
  const registration = chooser(
    REGISTRATIONS.map((r) => r[0]),
    REGISTRATIONS.map((r) => r[1]),
  );
  const hex = () =>
    Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return Array.from({ length: n }, (_, index) => {
    const h = hex() + hex() + hex() + hex();
    return {
      index,
      id: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`,
      township: township(random()),
      industryClass: random() < 0.8 ? cClass(random()) : otherClass(random()),
      sizeClass: size(random()),
      registrationType: registration(random()),
    };
  });
}

const ITEM_WEIGHTS = (() => {
  const random = mulberry32(100);
  return ITEMS.map(() => Math.exp(normal(random)));
})();

const tenthsText = (t: number) => `${Math.trunc(t / 10)}.${t % 10}`;

/**
 * A unit's values in tenths, this year and last year (null: not reported, ~2 %): lognormal unit
 * size × the size class's scale × the item's weight × noise; last year = this year ÷ (1 + growth).
 */
export function unitValues(u: Unit): { now: (number | null)[]; before: (number | null)[] } {
  const random = mulberry32(u.index * 7919 + 13);
  const scale = SIZES.find((s) => s[0] === u.sizeClass)![2] * Math.exp(normal(random));
  const now: (number | null)[] = [];
  const before: (number | null)[] = [];
  for (let i = 0; i < ITEMS.length; i++) {
    if (random() < 0.02) {
      now.push(null);
      before.push(null);
      continue;
    }
    const t = Math.round(1000 * scale * ITEM_WEIGHTS[i]! * (0.6 + 0.8 * random()));
    now.push(t);
    before.push(Math.round(t / (0.9 + 0.35 * random())));
  }
  return { now, before };
}

/** The reports as COPY text files (one per ROWS_PER_FILE rows); returns the file paths. */
export function writeReportFiles(
  dir: string,
  units: Unit[],
  keysOf: CellKeysOf,
  periods: { now: string; before: string },
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let lines: string[] = [];
  const flush = () => {
    const file = path.join(dir, `reports-${String(files.length).padStart(4, '0')}.tsv`);
    fs.writeFileSync(file, lines.join(''));
    files.push(file);
    lines = [];
  };
  for (const u of units) {
    const keys = `{${keysOf(u).join(',')}}`;
    const values = unitValues(u);
    for (const [period, tenths] of [
      [periods.now, values.now],
      [periods.before, values.before],
    ] as const) {
      const items: string[] = [];
      const vals: string[] = [];
      tenths.forEach((t, i) => {
        if (t === null) return;
        items.push(ITEMS[i]!);
        vals.push(tenthsText(t));
      });
      lines.push(
        `${u.id}\t${period}\t1\t1\t${u.township}\t${u.industryClass}\t${u.sizeClass ?? '\\N'}\t${u.registrationType}\t${keys}\t{${items.join(',')}}\t{${vals.join(',')}}\t2025-07-20 10:00:00+08\tbench\n`,
      );
      if (lines.length >= ROWS_PER_FILE) flush();
    }
  }
  if (lines.length) flush();
  return files;
}

/** COPY into PostgreSQL through one connection (form_id as a temporary column default). */
export async function copyIntoPostgres(url: string, formId: string, files: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`alter table aggregation.reports alter column form_id set default '${formId}'`);
    for (const file of files) {
      const sink = client.query(copyFrom(`copy aggregation.reports (${COPY_COLUMNS}) from stdin`));
      await new Promise<void>((resolve, reject) => {
        const source = fs.createReadStream(file);
        source.on('error', reject);
        sink.on('error', reject);
        sink.on('finish', resolve);
        source.pipe(sink);
      });
    }
    await client.query('alter table aggregation.reports alter column form_id drop default');
    await client.query('analyze aggregation.reports');
  } finally {
    await client.end();
  }
}

/** COPY into PGlite from blobs, one file at a time. */
export async function copyIntoPglite(pglite: PGlite, formId: string, files: string[]): Promise<void> {
  await pglite.exec(`alter table aggregation.reports alter column form_id set default '${formId}'`);
  for (const file of files) {
    await pglite.query(`copy aggregation.reports (${COPY_COLUMNS}) from '/dev/blob'`, [], {
      blob: new Blob([fs.readFileSync(file)]),
    });
  }
  await pglite.exec('alter table aggregation.reports alter column form_id drop default');
  await pglite.exec('analyze aggregation.reports');
}
