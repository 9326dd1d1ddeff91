/**
 * Batch re-checks (a whole period after a rule changed): the rule set's outcome codes for many
 * records at once, from the same CompiledRuleSet the server and the browser use.
 *
 * A period is read once into a slot table (BoundPeriod): one row per record, numeric values
 * scaled to integers in a Float64Array (NaN = missing), text and codes in a plain array
 * (undefined = missing). The rule set is then compiled to one JavaScript function per chunk of
 * rules (codegen.ts: straight-line code over local variables, no allocation, no call per node)
 * that loops over the rows and writes codes into a Uint8Array.
 *
 * Semantics are the closures' by construction: whenever the generated code cannot be exact it
 * hands the record back, and the record is evaluated exactly as evaluateOutcomes(bindRecord())
 * would — which itself falls back to the bigint reference interpreter. That happens when
 * - a value, once scaled, is beyond ±2^53 (the record is read as "exact" and never runs here);
 * - an intermediate result would leave ±2^53 (`safe` throws; the whole record is redone);
 * - a rule holds a constant or scale doubles cannot represent (that rule alone runs its closure,
 *   or the interpreter if it has none);
 * - anything throws (the record is redone, so an error is code 3 exactly where it would be).
 * The property test holds generated code = closures = reference interpreter.
 *
 * Generated code pays off over many records only (V8 spends a few hundred milliseconds of CPU
 * optimising it), so by default a batch starts on the closures over the same slot table and
 * generates code once AUTO_THRESHOLD evaluations have run. Where `new Function` is forbidden (a
 * Content-Security-Policy without 'unsafe-eval' in a browser) it stays on the closures; `mode`
 * says which is running.
 */

import * as D from '../../../platform/decimal.ts';
import { type GenContext, gen, HELPER_NAMES, helpers, NotGenerated } from './codegen.ts';
import { type Fast, OVERFLOW } from './emit.ts';
import type { CompiledRule, CompiledRuleSet } from './engine.ts';
import { type BoundRecord, bindRecord, outcomeOf } from './engine.ts';
import { quickScaled, quickScaledText, type RecordData, readRef } from './record.ts';
import { NA, type Ref } from './typed.ts';

/** A period read into slots, ready for run(). */
export interface BoundPeriod {
  records: readonly RecordData[];
  /** Rows in use (the arrays may be longer when a table is reused). */
  size: number;
  /** Numeric values × 10^decimals, row by row (`numeric` per row); NaN = missing. */
  num: Float64Array;
  /** Text and code values, row by row (`text` per row); undefined = missing. */
  str: (string | undefined)[];
  /** 1: some value is beyond exact doubles; 2: a value could not be read. Either way the row runs the closures. */
  exact: Uint8Array;
}

/** Evaluations after which 'auto' switches to generated code (about 33,000 records of 60 rules). */
export const AUTO_THRESHOLD = 2_000_000;

export interface BatchOptions {
  /**
   * Generate JavaScript: true from the start, false never, 'auto' (default) once AUTO_THRESHOLD
   * evaluations have run on the closures — V8 spends a few hundred milliseconds of CPU optimising
   * the generated functions, which a period of a few thousand records does not win back. Only
   * where the environment allows `new Function`.
   */
  generate?: boolean | 'auto';
  /** Evaluations after which 'auto' generates code (default AUTO_THRESHOLD). */
  autoAfter?: number;
  /** Rules per generated function (default 64), so a large set stays within what V8 optimises. */
  chunk?: number;
}

export interface BatchEvaluator {
  ruleSet: CompiledRuleSet;
  /** 'code': generated functions; 'closures': the closure evaluator over the same slot table (so far). */
  readonly mode: 'code' | 'closures';
  /** The generated source (for reading, and for the tests), empty until code is generated. */
  source: string[];
  /**
   * Reads records into a slot table (once per period; run() may be called on it many times).
   * With `into`, that table's arrays are reused when large enough: bind a long period in slices
   * of a few thousand records without allocating per slice.
   */
  bind(records: readonly RecordData[], into?: BoundPeriod): BoundPeriod;
  /** Outcome codes, `rules.length` per record in record order: 0 pass, 1 fail, 2 na, 3 error. */
  run(period: BoundPeriod, out?: Uint8Array): Uint8Array;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Where a slot's value comes from: one object of the record, looked up once per record. */
interface Source {
  unit: boolean;
  form: string | null;
  period: Ref['period'];
}

interface Slot {
  ref: Ref;
  source: number;
  numeric: boolean;
  /** Position within the row of `num` or `str`. */
  at: number;
}

function sourceObject(s: Source, data: RecordData): Readonly<Record<string, unknown>> | null | undefined {
  if (s.unit) return data.unit;
  const form = s.form === null ? data : data.otherForms?.[s.form];
  return s.period === 'current' ? form?.values : s.period === 'previous' ? form?.previous : form?.lastYear;
}

/** Whether this environment may compile source text (a CSP without 'unsafe-eval' forbids it). */
function canGenerate(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

/** Prepares a compiled rule set for batch re-checks. */
export function compileBatch(set: CompiledRuleSet, options: BatchOptions = {}): BatchEvaluator {
  const R = set.rules.length;
  const sources: Source[] = [];
  const slots: Slot[] = [];
  let numeric = 0;
  let text = 0;
  for (const ref of set.slots) {
    const unit = ref.source === 'unit';
    let source = sources.findIndex((s) => s.unit === unit && s.form === ref.form && s.period === ref.period);
    if (source < 0) source = sources.push({ unit, form: ref.form, period: ref.period }) - 1;
    const isNumber = ref.type === 'decimal' || ref.type === 'integer';
    slots.push({ ref, source, numeric: isNumber, at: isNumber ? numeric++ : text++ });
  }

  /**
   * A numeric value the quick parser left alone, read exactly (long values, invalid text, too
   * many decimals): NaN when missing; marks the row when doubles cannot hold it.
   */
  function slowNumber(period: BoundPeriod, r: number, i: number): number {
    const ref = slots[i].ref;
    const v = readRef(ref, period.records[r]);
    if (v instanceof NA) return Number.NaN;
    const c = D.rescale(v as D.Dec, ref.decimals);
    if (c > MAX || c < -MAX) period.exact[r] = 1;
    return Number(c);
  }

  /** A table for `records`, reusing `into`'s arrays when they are large enough. */
  function allocate(records: readonly RecordData[], into?: BoundPeriod): BoundPeriod {
    const n = records.length;
    if (into && into.num.length >= n * numeric && into.str.length >= n * text && into.exact.length >= n) {
      into.records = records;
      into.size = n;
      into.exact.fill(0, 0, n);
      return into;
    }
    return {
      records,
      size: n,
      num: new Float64Array(n * numeric),
      str: new Array(n * text).fill(undefined),
      exact: new Uint8Array(n),
    };
  }

  // The slots as parallel arrays: the binder's inner loop reads no object but the record's.
  const slotName = slots.map((s) => s.ref.name);
  const slotSource = Int32Array.from(slots, (s) => s.source);
  const slotAt = Int32Array.from(slots, (s) => s.at);
  const slotDecimals = Int32Array.from(slots, (s) => (s.numeric ? s.ref.decimals : -1));

  /** Reads records into the table, slot by slot. */
  function bindSlots(records: readonly RecordData[], into?: BoundPeriod): BoundPeriod {
    const period = allocate(records, into);
    const { num, str, exact } = period;
    const objs: (Readonly<Record<string, unknown>> | null | undefined)[] = new Array(sources.length);
    const count = slotName.length;
    for (let r = 0; r < records.length; r++) {
      const data = records[r];
      const nb = r * numeric;
      const sb = r * text;
      try {
        for (let k = 0; k < sources.length; k++) objs[k] = sourceObject(sources[k], data);
        for (let i = 0; i < count; i++) {
          const obj = objs[slotSource[i]];
          const raw = obj ? obj[slotName[i]] : undefined;
          const d = slotDecimals[i];
          if (raw === null || raw === undefined || raw === '') {
            if (d < 0) str[sb + slotAt[i]] = undefined;
            else num[nb + slotAt[i]] = Number.NaN;
          } else if (d < 0) str[sb + slotAt[i]] = String(raw);
          else {
            const quick = typeof raw === 'string' ? quickScaledText(raw, d) : quickScaled(raw, d);
            num[nb + slotAt[i]] = quick ?? slowNumber(period, r, i);
          }
        }
      } catch {
        exact[r] = 2;
      }
    }
    return period;
  }

  /** The closure path for one record, exactly as evaluateOutcomes(bindRecord()). */
  function redo(period: BoundPeriod, r: number, out: Uint8Array) {
    let bound: BoundRecord;
    try {
      bound = bindRecord(set, period.records[r]);
    } catch {
      out.fill(3, r * R, (r + 1) * R);
      return;
    }
    for (let i = 0; i < R; i++) out[r * R + i] = outcomeOf(set.rules[i], set, bound);
  }

  /** Closure mode: the compiled closures read a reused slot array filled from the table. */
  function runClosures(period: BoundPeriod, out: Uint8Array): Uint8Array {
    const n = period.size;
    const fast: Fast[] = new Array(slots.length);
    const bound: BoundRecord = { data: period.records[0], slots: fast, exact: false };
    for (let r = 0; r < n; r++) {
      if (period.exact[r] !== 0) {
        redo(period, r, out);
        continue;
      }
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i];
        if (s.numeric) {
          const x = period.num[r * numeric + s.at];
          fast[i] = Number.isNaN(x) ? undefined : x;
        } else fast[i] = period.str[r * text + s.at];
      }
      bound.data = period.records[r];
      for (let i = 0; i < R; i++) out[r * R + i] = outcomeOf(set.rules[i], set, bound);
    }
    return out;
  }

  type Runner = (
    num: Float64Array,
    str: (string | undefined)[],
    exact: Uint8Array,
    n: number,
    out: Uint8Array,
    defer: (r: number) => void,
    fallback: (r: number, i: number) => number,
  ) => void;
  const source: string[] = [];
  const runners: Runner[] = [];
  let binder: ((period: BoundPeriod) => void) | null = null;
  // Generated code costs V8 a few hundred milliseconds to optimise, worth it only over many
  // evaluations: 'auto' starts with the closures and switches once this many have run.
  const threshold = options.generate === true ? 0 : (options.autoAfter ?? AUTO_THRESHOLD);
  let allowed: boolean | null = options.generate === false ? false : null;
  let evaluations = 0;

  /** Generates the code once the work done so far says it will pay for itself. */
  function generated(): boolean {
    if (binder) return true;
    if (evaluations < threshold) return false;
    allowed ??= canGenerate();
    if (!allowed) return false;
    const src = binderSource(sources, slots, numeric, text);
    source.push(src);
    binder = new Function('Q', 'QT', 'SLOW', src)(quickScaled, quickScaledText, slowNumber);
    const chunk = options.chunk ?? 64;
    for (let from = 0; from < R; from += chunk) {
      const { text: src, constants } = chunkSource(
        set,
        slots,
        numeric,
        text,
        from,
        Math.min(R, from + chunk),
      );
      source.push(src);
      runners.push(new Function('H', 'K', src)(helpers(OVERFLOW), constants));
    }
    return true;
  }

  function bind(records: readonly RecordData[], into?: BoundPeriod): BoundPeriod {
    if (!generated()) return bindSlots(records, into);
    const period = allocate(records, into);
    binder!(period);
    return period;
  }

  function run(period: BoundPeriod, out?: Uint8Array): Uint8Array {
    const n = period.size;
    const res = out ?? new Uint8Array(n * R);
    const code = generated();
    evaluations += n * R;
    if (!code) return runClosures(period, res);
    const deferred = new Uint8Array(n);
    const defer = (r: number) => {
      deferred[r] = 1;
    };
    // A rule the generator left out runs its closure (or the interpreter) on this record.
    let boundRow = -1;
    let bound: BoundRecord | null = null;
    const fallback = (r: number, i: number): number => {
      if (boundRow !== r) {
        bound = bindRecord(set, period.records[r]);
        boundRow = r;
      }
      return outcomeOf(set.rules[i], set, bound!);
    };
    for (const runner of runners) runner(period.num, period.str, period.exact, n, res, defer, fallback);
    for (let r = 0; r < n; r++) if (deferred[r]) redo(period, r, res);
    return res;
  }

  // Asked for code: generate it now (its mode is known, and a generator bug shows at once).
  if (options.generate === true) generated();
  return {
    ruleSet: set,
    get mode() {
      return binder ? 'code' : 'closures';
    },
    source,
    bind,
    run,
  };
}

/** The source of one generated function evaluating rules [from, to) over every row. */
function chunkSource(
  set: CompiledRuleSet,
  slots: Slot[],
  numeric: number,
  text: number,
  from: number,
  to: number,
): { text: string; constants: unknown[] } {
  const R = set.rules.length;
  const constants: unknown[] = [];
  const used = new Set<number>();
  const ctx: GenContext = {
    local(key) {
      const i = set.slotIndex.get(key)!;
      used.add(i);
      return `v${i}`;
    },
    constant(value) {
      return `k${constants.push(value) - 1}`;
    },
  };
  const body: string[] = [];
  for (let i = from; i < to; i++) {
    const rule: CompiledRule = set.rules[i];
    let expr: string | null = null;
    if (rule.run) {
      try {
        expr = gen(rule.rewritten, ctx);
      } catch (e) {
        if (!(e instanceof NotGenerated)) throw e;
      }
    }
    body.push(
      expr === null
        ? // The id only as a comment, and only the characters that cannot end one.
          `      out[o + ${i}] = fallback(r, ${i}); // ${rule.id.replace(/[^\w.-]/g, '?')}: not generated`
        : `      x = ${expr};\n      out[o + ${i}] = x === 1 ? 0 : x === 0 ? 1 : 2;`,
    );
  }
  const loads = [...used]
    .sort((a, b) => a - b)
    .map((i) => {
      const s = slots[i];
      return s.numeric ? `      const v${i} = num[nb + ${s.at}];` : `      const v${i} = str[sb + ${s.at}];`;
    });
  const text_ = `"use strict";
const { ${HELPER_NAMES.join(', ')} } = H;
${constants.map((_, k) => `const k${k} = K[${k}];`).join('\n')}
// rules ${from}–${to - 1} of ${R}: ${numeric} numeric and ${text} text values per row
return function run(num, str, exact, n, out, defer, fallback) {
  let x = 0;
  for (let r = 0; r < n; r++) {
    if (exact[r] !== 0) { defer(r); continue; }
    const nb = r * ${numeric};
    const sb = r * ${text};
    const o = r * ${R};
    try {
${loads.join('\n')}
${body.join('\n')}
    } catch (e) {
      defer(r);
    }
  }
};`;
  return { text: text_, constants };
}

/** The expression for a source object of record `d`, as sourceObject() finds it. */
function sourceExpr(s: Source): string {
  if (s.unit) return 'd.unit';
  const form = s.form === null ? 'd' : `d.otherForms?.[${JSON.stringify(s.form)}]`;
  const key = s.period === 'current' ? 'values' : s.period;
  return s.form === null ? `${form}.${key}` : `${form}?.${key}`;
}

/**
 * The source of the generated binder: each value read by a property name written into the code
 * (an inline cache per cell instead of one lookup site for all), parsed by quickScaled, the rest
 * by the exact reader. Same reads as bindSlots, which the property test checks.
 */
function binderSource(sources: Source[], slots: Slot[], numeric: number, text: number): string {
  const reads = slots.map((slot, i) => {
    const raw = `raw = o${slot.source} ? o${slot.source}[${JSON.stringify(slot.ref.name)}] : undefined;`;
    const blank = "raw === null || raw === undefined || raw === ''";
    return slot.numeric
      ? `      ${raw}\n      num[nb + ${slot.at}] = ${blank} ? NaN : (typeof raw === 'string' ? QT(raw, ${slot.ref.decimals}) : Q(raw, ${slot.ref.decimals})) ?? SLOW(p, r, ${i});`
      : `      ${raw}\n      str[sb + ${slot.at}] = ${blank} ? undefined : String(raw);`;
  });
  return `"use strict";
return function bind(p) {
  const records = p.records, num = p.num, str = p.str, exact = p.exact, n = p.size;
  for (let r = 0; r < n; r++) {
    const nb = r * ${numeric};
    const sb = r * ${text};
    try {
      const d = records[r];
${sources.map((s, k) => `      const o${k} = ${sourceExpr(s)};`).join('\n')}
      let raw;
${reads.join('\n')}
    } catch (e) {
      exact[r] = 2;
    }
  }
};`;
}
