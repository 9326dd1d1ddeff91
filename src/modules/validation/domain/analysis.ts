/**
 * Static analysis of a typed rule, for free once it is parsed (validate's `variables()` and
 * `linear_call`): which values it reads (so the server loads exactly the periods and forms it
 * needs), and, for linear rules, their coefficients (for error localisation and for checking a
 * whole rule set for consistency later).
 */
import * as D from '../../../platform/decimal.ts';
import type { Node, Ref } from './typed.ts';

/** What a rule set needs loaded besides this period's values of its own form. */
export interface DataNeeds {
  previous: boolean;
  lastYear: boolean;
  /** Other forms read, by code, and in which periods. */
  otherForms: Record<string, { current: boolean; previous: boolean; lastYear: boolean }>;
  /** Register attributes read. */
  unit: string[];
}

function children(n: Node): Node[] {
  switch (n.k) {
    case 'const':
    case 'ref':
      return [];
    case 'neg':
    case 'not':
    case 'round':
      return [n.arg];
    case 'arith':
    case 'compare':
    case 'and':
    case 'or':
    case 'near':
      return [n.l, n.r];
    case 'implies':
      return [n.p, n.q];
    case 'fn':
    case 'sum':
      return n.args;
    case 'in':
    case 'inSet':
      return [n.x];
  }
}

/** The distinct values a rule reads, in the order they first appear. */
export function dependsOn(node: Node): Ref[] {
  const seen = new Map<string, Ref>();
  const walk = (n: Node) => {
    if (n.k === 'ref') {
      if (!seen.has(n.ref.key)) seen.set(n.ref.key, n.ref);
      return;
    }
    for (const c of children(n)) walk(c);
  };
  walk(node);
  return [...seen.values()];
}

/** What must be loaded to evaluate rules reading `refs`. */
export function dataNeeds(refs: readonly Ref[]): DataNeeds {
  const needs: DataNeeds = { previous: false, lastYear: false, otherForms: {}, unit: [] };
  for (const r of refs) {
    if (r.source === 'unit') {
      if (!needs.unit.includes(r.name)) needs.unit.push(r.name);
      continue;
    }
    if (r.form !== null) {
      needs.otherForms[r.form] ??= { current: false, previous: false, lastYear: false };
      needs.otherForms[r.form][r.period === 'current' ? 'current' : r.period] = true;
    } else if (r.period === 'previous') needs.previous = true;
    else if (r.period === 'lastYear') needs.lastYear = true;
  }
  return needs;
}

/** A linear rule: Σ coefficients[key] · value(key) + constant  (operator)  0. */
export interface LinearForm {
  coefficients: Record<string, string>;
  constant: string;
  operator: '=' | '!=' | '<' | '<=' | '>' | '>=';
}

type Lin = { coef: Map<string, D.Dec>; constant: D.Dec };

function linearOf(n: Node): Lin | null {
  switch (n.k) {
    case 'const':
      return n.value instanceof Object && 'c' in n.value
        ? { coef: new Map(), constant: n.value as D.Dec }
        : null;
    case 'ref':
      return n.ty.t === 'number' ? { coef: new Map([[n.ref.key, { c: 1n, s: 0 }]]), constant: D.ZERO } : null;
    case 'neg': {
      const a = linearOf(n.arg);
      return a && scale(a, { c: -1n, s: 0 });
    }
    case 'sum': {
      let acc: Lin | null = { coef: new Map(), constant: D.ZERO };
      for (const a of n.args) acc = acc && combine(acc, linearOf(a), 1n);
      return acc;
    }
    case 'arith': {
      const l = linearOf(n.l);
      const r = linearOf(n.r);
      if (!l || !r) return null;
      if (n.op === '+') return combine(l, r, 1n);
      if (n.op === '-') return combine(l, r, -1n);
      if (n.op === '*') {
        if (l.coef.size === 0) return scale(r, l.constant);
        if (r.coef.size === 0) return scale(l, r.constant);
      }
      return null;
    }
    default:
      return null;
  }
}

function combine(a: Lin, b: Lin | null, sign: bigint): Lin | null {
  if (!b) return null;
  const coef = new Map(a.coef);
  for (const [k, v] of b.coef) {
    const add = { c: v.c * sign, s: v.s };
    coef.set(k, coef.has(k) ? D.add(coef.get(k)!, add) : add);
  }
  return { coef, constant: D.add(a.constant, { c: b.constant.c * sign, s: b.constant.s }) };
}

function scale(a: Lin, k: D.Dec): Lin {
  const coef = new Map<string, D.Dec>();
  for (const [key, v] of a.coef) coef.set(key, D.mul(v, k));
  return { coef, constant: D.mul(a.constant, k) };
}

/** The rule as a linear (in)equality, or null when it is not one. */
export function linearForm(node: Node): LinearForm | null {
  if (node.k !== 'compare' || node.l.ty.t !== 'number') return null;
  const l = linearOf(node.l);
  const r = linearOf(node.r);
  const diff = l && combine(l, r, -1n);
  if (!diff) return null;
  const coefficients: Record<string, string> = {};
  for (const [k, v] of diff.coef) if (v.c !== 0n) coefficients[k] = D.decToText(v);
  return { coefficients, constant: D.decToText(diff.constant), operator: node.op };
}
