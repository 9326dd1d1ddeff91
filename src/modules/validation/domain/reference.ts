/**
 * The reference interpreter: walks the typed tree directly with exact bigint decimals and the
 * language's semantics written out one case at a time (Kleene logic, NA propagation, tolerance
 * on `=`). Slow and obvious on purpose: the compiled evaluator must agree with it on every
 * input (property test), and the engine falls back to it when doubles would overflow. It also
 * explains NA outcomes and renders message placeholders.
 */
import * as D from '../../../platform/decimal.ts';
import { type RecordData, readRef } from './record.ts';
import { NA, type Node, type Value } from './typed.ts';

export interface Semantics {
  /** `=`/`!=` between operands of which one has decimals hold within this distance (0 = exact). */
  tolerance: D.Dec;
}

const DIV_ZERO = new NA('除数为零', 'division by zero');
const isNA = (v: Value): v is NA => v instanceof NA;

/** Kleene conjunction: false wins over NA, NA over true. */
export function kleeneAnd(a: boolean | NA, b: boolean | NA): boolean | NA {
  if (a === false || b === false) return false;
  if (isNA(a)) return a;
  if (isNA(b)) return b;
  return true;
}

/** Kleene disjunction: true wins over NA, NA over false. */
export function kleeneOr(a: boolean | NA, b: boolean | NA): boolean | NA {
  if (a === true || b === true) return true;
  if (isNA(a)) return a;
  if (isNA(b)) return b;
  return false;
}

export const kleeneNot = (a: boolean | NA): boolean | NA => (isNA(a) ? a : !a);

function numericCompare(op: string, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Evaluates a typed node on a record. */
export function interpret(node: Node, data: RecordData, sem: Semantics): Value {
  const ev = (n: Node) => interpret(n, data, sem);
  switch (node.k) {
    case 'const':
      return node.value;
    case 'ref':
      return readRef(node.ref, data);
    case 'neg': {
      const v = ev(node.arg);
      return isNA(v) ? v : D.neg(v as D.Dec);
    }
    case 'arith': {
      const l = ev(node.l);
      if (isNA(l)) return l;
      const r = ev(node.r);
      if (isNA(r)) return r;
      const a = l as D.Dec;
      const b = r as D.Dec;
      if (node.op === '+') return D.add(a, b);
      if (node.op === '-') return D.sub(a, b);
      if (node.op === '*') return D.mul(a, b);
      return D.div(a, b) ?? DIV_ZERO;
    }
    case 'compare': {
      const l = ev(node.l);
      if (isNA(l)) return l;
      const r = ev(node.r);
      if (isNA(r)) return r;
      if (typeof l === 'string' || typeof l === 'boolean') {
        return node.op === '=' ? l === r : l !== r;
      }
      const a = l as D.Dec;
      const b = r as D.Dec;
      const decimals =
        (node.l.ty.t === 'number' && node.l.ty.scale > 0) ||
        (node.r.ty.t === 'number' && node.r.ty.scale > 0);
      if ((node.op === '=' || node.op === '!=') && decimals && sem.tolerance.c !== 0n) {
        const near = D.compare(D.abs(D.sub(a, b)), sem.tolerance) <= 0;
        return node.op === '=' ? near : !near;
      }
      return numericCompare(node.op, D.compare(a, b));
    }
    case 'near': {
      const l = ev(node.l);
      if (isNA(l)) return l;
      const r = ev(node.r);
      if (isNA(r)) return r;
      const near = D.compare(D.abs(D.sub(l as D.Dec, r as D.Dec)), node.tolerance) <= 0;
      return node.negate ? !near : near;
    }
    case 'not':
      return kleeneNot(ev(node.arg) as boolean | NA);
    case 'and':
      return kleeneAnd(ev(node.l) as boolean | NA, ev(node.r) as boolean | NA);
    case 'or':
      return kleeneOr(ev(node.l) as boolean | NA, ev(node.r) as boolean | NA);
    case 'implies':
      // if P then Q: holds unless P is true and Q false; NA when that cannot be decided.
      return kleeneOr(kleeneNot(ev(node.p) as boolean | NA), ev(node.q) as boolean | NA);
    case 'round': {
      const v = ev(node.arg);
      return isNA(v) ? v : D.round(v as D.Dec, node.digits);
    }
    case 'sum': {
      // Blank cells add nothing; a sum of nothing but blanks is itself blank.
      let acc: D.Dec | null = null;
      let firstNA: NA | null = null;
      for (const a of node.args) {
        const v = ev(a);
        if (isNA(v)) firstNA ??= v;
        else acc = acc ? D.add(acc, v as D.Dec) : (v as D.Dec);
      }
      return acc ?? firstNA!;
    }
    case 'in':
    case 'inSet': {
      const x = ev(node.x);
      if (isNA(x)) return x;
      if (node.k === 'inSet') throw new Error('inSet is compiled only');
      if (typeof x === 'string') return node.items.includes(x);
      return node.items.some((i) => typeof i !== 'string' && D.compare(i, x as D.Dec) === 0);
    }
    case 'fn':
      return callFunction(node, ev);
  }
}

function callFunction(node: Extract<Node, { k: 'fn' }>, ev: (n: Node) => Value): Value {
  const { name, args } = node;
  if (name === 'isnull') return isNA(ev(args[0]));
  if (name === 'coalesce') {
    let last: Value = new NA('', '');
    for (const a of args) {
      last = ev(a);
      if (!isNA(last)) return last;
    }
    return last;
  }
  const vs: Value[] = [];
  for (const a of args) {
    const v = ev(a);
    if (isNA(v)) return v;
    vs.push(v);
  }
  switch (name) {
    case 'abs':
      return D.abs(vs[0] as D.Dec);
    case 'min':
      return (vs as D.Dec[]).reduce((m, v) => (D.compare(v, m) < 0 ? v : m));
    case 'max':
      return (vs as D.Dec[]).reduce((m, v) => (D.compare(v, m) > 0 ? v : m));
    case 'between': {
      const [x, a, b] = vs as D.Dec[];
      return D.compare(a, x) <= 0 && D.compare(x, b) <= 0;
    }
    case 'growth': {
      const [cur, prev] = vs as D.Dec[];
      if (prev.c === 0n) return new NA('增速的基期值为零', 'growth from a base of zero');
      return D.div(D.mul(D.sub(cur, prev), { c: 100n, s: 0 }), prev)!;
    }
    case 'ratio':
      return D.div(vs[0] as D.Dec, vs[1] as D.Dec) ?? DIV_ZERO;
    case 'startswith':
      return (vs[0] as string).startsWith(vs[1] as string);
  }
  throw new Error(`unhandled function ${name}`);
}
