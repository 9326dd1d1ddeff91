/**
 * The rule engine on one core (issue 3, "Batch re-check of a period: rule evaluations per second
 * on one core. Target ≥ 5 million/s"). A period in memory: BENCH_SUBMISSIONS (default 10,000)
 * submissions of a 100-cell monthly form (49 numeric indicators × this period and year to date,
 * a status code, a remark) with 60 rules of the kinds statistical forms carry (totals, parts ≤
 * total, ytd ≥ month, growth on last year and on the previous period, ratio bounds, if…then,
 * between against the register, isnull/coalesce, in), each submission with its previous period,
 * the same period last year and register attributes; values are PostgreSQL numeric strings,
 * about 4 % blank, a few inconsistent so every outcome occurs.
 *
 * Measured, rule evaluations per second of CPU time on one core (submissions × rules ÷ process
 * CPU time, so other work on a shared machine does not count; best of 5 interleaved rounds):
 *   (a) server path: evaluateRuleSet (values used, messages for failures) per submission;
 *   (b) batch path, outcome codes only: compileBatch (generated code, warm) on a period already read
 *       into its slot table, and including reading the raw strings (whole period, or slices of
 *       1,000 into one reused table, or from records parsed from JSON as collection's re-check
 *       reads them); one pass over the period with a fresh compileBatch (what one re-check
 *       costs, V8's optimisation of generated code included); bindRecord + evaluateOutcomes
 *       (closures) per submission;
 *   baseline: the same 60 checks hand-written as a plain JS loop over a Float64Array of the
 *       period (NaN = blank), the "speed of light" the engine is compared with.
 * Every path's outcomes are compared with the baseline's, rule by rule, before anything is timed.
 *
 *   npx tsx bench/validation.bench.ts
 *   BENCH_SUBMISSIONS=2000 npx tsx bench/validation.bench.ts
 */

import { mulberry32 } from '../src/modules/registry/domain/prng.ts';
import {
  type BoundPeriod,
  bindRecord,
  compileBatch,
  compileRuleSet,
  evaluateOutcomes,
  evaluateRuleSet,
  type FormSchema,
  type RecordData,
  type ValidationRule,
} from '../src/modules/validation/index.ts';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 10_000);
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 1500);
/** Only the measurements whose name contains this (for profiling one path). */
const ONLY = process.env.BENCH_ONLY ?? '';
const ROUNDS = 5;
/** Records bound at a time in the sliced batch (memory stays bounded for any period). */
const SLICE = 1000;

// ---------------------------------------------------------------------------------------------
// The form: B01…B49 (B01–B20 in 10k yuan with 1 decimal, B21–B40 with 2, B41–B49 whole
// numbers), columns `current` and `ytd` (year to date of current); C01 status code, N01 remark.

const NUM = 49;
const code = (i: number) => `B${String(i).padStart(2, '0')}`;
const decimalsOf = (i: number) => (i <= 20 ? 1 : i <= 40 ? 2 : 0);
const SCHEMA: FormSchema = {
  formCode: 'B204-1',
  indicators: [
    ...Array.from({ length: NUM }, (_, k) => {
      const i = k + 1;
      return i <= 40
        ? { code: code(i), type: 'decimal' as const, decimals: decimalsOf(i) }
        : { code: code(i), type: 'integer' as const };
    }),
    { code: 'C01', type: 'code', codeList: 'status', columns: ['current'] },
    { code: 'N01', type: 'text', columns: ['current'] },
  ],
  columns: [{ code: 'current' }, { code: 'ytd', source: { kind: 'ytd', of: 'current' } }],
  codeLists: { status: ['1', '2', '3'] },
};

// Groups (total, first part, last part): B01 = B02…B09, B10 = B11…B15, B21 = B22…B30, B41 = B42…B44.
const GROUPS: [number, number, number][] = [
  [1, 2, 9],
  [10, 11, 15],
  [21, 22, 30],
  [41, 42, 44],
];

const RULES: ValidationRule[] = [];
const rule = (expr: string, severity: ValidationRule['severity'] = 'fatal') =>
  RULES.push({
    id: `V${String(RULES.length + 1).padStart(2, '0')}`,
    expr,
    severity,
    message: { zh: `不符合：${expr}（B01 为 {B01.current}）`, en: `fails: ${expr} (B01 is {B01.current})` },
  });
const c = (i: number) => `${code(i)}.current`;
const y = (i: number) => `${code(i)}.ytd`;
for (const [t, a, b] of GROUPS) rule(`${c(t)} = sum(${c(a)}:${c(b)})`); // 4 totals, this period
for (const [t, a, b] of GROUPS.slice(0, 2)) rule(`${y(t)} = sum(${y(a)}:${y(b)})`); // 2 totals, ytd
for (let i = 2; i <= 9; i++) rule(`${c(i)} <= ${c(1)}`); // 8 parts ≤ total
for (let i = 22; i <= 25; i++) rule(`${c(i)} <= ${c(21)}`); // 4
for (let i = 1; i <= 7; i++) rule(`${y(i)} >= ${c(i)}`); // 7 ytd ≥ this month
for (const i of [1, 10, 21, 31, 41]) rule(`abs(growth(${c(i)}, lastyear(${c(i)}))) <= 50`, 'verify'); // 5
for (const i of [2, 3, 22]) rule(`abs(growth(${c(i)}, prev(${c(i)}))) <= 30`, 'verify'); // 3
for (const i of [1, 21]) rule(`${y(i)} >= prev(${y(i)})`); // 2
for (const [n, d] of [
  [31, 32],
  [33, 34],
  [35, 36],
  [37, 38],
]) {
  rule(`between(ratio(${c(n)}, ${c(d)}), 0.2, 5)`, 'verify'); // 4 ratio bounds
}
for (const [p, q] of [
  [41, 1],
  [45, 21],
  [46, 10],
  [11, 42],
  [31, 47],
]) {
  rule(`if ${c(p)} > 0 then ${c(q)} > 0`); // 5 if…then
}
rule(`between(${c(41)}, unit.employees * 0.5, unit.employees * 2)`, 'verify');
rule(`if unit.size = 'large' then not isnull(${c(1)})`);
rule(`in(C01.current, ['1', '2'])`);
rule(`coalesce(${c(42)}, 0) + coalesce(${c(43)}, 0) <= ${c(41)}`);
rule(`if isnull(${c(16)}) then isnull(${c(17)})`, 'hint');
rule(`coalesce(${c(18)}, ${c(19)}, 0) <= ${c(1)}`);
rule(`if C01.current = '2' then ${c(20)} > 0`);
rule(`${c(1)} / ${c(41)} <= 500`, 'verify'); // output per person
rule(`round(${c(39)} * 1.13, 1) >= ${c(40)}`); // tax with VAT
rule(`max(${c(11)}, ${c(12)}, ${c(13)}) <= ${c(10)}`);
rule(`min(${c(48)}, ${c(49)}) >= 0`);
rule(`${c(21)} - ${c(22)} >= 0 and ${c(21)} >= 0`);
rule(`not (${c(26)} > ${c(21)} or ${c(27)} > ${c(21)})`);
rule(`between(growth(${y(10)}, lastyear(${y(10)})), -40, 60)`, 'verify');
rule(`abs(${c(1)} - prev(${c(1)})) <= 2 * prev(${c(1)}) + 100`, 'verify');
rule(`if not isnull(${c(44)}) then ${c(44)} >= 0`);
if (RULES.length !== 60) throw new Error(`expected 60 rules, have ${RULES.length}`);

// ---------------------------------------------------------------------------------------------
// The period: consistent values (parts sum to their total), then noise.

function scaledText(x: number, d: number): string {
  if (d === 0) return String(x);
  const neg = x < 0;
  const s = String(Math.abs(x)).padStart(d + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -d)}.${s.slice(-d)}`;
}

/** One month of one unit as scaled integers (value × 10^decimals); NaN = blank. */
function month(rand: () => number, scale: number): Float64Array {
  const v = new Float64Array(NUM + 1);
  for (let i = 1; i <= NUM; i++) v[i] = Math.round((50 + rand() * 950) * scale * 10 ** decimalsOf(i));
  for (const [t, a, b] of GROUPS) {
    let s = 0;
    for (let i = a; i <= b; i++) s += v[i];
    v[t] = s;
  }
  return v;
}

function cells(v: Float64Array, ytd: Float64Array, rand: () => number): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (let i = 1; i <= NUM; i++) {
    const d = decimalsOf(i);
    let cur = v[i];
    if (rand() < 0.01) cur = Math.round(cur * (rand() < 0.5 ? 0.3 : 3)); // an inconsistent value
    out[c(i)] = rand() < 0.04 ? null : scaledText(cur, d);
    out[y(i)] = rand() < 0.02 ? null : scaledText(ytd[i], d);
  }
  out['C01.current'] = rand() < 0.05 ? null : String(1 + Math.floor(rand() * 3));
  out['N01.current'] = rand() < 0.5 ? null : '备注';
  return out;
}

function period(n: number): RecordData[] {
  const rand = mulberry32(20_260_301);
  const records: RecordData[] = [];
  for (let u = 0; u < n; u++) {
    const scale = 0.2 + rand() * 5;
    const last = month(rand, scale);
    const prev = month(rand, scale);
    const cur = month(rand, scale);
    const ytdPrev = prev.map((x, i) => x * (3 + (i % 4)));
    const ytd = cur.map((x, i) => x + ytdPrev[i]);
    const ytdLast = last.map((x, i) => x * (4 + (i % 3)));
    records.push({
      values: cells(cur, ytd, rand),
      previous: rand() < 0.03 ? null : cells(prev, ytdPrev, rand),
      lastYear: rand() < 0.1 ? null : cells(last, ytdLast, rand),
      unit: {
        employees: Math.round((cur[41] * (0.6 + rand())) / 1) || 1,
        size: ['large', 'medium', 'small', 'micro'][Math.floor(rand() * 4)],
      },
    });
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// The baseline: the same 60 checks written by hand over one Float64Array per period.

/** Columns of the hand-written layout: this period, ytd, previous, prev ytd, last year, ly ytd. */
const W = 6 * (NUM + 1) + 3; // + employees, size is large, status code
const EMP = 6 * (NUM + 1);
const LARGE = EMP + 1;
const STATUS = EMP + 2;

function handLayout(records: readonly RecordData[]): Float64Array {
  const a = new Float64Array(records.length * W);
  const read = (values: RecordData['values'] | null | undefined, key: string, d: number) => {
    const raw = values?.[key];
    return raw === null || raw === undefined || raw === '' ? Number.NaN : Math.round(Number(raw) * 10 ** d);
  };
  records.forEach((r, k) => {
    const o = k * W;
    for (let i = 1; i <= NUM; i++) {
      const d = decimalsOf(i);
      a[o + i] = read(r.values, c(i), d);
      a[o + NUM + 1 + i] = read(r.values, y(i), d);
      a[o + 2 * (NUM + 1) + i] = read(r.previous, c(i), d);
      a[o + 3 * (NUM + 1) + i] = read(r.previous, y(i), d);
      a[o + 4 * (NUM + 1) + i] = read(r.lastYear, c(i), d);
      a[o + 5 * (NUM + 1) + i] = read(r.lastYear, y(i), d);
    }
    const e = r.unit?.employees;
    a[o + EMP] = e === null || e === undefined ? Number.NaN : Number(e);
    a[o + LARGE] = r.unit?.size === 'large' ? 1 : 0;
    const s = r.values['C01.current'];
    a[o + STATUS] = s === null || s === undefined ? Number.NaN : Number(s);
  });
  return a;
}

/** Three-valued results as outcome codes: 0 pass, 1 fail, 2 na. */
const T = 0;
const F = 1;
const NA = 2;
const cmp = (a: number, b: number, ok: boolean) => (Number.isNaN(a) || Number.isNaN(b) ? NA : ok ? T : F);
/** n / d at 6 decimals, half away from zero (d ≠ 0; both scaled integers). */
function q6(n: number, d: number): number {
  const x = n * 1e6;
  const r = x % d;
  const q = (x - r) / d;
  return Math.abs(r) * 2 >= Math.abs(d) ? (x < 0 !== d < 0 ? q - 1 : q + 1) : q;
}
const not3 = (x: number) => (x === NA ? NA : x === T ? F : T);
const or3 = (a: number, b: number) => (a === T || b === T ? T : a === NA || b === NA ? NA : F);
const and3 = (a: number, b: number) => (a === F || b === F ? F : a === NA || b === NA ? NA : T);
const implies3 = (p: number, q: number) => or3(not3(p), q);
/** Sum skipping blanks; blank only when every part is. */
function sumOf(a: Float64Array, o: number, from: number, to: number): number {
  let s = Number.NaN;
  for (let i = from; i <= to; i++) {
    const x = a[o + i];
    if (!Number.isNaN(x)) s = !Number.isNaN(s) ? s + x : x;
  }
  return s;
}

function handCheck(a: Float64Array, n: number, out: Uint8Array): void {
  const Y = NUM + 1;
  const P = 2 * Y;
  const PY = 3 * Y;
  const L = 4 * Y;
  const LY = 5 * Y;
  let k = 0;
  for (let r = 0, o = 0; r < n; r++, o += W) {
    for (const [t, f, l] of GROUPS)
      out[k++] = cmp(a[o + t], sumOf(a, o, f, l), a[o + t] === sumOf(a, o, f, l));
    for (let g = 0; g < 2; g++) {
      const [t, f, l] = GROUPS[g];
      const s = sumOf(a, o + Y, f, l);
      out[k++] = cmp(a[o + Y + t], s, a[o + Y + t] === s);
    }
    for (let i = 2; i <= 9; i++) out[k++] = cmp(a[o + i], a[o + 1], a[o + i] <= a[o + 1]);
    for (let i = 22; i <= 25; i++) out[k++] = cmp(a[o + i], a[o + 21], a[o + i] <= a[o + 21]);
    for (let i = 1; i <= 7; i++) out[k++] = cmp(a[o + Y + i], a[o + i], a[o + Y + i] >= a[o + i]);
    for (const i of [1, 10, 21, 31, 41]) {
      const cur = a[o + i];
      const base = a[o + L + i];
      // growth at 6 decimals (scale of the operands cancels), compared with 50.
      out[k++] =
        Number.isNaN(cur) || Number.isNaN(base) || base === 0
          ? NA
          : Math.abs(q6((cur - base) * 100, base)) <= 50e6
            ? T
            : F;
    }
    for (const i of [2, 3, 22]) {
      const cur = a[o + i];
      const base = a[o + P + i];
      out[k++] =
        Number.isNaN(cur) || Number.isNaN(base) || base === 0
          ? NA
          : Math.abs(q6((cur - base) * 100, base)) <= 30e6
            ? T
            : F;
    }
    for (const i of [1, 21]) out[k++] = cmp(a[o + Y + i], a[o + PY + i], a[o + Y + i] >= a[o + PY + i]);
    for (const [nn, d] of [
      [31, 32],
      [33, 34],
      [35, 36],
      [37, 38],
    ]) {
      const x = a[o + nn];
      const z = a[o + d];
      if (Number.isNaN(x) || Number.isNaN(z) || z === 0) out[k++] = NA;
      else {
        const q = q6(x, z);
        out[k++] = q >= 0.2e6 && q <= 5e6 ? T : F;
      }
    }
    for (const [p, q] of [
      [41, 1],
      [45, 21],
      [46, 10],
      [11, 42],
      [31, 47],
    ]) {
      const x = a[o + p];
      const z = a[o + q];
      out[k++] = implies3(Number.isNaN(x) ? NA : x > 0 ? T : F, Number.isNaN(z) ? NA : z > 0 ? T : F);
    }
    {
      const x = a[o + 41];
      const e = a[o + EMP];
      out[k++] = Number.isNaN(x) || Number.isNaN(e) ? NA : x * 10 >= e * 5 && x * 10 <= e * 20 ? T : F;
    }
    out[k++] = a[o + LARGE] === 1 ? (Number.isNaN(a[o + 1]) ? F : T) : T;
    {
      const s = a[o + STATUS];
      out[k++] = Number.isNaN(s) ? NA : s === 1 || s === 2 ? T : F;
    }
    {
      const p = a[o + 42];
      const q = a[o + 43];
      out[k++] = cmp(0, a[o + 41], (!Number.isNaN(p) ? p : 0) + (!Number.isNaN(q) ? q : 0) <= a[o + 41]);
    }
    out[k++] = Number.isNaN(a[o + 16]) ? (Number.isNaN(a[o + 17]) ? T : F) : T;
    {
      const x = !Number.isNaN(a[o + 18]) ? a[o + 18] : !Number.isNaN(a[o + 19]) ? a[o + 19] : 0;
      out[k++] = cmp(x, a[o + 1], x <= a[o + 1]);
    }
    {
      const s = a[o + STATUS];
      const x = a[o + 20];
      out[k++] = implies3(Number.isNaN(s) ? NA : s === 2 ? T : F, Number.isNaN(x) ? NA : x > 0 ? T : F);
    }
    {
      // B01 (1 decimal) / B41 (whole) at 6 decimals ≤ 500
      const x = a[o + 1];
      const z = a[o + 41];
      out[k++] = Number.isNaN(x) || Number.isNaN(z) || z === 0 ? NA : q6(x, z * 10) <= 500e6 ? T : F;
    }
    {
      // round(B39 × 1.13, 1) ≥ B40: B39 at 2 decimals × 113 → 4 decimals, rounded to 1
      const x = a[o + 39];
      const z = a[o + 40];
      if (Number.isNaN(x) || Number.isNaN(z)) out[k++] = NA;
      else {
        const p = x * 113;
        const r = p % 1000;
        const q = (p - r) / 1000;
        const rounded = Math.abs(r) * 2 >= 1000 ? (p < 0 ? q - 1 : q + 1) : q;
        out[k++] = rounded * 10 >= z ? T : F;
      }
    }
    {
      const m = Math.max(a[o + 11], a[o + 12], a[o + 13]);
      out[k++] = cmp(m, a[o + 10], m <= a[o + 10]);
    }
    {
      const m = Math.min(a[o + 48], a[o + 49]);
      out[k++] = Number.isNaN(m) ? NA : m >= 0 ? T : F;
    }
    {
      const t = a[o + 21];
      out[k++] = and3(cmp(t, a[o + 22], t - a[o + 22] >= 0), cmp(t, 0, t >= 0));
    }
    {
      const t = a[o + 21];
      out[k++] = not3(or3(cmp(a[o + 26], t, a[o + 26] > t), cmp(a[o + 27], t, a[o + 27] > t)));
    }
    {
      const cur = a[o + Y + 10];
      const base = a[o + LY + 10];
      if (Number.isNaN(cur) || Number.isNaN(base) || base === 0) out[k++] = NA;
      else {
        const g = q6((cur - base) * 100, base);
        out[k++] = g >= -40e6 && g <= 60e6 ? T : F;
      }
    }
    {
      const x = a[o + 1];
      const p = a[o + P + 1];
      out[k++] = Number.isNaN(x) || Number.isNaN(p) ? NA : Math.abs(x - p) <= 2 * p + 1000 ? T : F;
    }
    {
      const x = a[o + 44];
      out[k++] = Number.isNaN(x) ? T : x >= 0 ? T : F;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** CPU time of this process in ms (user + system): what "one core" means on a shared machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Evaluations per second of CPU time for each path, measured in ROUNDS interleaved rounds (so a
 * busy neighbour slows every path alike) and the best round kept.
 */
function measure(paths: [string, number, () => void][]): number[] {
  const chosen = paths.map(([name]) => name.includes(ONLY));
  const best = paths.map(() => 0);
  for (const [, , fn] of paths) fn(); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    paths.forEach(([, evaluations, fn], i) => {
      if (!chosen[i]) return;
      let runs = 0;
      const t0 = cpuMs();
      let t = t0;
      do {
        fn();
        runs++;
        t = cpuMs();
      } while (t - t0 < MIN_MS / ROUNDS);
      best[i] = Math.max(best[i], (evaluations * runs) / ((t - t0) / 1000));
    });
  }
  paths.forEach(([name], i) => {
    if (chosen[i])
      console.log(`${name.padEnd(64)} ${(best[i] / 1e6).toFixed(2).padStart(8)} M evaluations/s`);
  });
  return best;
}

function counts(codes: Uint8Array): string {
  const n = [0, 0, 0, 0];
  for (const x of codes) n[x]++;
  return `pass ${n[0]}, fail ${n[1]}, na ${n[2]}, error ${n[3]}`;
}

function main() {
  const records = period(SUBMISSIONS);
  const { ruleSet, problems } = compileRuleSet(RULES, SCHEMA);
  if (problems.length) throw new Error(JSON.stringify(problems[0]));
  const R = ruleSet.rules.length;
  const E = SUBMISSIONS * R;
  console.log(
    `${SUBMISSIONS.toLocaleString()} submissions × ${R} rules (${ruleSet.slots.length} values read per submission), one core`,
  );

  // Every path must give the baseline's outcomes, rule by rule.
  const hand = handLayout(records);
  const want = new Uint8Array(E);
  handCheck(hand, SUBMISSIONS, want);
  const closures = new Uint8Array(E);
  records.forEach((r, k) => {
    evaluateOutcomes(ruleSet, bindRecord(ruleSet, r), closures.subarray(k * R, (k + 1) * R));
  });
  const batch = compileBatch(ruleSet, { generate: true });
  const bound = batch.bind(records);
  const generated = batch.run(bound);
  const full = records.slice(0, 1000).flatMap((r) => evaluateRuleSet(ruleSet, r));
  const fullCodes = Uint8Array.from(full, (r) => (r.outcome === 'pass' ? 0 : r.outcome === 'fail' ? 1 : 2));
  for (const [name, got] of [
    ['closures', closures],
    ['generated', generated],
    ['evaluateRuleSet', fullCodes],
  ] as const) {
    for (let i = 0; i < got.length; i++) {
      if (got[i] !== want[i]) {
        const rule = ruleSet.rules[i % R];
        throw new Error(
          `${name} ≠ baseline at submission ${Math.floor(i / R)}, rule ${rule.id} (${rule.expr}): ${got[i]} vs ${want[i]}`,
        );
      }
    }
  }
  console.log(
    `outcomes (all paths agree with the baseline): ${counts(want)}; compileBatch mode: ${batch.mode}\n`,
  );

  const out = new Uint8Array(E);
  let table: BoundPeriod | undefined;
  const boundAll = records.map((r) => bindRecord(ruleSet, r));
  // The same period as collection's re-check reads it: each submission's cells as one JSON row,
  // parsed (JSON.parse builds objects of one shape, with fast properties, not hash tables).
  const parsed: RecordData[] = records.map((r) => JSON.parse(JSON.stringify(r)));
  const fromJson = batch.run(batch.bind(parsed));
  if (fromJson.some((x, i) => x !== want[i])) throw new Error('records read from JSON disagree');
  const few = Math.min(SUBMISSIONS, 1000);
  const rates = measure([
    ['baseline: hand-written loop over a Float64Array', E, () => handCheck(hand, SUBMISSIONS, out)],
    ['(b) batch, compileBatch run (values already read)', E, () => batch.run(bound, out)],
    ['(b) batch, compileBatch bind + run (from raw values)', E, () => batch.run(batch.bind(records), out)],
    ['    of which compileBatch bind alone', E, () => batch.bind(records)],
    [
      `(b) batch, bind + run in slices of ${SLICE} into one reused table`,
      E,
      () => {
        for (let k = 0; k < SUBMISSIONS; k += SLICE) {
          const slice = records.slice(k, k + SLICE);
          table = batch.bind(slice, table);
          batch.run(table, out.subarray(k * R, (k + slice.length) * R));
        }
      },
    ],
    [
      '(b) batch, compileBatch bind + run (records parsed from JSON)',
      E,
      () => batch.run(batch.bind(parsed), out),
    ],
    [
      '(b) bindRecord + evaluateOutcomes (records parsed from JSON)',
      E,
      () => {
        for (let k = 0; k < SUBMISSIONS; k++) {
          evaluateOutcomes(ruleSet, bindRecord(ruleSet, parsed[k]), out.subarray(k * R, (k + 1) * R));
        }
      },
    ],
    [
      '(b) one pass, fresh compileBatch (default: closures this far)',
      E,
      () => {
        const fresh = compileBatch(ruleSet);
        fresh.run(fresh.bind(records), out);
      },
    ],
    [
      '(b) one pass, fresh compileBatch, generated (V8 optimising it)',
      E,
      () => {
        const fresh = compileBatch(ruleSet, { generate: true });
        fresh.run(fresh.bind(records), out);
      },
    ],
    [
      '(b) evaluateOutcomes on bound records (closures)',
      E,
      () => {
        for (let k = 0; k < SUBMISSIONS; k++)
          evaluateOutcomes(ruleSet, boundAll[k], out.subarray(k * R, (k + 1) * R));
      },
    ],
    [
      '(b) bindRecord + evaluateOutcomes (closures)',
      E,
      () => {
        for (let k = 0; k < SUBMISSIONS; k++) {
          evaluateOutcomes(ruleSet, bindRecord(ruleSet, records[k]), out.subarray(k * R, (k + 1) * R));
        }
      },
    ],
    [
      `(a) evaluateRuleSet: values + messages (${few} submissions)`,
      few * R,
      () => {
        for (let k = 0; k < few; k++) evaluateRuleSet(ruleSet, records[k]);
      },
    ],
  ]);
  console.log(
    `\nratio to the hand-written baseline: ${rates
      .slice(1)
      .map((x) => (x / rates[0]).toFixed(2))
      .join(', ')}`,
  );
}

main();
