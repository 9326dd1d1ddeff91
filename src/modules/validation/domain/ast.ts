/**
 * The syntax tree the parser produces: what the designer wrote, with positions, before any
 * name is resolved against a form. The checker (check.ts) turns it into the typed tree.
 */
import type { Span } from './problems.ts';

export type ArithOp = '+' | '-' | '*' | '/';
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { kind: 'number'; text: string; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  | { kind: 'null'; span: Span }
  /** `B01.current` or `[B204-1]B01.current` */
  | { kind: 'cell'; form: string | null; indicator: string; column: string; span: Span }
  /** `unit.industry` */
  | { kind: 'unit'; attribute: string; span: Span }
  /** `B02.current:B09.current` (only inside sum) */
  | { kind: 'range'; from: CellExpr; to: CellExpr; span: Span }
  /** `['07', '08']` (only as the list of in) */
  | { kind: 'list'; items: Expr[]; span: Span }
  | { kind: 'neg'; arg: Expr; span: Span }
  | { kind: 'not'; arg: Expr; span: Span }
  | { kind: 'arith'; op: ArithOp; left: Expr; right: Expr; span: Span }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; span: Span }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr; span: Span }
  | { kind: 'if'; cond: Expr; then: Expr; span: Span }
  | { kind: 'call'; name: string; nameSpan: Span; args: Expr[]; span: Span };

export type CellExpr = Extract<Expr, { kind: 'cell' }>;
