/**
 * STL seasonal adjustment (季节调整): series per second for 20-year monthly series (240 points),
 * non-robust (s.window = 13) and robust (15 robustness iterations), on one core in this process;
 * plus the same series through a reused workspace, and one 10,000-point series. Time is this
 * process's CPU time, best of five rounds, so other work on a shared machine counts less.
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
const ROUNDS = 5;
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

/** CPU seconds of this process: other processes on a busy machine do not count against us. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Series per CPU second, best of ROUNDS rounds of SECONDS/ROUNDS each. */
function rate(label: string, options: StlOptions, workspace?: StlWorkspace) {
  // Warm up the JIT before timing.
  for (let i = 0; i < 200; i++) stl(series[i % series.length], 12, options, workspace);
  let best = 0;
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let done = 0;
    const start = cpuSeconds();
    const until = performance.now() + (SECONDS * 1000) / ROUNDS;
    while (performance.now() < until) {
      for (let i = 0; i < 20; i++)
        sink += stl(series[(done + i) % series.length], 12, options, workspace).trend[0];
      done += 20;
    }
    best = Math.max(best, done / (cpuSeconds() - start));
  }
  console.log(
    `${label.padEnd(44)} ${best.toFixed(0).padStart(7)} series/s  ${(1000 / best).toFixed(3)} ms/series${Number.isFinite(sink) ? '' : ' (!)'}`,
  );
}

console.log(
  `STL, ${N}-point monthly series, one core, CPU time, best of ${ROUNDS} rounds in ${SECONDS} s (node ${process.version})`,
);
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
