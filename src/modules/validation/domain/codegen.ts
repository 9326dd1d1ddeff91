/**
 * JavaScript source for a rewritten rule: the batch evaluator (batch.ts) pastes one such
 * expression per rule into a single generated function, so a whole rule set runs as straight-line
 * code over local variables, with no closure call per node and no allocation.
 *
 * The arithmetic is emit.ts's, written out as text: numbers are integer-valued doubles at the
 * node's static scale, every step that could leave ±2^53 goes through `safe` (which throws OVERFLOW,
 * and the caller re-runs the record on the closure path), division rounds half away from zero at
 * DIVISION_SCALE. The representation of missing differs, because a Float64Array cannot hold
 * `undefined`: NA is NaN for numbers and conditions (true 1, false 0), undefined for text and codes.
 * NaN propagates through + − × by itself; every comparison and function checks for it first.
 * Operands may be evaluated where the closures would have stopped early (`false and x`): the
 * language has no side effects, so only an overflow in such an operand is observable, and that
 * sends the record to the closure path, which gives the same outcome.
 */
import * as D from '../../../platform/decimal.ts';
import { NA, type Node } from './typed.ts';

/** How a value is held in generated code: a double (NaN = NA) or a string (undefined = NA). */
type Rep = 'n' | 's';

/** A node the generator does not handle; the rule then runs its closure inside the batch. */
export class NotGenerated extends Error {}

const MAX = Number.MAX_SAFE_INTEGER;
const scaleOf = (n: Node): number => (n.ty.t === 'number' ? n.ty.scale : 0);
const repOf = (n: Node, inherit: Rep): Rep =>
  n.ty.t === 'text' || n.ty.t === 'code' ? 's' : n.ty.t === 'null' ? inherit : 'n';

/**
 * The helpers generated code calls (passed in by name, so V8 can inline them). Kept apart from
 * the generated text so they are ordinary, type-checked, tested code.
 */
export function helpers(overflow: Error) {
  const fail = (): never => {
    throw overflow;
  };
  /** A safe integer, or the record leaves the fast path. */
  const safe = (x: number): number => (x > MAX || x < -MAX ? fail() : x);
  /** n / d rounded half away from zero, both safe integers (as emit.ts divRoundNumber). */
  const divRound = (n: number, d: number): number => {
    const r = n % d;
    const q = (n - r) / d;
    const ar = r < 0 ? -r : r;
    const ad = d < 0 ? -d : d;
    if (ar * 2 >= ad) return n < 0 !== d < 0 ? q - 1 : q + 1;
    return q === 0 ? 0 : q;
  };
  return {
    safe,
    divRound,
    /** a ÷ b at DIVISION_SCALE: a × ma over b × mb (one of them 1); NA when either is NA or b is 0. */
    div: (a: number, b: number, ma: number, mb: number): number =>
      Number.isNaN(a) || Number.isNaN(b) || b === 0 ? Number.NaN : divRound(safe(a * ma), safe(b * mb)),
    /** A quotient whose scales are beyond exact doubles: the closures and the interpreter decide. */
    divX: (a: number, b: number): number =>
      Number.isNaN(a) || Number.isNaN(b) || b === 0 ? Number.NaN : fail(),
    /** growth(c, p) = (c − p) × 100 ÷ p, c and p lifted to a common scale by mc and mp. */
    growth: (c: number, p: number, mc: number, mp: number, ma: number, mb: number): number =>
      Number.isNaN(c) || Number.isNaN(p) || p === 0
        ? Number.NaN
        : divRound(safe(safe(safe(safe(c * mc) - safe(p * mp)) * 100) * ma), safe(p * mb)),
    growthX: (c: number, p: number): number =>
      Number.isNaN(c) || Number.isNaN(p) || p === 0 ? Number.NaN : fail(),
    /** round(x, ·): x ÷ m half away from zero. */
    round: (x: number, m: number): number => (Number.isNaN(x) ? x : divRound(x, m)),
    /** sum: NA parts add nothing; all NA is NA. */
    sum: (a: number, b: number): number => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : safe(a + b)),
    /** coalesce for doubles and for strings. */
    coalesce: (a: number, b: number): number => (!Number.isNaN(a) ? a : b),
    coalesceText: (a: string | undefined, b: string | undefined): string | undefined =>
      a !== undefined ? a : b,
    between: (x: number, a: number, b: number): number =>
      Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a <= x && x <= b ? 1 : 0,
    near: (a: number, b: number, tol: number, negate: number): number => {
      if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
      const d = safe(a - b);
      return (d < 0 ? -d : d) <= tol ? 1 - negate : negate;
    },
    /** Kleene and, or, not over 1 / 0 / NaN. */
    and: (a: number, b: number): number =>
      a === 0 || b === 0 ? 0 : Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : 1,
    or: (a: number, b: number): number =>
      a === 1 || b === 1 ? 1 : Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : 0,
    eq: (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a === b ? 1 : 0),
    ne: (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a !== b ? 1 : 0),
    lt: (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a < b ? 1 : 0),
    le: (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a <= b ? 1 : 0),
    gt: (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a > b ? 1 : 0),
    ge: (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a >= b ? 1 : 0),
    textEq: (a: string | undefined, b: string | undefined): number =>
      a === undefined || b === undefined ? Number.NaN : a === b ? 1 : 0,
    textNe: (a: string | undefined, b: string | undefined): number =>
      a === undefined || b === undefined ? Number.NaN : a !== b ? 1 : 0,
    inSet: (x: number, keys: Set<number | string>): number => (Number.isNaN(x) ? x : keys.has(x) ? 1 : 0),
    inTextSet: (x: string | undefined, keys: Set<number | string>): number =>
      x === undefined ? Number.NaN : keys.has(x) ? 1 : 0,
    startsWith: (a: string | undefined, b: string | undefined): number =>
      a === undefined || b === undefined ? Number.NaN : a.startsWith(b) ? 1 : 0,
    isNA: (x: number): number => (Number.isNaN(x) ? 1 : 0),
  };
}

export type Helpers = ReturnType<typeof helpers>;
export const HELPER_NAMES = Object.keys(helpers(new Error())) as (keyof Helpers)[];

const COMPARE = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' } as const;

/** Where generated code finds a reference's value and the constants it cannot write inline. */
export interface GenContext {
  /** The local variable holding a reference's value (`n3`, `s0`). */
  local(key: string): string;
  /** The name of a hoisted constant (a Set for `in`). */
  constant(value: unknown): string;
}

/** A number as JS source (integer-valued doubles print exactly; -0 and NaN spelled out). */
function lit(x: number): string {
  return Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x);
}

/** The source of a constant at the node's static scale, or NotGenerated when doubles cannot hold it. */
function constant(n: Extract<Node, { k: 'const' }>, rep: Rep): string {
  const v = n.value;
  if (v instanceof NA) return rep === 's' ? 'undefined' : 'NaN';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  const c = D.rescale(D.normalize(v), scaleOf(n));
  if (c > BigInt(MAX) || c < -BigInt(MAX)) throw new NotGenerated('constant beyond 2^53');
  return lit(Number(c));
}

/** `k` more digits: x × 10^k, checked. */
function lift(src: string, k: number): string {
  if (k === 0) return src;
  if (k > 22) throw new NotGenerated('scale beyond exact doubles');
  return `safe(${src} * ${lit(10 ** k)})`;
}

/** The source of a numeric child at scale `to` (a constant is written at that scale directly). */
function at(n: Node, to: number, ctx: GenContext): string {
  if (n.k === 'const' && n.ty.t === 'number' && typeof n.value === 'object' && !(n.value instanceof NA)) {
    const c = D.rescale(D.normalize(n.value), to);
    // Beyond 2^53 the lift would overflow at run time: leave that to safe().
    if (c <= BigInt(MAX) && c >= -BigInt(MAX)) return lit(Number(c));
  }
  return lift(gen(n, ctx, 'n'), to - scaleOf(n));
}

/** Multipliers for a ÷ b (scales sa, sb) at DIVISION_SCALE, as emit.ts divide(); null beyond 10^22. */
function divisionShift(sa: number, sb: number): [number, number] | null {
  const shift = D.DIVISION_SCALE + sb - sa;
  if (shift > 22 || -shift > 22) return null;
  return shift >= 0 ? [10 ** shift, 1] : [1, 10 ** -shift];
}

function division(a: string, b: string, sa: number, sb: number): string {
  const m = divisionShift(sa, sb);
  return m ? `div(${a}, ${b}, ${lit(m[0])}, ${lit(m[1])})` : `divX(${a}, ${b})`;
}

/** Left fold of a binary helper over sources. */
const fold = (f: string, xs: string[]): string => xs.reduce((acc, x) => `${f}(${acc}, ${x})`);

/** JS source computing a rewritten node; `inherit` is the representation a null-typed node takes. */
export function gen(n: Node, ctx: GenContext, inherit: Rep = 'n'): string {
  const rep = repOf(n, inherit);
  switch (n.k) {
    case 'const':
      return constant(n, rep);
    case 'ref':
      return ctx.local(n.ref.key);
    case 'neg':
      // 0 − x: NaN stays NaN and 0 stays +0, as the closures' `x === 0 ? 0 : -x`.
      return `(0 - ${gen(n.arg, ctx)})`;
    case 'arith': {
      if (n.op === '+' || n.op === '-') {
        const sc = scaleOf(n);
        return `safe(${at(n.l, sc, ctx)} ${n.op} ${at(n.r, sc, ctx)})`;
      }
      if (n.op === '*') return `safe(${gen(n.l, ctx)} * ${gen(n.r, ctx)})`;
      return division(gen(n.l, ctx), gen(n.r, ctx), scaleOf(n.l), scaleOf(n.r));
    }
    case 'compare': {
      if (n.l.ty.t === 'number' || n.r.ty.t === 'number') {
        const sc = Math.max(scaleOf(n.l), scaleOf(n.r));
        return `${COMPARE[n.op]}(${at(n.l, sc, ctx)}, ${at(n.r, sc, ctx)})`;
      }
      if (n.l.ty.t === 'boolean' && n.r.ty.t === 'boolean') {
        return `${COMPARE[n.op]}(${gen(n.l, ctx)}, ${gen(n.r, ctx)})`;
      }
      if (n.op !== '=' && n.op !== '!=') throw new NotGenerated(`ordered comparison of ${n.l.ty.t}`);
      return `${n.op === '=' ? 'textEq' : 'textNe'}(${gen(n.l, ctx, 's')}, ${gen(n.r, ctx, 's')})`;
    }
    case 'near': {
      const sc = Math.max(scaleOf(n.l), scaleOf(n.r), D.scaleOf(n.tolerance));
      const tc = D.rescale(D.normalize(n.tolerance), sc);
      if (tc > BigInt(MAX)) throw new NotGenerated('tolerance beyond 2^53');
      return `near(${at(n.l, sc, ctx)}, ${at(n.r, sc, ctx)}, ${lit(Number(tc))}, ${n.negate ? 1 : 0})`;
    }
    case 'not':
      // 1 − x over 1 / 0 / NaN is Kleene negation.
      return `(1 - ${gen(n.arg, ctx)})`;
    case 'and':
      return `and(${gen(n.l, ctx)}, ${gen(n.r, ctx)})`;
    case 'or':
      return `or(${gen(n.l, ctx)}, ${gen(n.r, ctx)})`;
    case 'round': {
      const k = scaleOf(n.arg) - n.digits;
      const x = gen(n.arg, ctx);
      if (k <= 0) return x;
      if (k > 22) throw new NotGenerated('round beyond exact doubles');
      return `round(${x}, ${lit(10 ** k)})`;
    }
    case 'sum':
      return fold(
        'sum',
        n.args.map((a) => at(a, scaleOf(n), ctx)),
      );
    case 'inSet': {
      const keys = ctx.constant(n.keys);
      const x = repOf(n.x, 'n');
      return x === 's' ? `inTextSet(${gen(n.x, ctx, 's')}, ${keys})` : `inSet(${gen(n.x, ctx)}, ${keys})`;
    }
    case 'fn':
      return fn(n, ctx, rep);
    case 'implies':
    case 'in':
      throw new Error(`${n.k} must be rewritten before generating code`);
  }
}

function fn(n: Extract<Node, { k: 'fn' }>, ctx: GenContext, rep: Rep): string {
  const sc = scaleOf(n);
  const args = n.args;
  switch (n.name) {
    case 'isnull': {
      const x = args[0];
      return repOf(x, 'n') === 's' ? `(${gen(x, ctx, 's')} === undefined ? 1 : 0)` : `isNA(${gen(x, ctx)})`;
    }
    case 'coalesce':
      if (rep === 's') {
        return fold(
          'coalesceText',
          args.map((a) => gen(a, ctx, 's')),
        );
      }
      return fold(
        'coalesce',
        args.map((a) => (n.ty.t === 'number' && a.ty.t === 'number' ? at(a, sc, ctx) : gen(a, ctx, 'n'))),
      );
    case 'abs':
      return `Math.abs(${gen(args[0], ctx)})`;
    case 'min':
    case 'max':
      // Math.min/max answer NaN when any argument is NaN: NA when any is NA, as the language says.
      return `Math.${n.name}(${args.map((a) => at(a, sc, ctx)).join(', ')})`;
    case 'between': {
      const bs = Math.max(...args.map(scaleOf));
      return `between(${args.map((a) => at(a, bs, ctx)).join(', ')})`;
    }
    case 'growth': {
      const [c, p] = args;
      const ds = Math.max(scaleOf(c), scaleOf(p));
      const m = divisionShift(ds, scaleOf(p));
      const kc = ds - scaleOf(c);
      const kp = ds - scaleOf(p);
      if (!m || kc > 22 || kp > 22) return `growthX(${gen(c, ctx)}, ${gen(p, ctx)})`;
      return `growth(${gen(c, ctx)}, ${gen(p, ctx)}, ${lit(10 ** kc)}, ${lit(10 ** kp)}, ${lit(m[0])}, ${lit(m[1])})`;
    }
    case 'ratio':
      return division(gen(args[0], ctx), gen(args[1], ctx), scaleOf(args[0]), scaleOf(args[1]));
    case 'startswith':
      return `startsWith(${gen(args[0], ctx, 's')}, ${gen(args[1], ctx, 's')})`;
  }
}
