/**
 * The compiled evaluator: turns a rewritten typed tree into nested closures over a slot array
 * (one slot per value a rule set reads, filled once per record by bind()).
 *
 * Numbers are integer-valued doubles at the node's static scale (value × 10^scale). Integer
 * arithmetic on doubles is exact up to 2^53, so sums, differences, products and comparisons
 * give exactly what decimal.ts gives, without a bigint allocation per operation; that is what
 * makes ~60 rules × thousands of submissions cheap. Any step that would leave the safe range
 * throws OVERFLOW and the engine re-runs that rule with the exact reference interpreter.
 * NA is `undefined`.
 */
import * as D from '../../../platform/decimal.ts';
import { NA, type Node } from './typed.ts';

export type Fast = number | string | boolean | undefined;
export type Slots = readonly Fast[];
export type Compiled = (s: Slots) => Fast;

const MAX = Number.MAX_SAFE_INTEGER;
/** Thrown when exact double arithmetic is impossible; caught per rule. */
export const OVERFLOW = new Error('decimal overflow: falls back to exact arithmetic');

const P10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) P10.push(p);

function safe(x: number): number {
  if (x > MAX || x < -MAX) throw OVERFLOW;
  return x;
}

/** x (at some scale) multiplied up by 10^k, exactly or not at all. */
function up(x: number, k: number): number {
  return k === 0 ? x : safe(x * P10[k]);
}

/** n / d rounded half away from zero, both safe integers (exact: % and exact division are exact). */
export function divRoundNumber(n: number, d: number): number {
  const r = n % d;
  const q = (n - r) / d;
  const ar = r < 0 ? -r : r;
  const ad = d < 0 ? -d : d;
  if (ar * 2 >= ad) return n < 0 !== d < 0 ? q - 1 : q + 1;
  return q === 0 ? 0 : q;
}

/** a (scale sa) ÷ b (scale sb) at DIVISION_SCALE, mirroring decimal.ts div(). */
function divide(a: number, sa: number, b: number, sb: number): number {
  const shift = D.DIVISION_SCALE + sb - sa;
  if (shift > 22 || -shift > 22) throw OVERFLOW;
  const n = shift >= 0 ? up(a, shift) : a;
  const d = shift >= 0 ? b : up(b, -shift);
  return divRoundNumber(n, d);
}

const scaleOf = (n: Node): number => (n.ty.t === 'number' ? n.ty.scale : 0);

/** A constant as a fast value at the node's static scale. */
function constant(n: Extract<Node, { k: 'const' }>): Fast {
  const v = n.value;
  if (v instanceof NA) return undefined;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  const c = D.rescale(D.normalize(v), scaleOf(n));
  if (c > BigInt(MAX) || c < -BigInt(MAX)) throw OVERFLOW;
  return Number(c);
}

/** A numeric child as a closure that returns its value at scale `to`. */
function numAt(n: Node, slot: (key: string) => number, to: number): Compiled {
  const f = emit(n, slot);
  const k = to - scaleOf(n);
  if (k === 0) return f;
  const m = P10[k];
  return (s) => {
    const x = f(s) as number | undefined;
    return x === undefined ? undefined : safe(x * m);
  };
}

/** Compiles a rewritten tree; `slot` maps a reference key to its slot index. */
export function emit(n: Node, slot: (key: string) => number): Compiled {
  switch (n.k) {
    case 'const': {
      const v = constant(n);
      return () => v;
    }
    case 'ref': {
      const i = slot(n.ref.key);
      return (s) => s[i];
    }
    case 'neg': {
      const f = emit(n.arg, slot);
      return (s) => {
        const x = f(s) as number | undefined;
        return x === undefined ? undefined : x === 0 ? 0 : -x;
      };
    }
    case 'arith': {
      if (n.op === '+' || n.op === '-') {
        const sc = scaleOf(n);
        const l = numAt(n.l, slot, sc);
        const r = numAt(n.r, slot, sc);
        const minus = n.op === '-';
        return (s) => {
          const a = l(s) as number | undefined;
          if (a === undefined) return undefined;
          const b = r(s) as number | undefined;
          if (b === undefined) return undefined;
          return safe(minus ? a - b : a + b);
        };
      }
      const l = emit(n.l, slot);
      const r = emit(n.r, slot);
      if (n.op === '*') {
        return (s) => {
          const a = l(s) as number | undefined;
          if (a === undefined) return undefined;
          const b = r(s) as number | undefined;
          if (b === undefined) return undefined;
          const p = a * b;
          return p === 0 ? 0 : safe(p);
        };
      }
      const sa = scaleOf(n.l);
      const sb = scaleOf(n.r);
      return (s) => {
        const a = l(s) as number | undefined;
        if (a === undefined) return undefined;
        const b = r(s) as number | undefined;
        if (b === undefined || b === 0) return undefined;
        return divide(a, sa, b, sb);
      };
    }
    case 'compare': {
      let l: Compiled;
      let r: Compiled;
      if (n.l.ty.t === 'number') {
        const sc = Math.max(scaleOf(n.l), scaleOf(n.r));
        l = numAt(n.l, slot, sc);
        r = numAt(n.r, slot, sc);
      } else {
        l = emit(n.l, slot);
        r = emit(n.r, slot);
      }
      const cmp = COMPARE[n.op];
      return (s) => {
        const a = l(s);
        if (a === undefined) return undefined;
        const b = r(s);
        if (b === undefined) return undefined;
        return cmp(a as number, b as number);
      };
    }
    case 'near': {
      const sc = Math.max(scaleOf(n.l), scaleOf(n.r), D.scaleOf(n.tolerance));
      const l = numAt(n.l, slot, sc);
      const r = numAt(n.r, slot, sc);
      const tc = D.rescale(D.normalize(n.tolerance), sc);
      if (tc > BigInt(MAX)) throw OVERFLOW;
      const tol = Number(tc);
      const negate = n.negate;
      return (s) => {
        const a = l(s) as number | undefined;
        if (a === undefined) return undefined;
        const b = r(s) as number | undefined;
        if (b === undefined) return undefined;
        const d = safe(a - b);
        return (d < 0 ? -d : d) <= tol ? !negate : negate;
      };
    }
    case 'not': {
      const f = emit(n.arg, slot);
      return (s) => {
        const x = f(s);
        return x === undefined ? undefined : !x;
      };
    }
    case 'and': {
      const l = emit(n.l, slot);
      const r = emit(n.r, slot);
      return (s) => {
        const a = l(s);
        if (a === false) return false;
        const b = r(s);
        if (b === false) return false;
        return a === undefined || b === undefined ? undefined : true;
      };
    }
    case 'or': {
      const l = emit(n.l, slot);
      const r = emit(n.r, slot);
      return (s) => {
        const a = l(s);
        if (a === true) return true;
        const b = r(s);
        if (b === true) return true;
        return a === undefined || b === undefined ? undefined : false;
      };
    }
    case 'round': {
      const f = emit(n.arg, slot);
      const k = scaleOf(n.arg) - n.digits;
      if (k <= 0) return f;
      const m = P10[k];
      return (s) => {
        const x = f(s) as number | undefined;
        return x === undefined ? undefined : divRoundNumber(x, m);
      };
    }
    case 'sum': {
      const sc = scaleOf(n);
      const fs = n.args.map((a) => numAt(a, slot, sc));
      return (s) => {
        let acc: number | undefined;
        for (let i = 0; i < fs.length; i++) {
          const x = fs[i](s) as number | undefined;
          if (x !== undefined) acc = acc === undefined ? x : safe(acc + x);
        }
        return acc;
      };
    }
    case 'inSet': {
      const f = emit(n.x, slot);
      const keys = n.keys;
      return (s) => {
        const x = f(s);
        return x === undefined ? undefined : keys.has(x as number | string);
      };
    }
    case 'fn':
      return emitFunction(n, slot);
    case 'implies':
    case 'in':
      throw new Error(`${n.k} must be rewritten before emitting`);
  }
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function emitFunction(n: Extract<Node, { k: 'fn' }>, slot: (key: string) => number): Compiled {
  const sc = scaleOf(n);
  switch (n.name) {
    case 'isnull': {
      const f = emit(n.args[0], slot);
      return (s) => f(s) === undefined;
    }
    case 'coalesce': {
      const fs = n.args.map((a) =>
        n.ty.t === 'number' && a.ty.t === 'number' ? numAt(a, slot, sc) : emit(a, slot),
      );
      return (s) => {
        for (let i = 0; i < fs.length; i++) {
          const x = fs[i](s);
          if (x !== undefined) return x;
        }
        return undefined;
      };
    }
    case 'abs': {
      const f = emit(n.args[0], slot);
      return (s) => {
        const x = f(s) as number | undefined;
        return x === undefined ? undefined : x < 0 ? -x : x;
      };
    }
    case 'min':
    case 'max': {
      const fs = n.args.map((a) => numAt(a, slot, sc));
      const isMin = n.name === 'min';
      return (s) => {
        let m: number | undefined;
        for (let i = 0; i < fs.length; i++) {
          const x = fs[i](s) as number | undefined;
          if (x === undefined) return undefined;
          if (m === undefined || (isMin ? x < m : x > m)) m = x;
        }
        return m;
      };
    }
    case 'between': {
      const bs = Math.max(...n.args.map(scaleOf));
      const [x, a, b] = n.args.map((arg) => numAt(arg, slot, bs));
      return (s) => {
        const vx = x(s) as number | undefined;
        if (vx === undefined) return undefined;
        const va = a(s) as number | undefined;
        if (va === undefined) return undefined;
        const vb = b(s) as number | undefined;
        if (vb === undefined) return undefined;
        return va <= vx && vx <= vb;
      };
    }
    case 'growth': {
      const ds = Math.max(scaleOf(n.args[0]), scaleOf(n.args[1]));
      const c = numAt(n.args[0], slot, ds);
      const p = emit(n.args[1], slot);
      const pUp = numAt(n.args[1], slot, ds);
      const sp = scaleOf(n.args[1]);
      return (s) => {
        const vc = c(s) as number | undefined;
        if (vc === undefined) return undefined;
        const vp = p(s) as number | undefined;
        if (vp === undefined || vp === 0) return undefined;
        // (cur − prev) × 100 at scale ds, ÷ prev at its own scale: as decimal.ts computes it.
        const diff = safe(vc - (pUp(s) as number));
        return divide(safe(diff * 100), ds, vp, sp);
      };
    }
    case 'ratio': {
      const a = emit(n.args[0], slot);
      const b = emit(n.args[1], slot);
      const sa = scaleOf(n.args[0]);
      const sb = scaleOf(n.args[1]);
      return (s) => {
        const va = a(s) as number | undefined;
        if (va === undefined) return undefined;
        const vb = b(s) as number | undefined;
        if (vb === undefined || vb === 0) return undefined;
        return divide(va, sa, vb, sb);
      };
    }
    case 'startswith': {
      const a = emit(n.args[0], slot);
      const b = emit(n.args[1], slot);
      return (s) => {
        const x = a(s) as string | undefined;
        if (x === undefined) return undefined;
        const p = b(s) as string | undefined;
        return p === undefined ? undefined : x.startsWith(p);
      };
    }
  }
}

/** A fast value back to the exact representation (for results, messages and tests). */
export function fastToValue(x: Fast, node: Node): D.Dec | string | boolean | null {
  if (x === undefined) return null;
  if (typeof x === 'number') return D.normalize({ c: BigInt(x), s: scaleOf(node) });
  return x;
}
