/**
 * Aggregation core: cell keys per unit (cuts), accumulator apply/remove, and disclosure control
 * on realistic tables — 10 counties × 40 industry divisions under 8 sections (451 + margins
 * cells), and 10 counties × 97 divisions under 20 sections. Time is wall-clock on a shared
 * machine, best of three.
 *
 *   npx tsx bench/sdc.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { AggregateCells } from '../src/modules/aggregation/domain/cells.ts';
import { compileCuts, STANDARD_CUTS } from '../src/modules/aggregation/domain/cuts.ts';
import { randomTable } from '../src/modules/aggregation/domain/sdc-fixtures.ts';
import {
  auditTable,
  differencingAttack,
  protectTable,
} from '../src/modules/aggregation/domain/suppression.ts';

const best = <T>(f: () => T): { ms: number; out: T } => {
  let ms = Number.POSITIVE_INFINITY;
  let out!: T;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    out = f();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, out };
};

const keysOf = compileCuts(STANDARD_CUTS, [
  { id: 'equipment', codes: ['33', '34', '35', '36', '37', '38', '39', '40'] },
]);
const units = Array.from({ length: 10000 }, (_, i) => ({
  township: `3302${String(3 + (i % 9)).padStart(2, '0')}${String(1 + (i % 13)).padStart(3, '0')}`,
  industryClass: String(1311 + (i % 2700)).padStart(4, '0'),
  sizeClass: ['large', 'medium', 'small', 'micro'][i % 4],
  registrationType: ['110', '173', '310'][i % 3],
}));
const keys = best(() => units.map(keysOf));
console.log(
  `cuts: ${STANDARD_CUTS.length} cuts, ${(keys.out.reduce((s, k) => s + k.length, 0) / units.length).toFixed(1)} keys/unit, ${((units.length / keys.ms) * 1000).toFixed(0)} units/s`,
);
const contributions = keys.out.map((cells, i) => ({
  unitId: `u${i}`,
  cells,
  values: Object.fromEntries(
    Array.from({ length: 10 }, (_, k) => [`i${k}`, `${(i * 7919 + k * 104729) % 100000}.${k}`]),
  ),
}));
const agg = new AggregateCells();
const applied = best(() => {
  for (const c of contributions) agg.apply(c);
  return 0;
});
const removed = best(() => {
  for (const c of contributions.slice(0, 2000)) agg.remove(c.unitId);
  for (const c of contributions.slice(0, 2000)) agg.apply(c);
  return 0;
});
console.log(
  `cells: apply ${((contributions.length / applied.ms) * 1000).toFixed(0)} units/s (10 indicators; a re-apply replaces), remove+apply ${((2000 / removed.ms) * 1000).toFixed(0)} units/s, ${agg.snapshot().length} cells`,
);

for (const [label, sections] of [
  ['10 counties × 40 divisions / 8 sections', [5, 5, 5, 5, 5, 5, 5, 5]],
  ['10 counties × 97 divisions / 20 sections', [5, 7, 31, 3, 4, 2, 8, 2, 3, 4, 1, 2, 3, 4, 3, 1, 2, 5, 6, 1]],
] as const) {
  for (const seed of [1, 2, 3]) {
    const table = randomTable({ seed, counties: 10, sections });
    const run = best(() => protectTable(table));
    const suppressed = run.out.status.map((s) => s !== 'published');
    const audit = best(() => auditTable(table, suppressed));
    const primary = run.out.status.filter((s) => s === 'primary').length;
    const secondary = run.out.status.filter((s) => s === 'secondary').length;
    const inner = table.rowGroups[0].parts.flatMap((r) =>
      table.colGroups.slice(1).flatMap((g) => g.parts.map((c) => r * table.cols.length + c)),
    );
    const innerSecondary = inner.filter((i) => run.out.status[i] === 'secondary').length;
    console.log(
      `sdc ${label} seed ${seed}: ${table.values.length} cells, ${primary} primary, ${secondary} secondary (${innerSecondary} of them county × division cells, the rest margins), ${run.out.rounds} audit round(s); protect ${run.ms.toFixed(0)} ms, audit alone ${audit.ms.toFixed(0)} ms; differencing recovers ${differencingAttack(table, suppressed).size} cells`,
    );
  }
}
