/**
 * STL seasonal adjustment (季节调整): series per second for 20-year monthly series (240 points),
 * non-robust (s.window = 13) and robust (15 robustness iterations), on one core in this process;
 * plus the same series through a reused workspace, and one 10,000-point series.
 *
 *   npx tsx bench/stl.bench.ts
 *   BENCH_SECONDS=5 npx tsx bench/stl.bench.ts
 *
 * Series are R's nottem, co2, AirPassengers … (the test fixtures) cut or repeated to 240 points,
 * with a little deterministic noise so no two series are the same.
 */
import { performance } from 'node:perf_hooks';
import { type StlOptions, StlWorkspace, stl } from '../src/modules/analysis/domain/stl.ts';
import { loadStlFixtures } from '../src/modules/analysis/fixtures/stl-fixtures.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const N = 240;

const monthly = loadStlFixtures().filter((f) => f.frequency === 12);
let seed = 42;
const noise = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32 - 0.5;
};
const series: number[][] = [];
for (let s = 0; s < 64; s++) {
  const f = monthly[s % monthly.length];
  const scale = Math.max(...f.values.map(Math.abs)) * 0.01;
  series.push(Array.from({ length: N }, (_, i) => f.values[i % f.values.length] + noise() * scale));
}

function rate(label: string, options: StlOptions, workspace?: StlWorkspace) {
  // Warm up the JIT before timing.
  for (let i = 0; i < 200; i++) stl(series[i % series.length], 12, options, workspace);
  let done = 0;
  let sink = 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++)
      sink += stl(series[(done + i) % series.length], 12, options, workspace).trend[0];
    done += 50;
  }
  const seconds = (performance.now() - start) / 1000;
  const perSecond = done / seconds;
  console.log(
    `${label.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} series/s  ${((1000 * seconds) / done).toFixed(3)} ms/series${Number.isFinite(sink) ? '' : ' (!)'}`,
  );
}

console.log(`STL, ${N}-point monthly series, one core, ${SECONDS} s per figure (node ${process.version})`);
rate('s.window = 13', { sWindow: 13 });
rate('s.window = 13, reused workspace', { sWindow: 13 }, new StlWorkspace(N, 12));
rate('s.window = "periodic"', { sWindow: 'periodic' });
rate('s.window = 13, robust = TRUE (outer 15)', { sWindow: 13, robust: true });
rate('s.window = 13, robust, reused workspace', { sWindow: 13, robust: true }, new StlWorkspace(N, 12));

const long = Array.from(
  { length: 10_000 },
  (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 12) + i / 50 + noise(),
);
stl(long, 12, { sWindow: 13, robust: true });
const t0 = performance.now();
stl(long, 12, { sWindow: 13, robust: true });
console.log(
  `${'10,000 points, s.window = 13, robust'.padEnd(44)} ${(performance.now() - t0).toFixed(1).padStart(7)} ms`,
);
