/**
 * The typed tree: names resolved against the form schema, every node with its static type.
 * Numbers carry their static scale (digits after the point, known from the indicator
 * definitions and literals) so the compiled evaluator can run exact arithmetic on
 * integer-valued doubles without looking at runtime values.
 */

import type { Dec } from '../../../platform/decimal.ts';
import type { ArithOp, CompareOp } from './ast.ts';
import type { Span } from './problems.ts';
import type { ValueType } from './schema.ts';

export type Period = 'current' | 'previous' | 'lastYear';

/** A value a rule reads from outside: a cell of some form and period, or a register attribute. */
export interface Ref {
  /** Canonical text, also the key of `values` in results: `B01.current`, `prev([B204-1]B01.current)`, `unit.size`. */
  key: string;
  source: 'cell' | 'unit';
  /** Other form's code; null for the rule's own form. */
  form: string | null;
  period: Period;
  /** `indicator.column`, or the attribute name for unit refs. */
  name: string;
  type: ValueType;
  decimals: number;
}

export type Ty =
  | { t: 'number'; scale: number; display: number }
  | { t: 'text' }
  | { t: 'code'; list?: string }
  | { t: 'boolean' }
  | { t: 'null' }
  | { t: 'error' };

/** A missing value ("not applicable"), with why, for results and messages. */
export class NA {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {}
}

export type Value = Dec | string | boolean | NA;

export type FnName =
  | 'abs'
  | 'min'
  | 'max'
  | 'between'
  | 'isnull'
  | 'coalesce'
  | 'growth'
  | 'ratio'
  | 'startswith';

export type Node = (
  | { k: 'const'; value: Value }
  | { k: 'ref'; ref: Ref }
  | { k: 'neg'; arg: Node }
  | { k: 'arith'; op: ArithOp; l: Node; r: Node }
  | { k: 'compare'; op: CompareOp; l: Node; r: Node }
  /** `=`/`!=` on decimals within a tolerance (produced by a rewrite). */
  | { k: 'near'; negate: boolean; l: Node; r: Node; tolerance: Dec }
  | { k: 'not'; arg: Node }
  | { k: 'and'; l: Node; r: Node }
  | { k: 'or'; l: Node; r: Node }
  | { k: 'implies'; p: Node; q: Node }
  | { k: 'fn'; name: FnName; args: Node[] }
  /** round's digits are a literal, so the result's scale is static. */
  | { k: 'round'; arg: Node; digits: number }
  | { k: 'sum'; args: Node[] }
  | { k: 'in'; x: Node; items: (Dec | string)[] }
  /** NA-aware membership (produced by a rewrite): the list as a set of keys at x's scale. */
  | { k: 'inSet'; x: Node; keys: Set<number | string> }
) & { ty: Ty; span: Span };

export type NodeOf<K extends Node['k']> = Extract<Node, { k: K }>;
