/**
 * Compilation as an ordered list of small pure rewrites of the typed tree (after validate's
 * `.get_exprs`): each takes a node and returns an equivalent one the evaluator finds simpler.
 * Every rewrite must keep the reference interpreter's result; the property test holds them to it.
 */
import * as D from '../../../platform/decimal.ts';
import type { Semantics } from './reference.ts';
import { interpret } from './reference.ts';
import { NA, type Node } from './typed.ts';

export type Rewrite = (node: Node, sem: Semantics) => Node;

/** Applies `f` bottom-up: children first, then the node itself. */
function bottomUp(node: Node, f: (n: Node) => Node): Node {
  const go = (n: Node) => bottomUp(n, f);
  let out: Node;
  switch (node.k) {
    case 'const':
    case 'ref':
      out = node;
      break;
    case 'neg':
    case 'not':
      out = { ...node, arg: go(node.arg) };
      break;
    case 'round':
      out = { ...node, arg: go(node.arg) };
      break;
    case 'arith':
    case 'compare':
    case 'and':
    case 'or':
    case 'near':
      out = { ...node, l: go(node.l), r: go(node.r) };
      break;
    case 'implies':
      out = { ...node, p: go(node.p), q: go(node.q) };
      break;
    case 'fn':
    case 'sum':
      out = { ...node, args: node.args.map(go) };
      break;
    case 'in':
    case 'inSet':
      out = { ...node, x: go(node.x) };
      break;
  }
  return f(out);
}

/** `if P then Q` → `not P or Q` (the same Kleene truth table). */
export const implicationToOr: Rewrite = (root) =>
  bottomUp(root, (n) =>
    n.k === 'implies'
      ? { k: 'or', l: { k: 'not', arg: n.p, ty: n.ty, span: n.p.span }, r: n.q, ty: n.ty, span: n.span }
      : n,
  );

/**
 * `in(x, [...])` → a set lookup that stays NA when x is missing (R's `%in%` would say FALSE;
 * validate's `%vin%` fixes that, and so do we). Numbers become keys at x's static scale; an item
 * with more digits than x can ever have is dropped, since x can never equal it.
 */
export const naAwareIn: Rewrite = (root) =>
  bottomUp(root, (n) => {
    if (n.k !== 'in') return n;
    const keys = new Set<number | string>();
    const scale = n.x.ty.t === 'number' ? n.x.ty.scale : 0;
    for (const item of n.items) {
      if (typeof item === 'string') keys.add(item);
      else if (D.scaleOf(item) <= scale) keys.add(Number(D.rescale(D.normalize(item), scale)));
    }
    return { k: 'inSet', x: n.x, keys, ty: n.ty, span: n.span };
  });

/** `a = b` where either side has decimals → `|a − b| ≤ tolerance` (when a tolerance is set). */
export const toleranceEquality: Rewrite = (root, sem) =>
  sem.tolerance.c === 0n
    ? root
    : bottomUp(root, (n) => {
        if (n.k !== 'compare' || (n.op !== '=' && n.op !== '!=')) return n;
        const { l, r } = n;
        if (l.ty.t !== 'number' || r.ty.t !== 'number' || (l.ty.scale === 0 && r.ty.scale === 0)) return n;
        return { k: 'near', negate: n.op === '!=', l, r, tolerance: sem.tolerance, ty: n.ty, span: n.span };
      });

const hasRef = (n: Node): boolean => {
  switch (n.k) {
    case 'ref':
      return true;
    case 'const':
      return false;
    case 'neg':
    case 'not':
    case 'round':
      return hasRef(n.arg);
    case 'arith':
    case 'compare':
    case 'and':
    case 'or':
    case 'near':
      return hasRef(n.l) || hasRef(n.r);
    case 'implies':
      return hasRef(n.p) || hasRef(n.q);
    case 'fn':
    case 'sum':
      return n.args.some(hasRef);
    case 'in':
    case 'inSet':
      return hasRef(n.x);
  }
};

const EMPTY = { values: {} };

/**
 * Constant folding: a subtree that reads nothing is evaluated once, exactly; `false and x` and
 * `true or x` are decided whatever x is (Kleene), so they fold too.
 */
export const foldConstants: Rewrite = (root, sem) =>
  bottomUp(root, (n) => {
    if (n.k === 'const' || n.k === 'inSet') return n;
    if (n.k === 'and' || n.k === 'or') {
      const decisive = n.k !== 'and';
      for (const side of [n.l, n.r]) {
        if (side.k === 'const' && side.value === decisive) return { ...side, span: n.span };
      }
    }
    if (hasRef(n)) return n;
    const value = interpret(n, EMPTY, sem);
    return {
      k: 'const',
      value: value instanceof NA || typeof value !== 'object' ? value : D.normalize(value),
      ty: n.ty,
      span: n.span,
    };
  });

/** `not not x` → x (Kleene negation is an involution). */
export const doubleNegation: Rewrite = (root) =>
  bottomUp(root, (n) => (n.k === 'not' && n.arg.k === 'not' ? n.arg.arg : n));

/** The rewrites, in the order they run. */
export const REWRITES: readonly [string, Rewrite][] = [
  ['implication-to-or', implicationToOr],
  ['tolerance-equality', toleranceEquality],
  ['constant-folding', foldConstants],
  ['na-aware-in', naAwareIn],
  ['double-negation', doubleNegation],
];

/** Runs every rewrite in order. */
export function rewrite(node: Node, sem: Semantics): Node {
  return REWRITES.reduce((n, [, f]) => f(n, sem), node);
}
