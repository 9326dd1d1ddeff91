/**
 * Formulas of computed cells (计算单元格公式): `+ - * /`, parentheses, decimal numbers, cells of
 * the same form and period (`A01.current`) and `sum(a, b, …)`. Deliberately tiny: the full rule
 * language (with previous periods, other forms and logic) is a separate grammar; totals only
 * need arithmetic over the form itself.
 */
import { type Dec, parseDec } from '../../../platform/decimal.ts';

export type FormulaNode =
  | { kind: 'number'; value: Dec }
  | { kind: 'cell'; ref: string; at: number }
  | { kind: 'neg'; arg: FormulaNode }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode }
  | { kind: 'sum'; args: FormulaNode[] };

export class FormulaError extends Error {
  constructor(
    readonly at: number,
    readonly reason: { zh: string; en: string },
  ) {
    super(`${reason.en} at column ${at + 1}`);
  }
}

type Token =
  | { t: 'num'; v: string; at: number }
  | { t: 'id'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)|([-+*/(),]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) {
      const at = i + (src.slice(i).length - src.slice(i).trimStart().length);
      throw new FormulaError(at, {
        zh: `无法识别的字符“${src[at]}”`,
        en: `unexpected character "${src[at]}"`,
      });
    }
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1]) out.push({ t: 'num', v: m[1], at });
    else if (m[2]) out.push({ t: 'id', v: m[2], at });
    else out.push({ t: 'op', v: m[3], at });
    i = re.lastIndex;
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

/** Parses a formula; throws FormulaError with the column and reason. */
export function parseFormula(src: string): FormulaNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) {
      const t = peek();
      throw new FormulaError(t.at, {
        zh: `此处应为“${v}”`,
        en: `expected "${v}"`,
      });
    }
    pos++;
  };

  function expr(): FormulaNode {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { v: '+' | '-' }).v;
      left = { kind: 'binary', op, left, right: term() };
    }
    return left;
  }
  function term(): FormulaNode {
    let left = factor();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { v: '*' | '/' }).v;
      left = { kind: 'binary', op, left, right: factor() };
    }
    return left;
  }
  function factor(): FormulaNode {
    const t = peek();
    if (t.t === 'op' && t.v === '-') {
      pos++;
      return { kind: 'neg', arg: factor() };
    }
    if (t.t === 'op' && t.v === '(') {
      pos++;
      const inner = expr();
      expect(')');
      return inner;
    }
    if (t.t === 'num') {
      pos++;
      return { kind: 'number', value: parseDec(t.v)! };
    }
    if (t.t === 'id') {
      pos++;
      if (t.v.includes('.')) return { kind: 'cell', ref: t.v, at: t.at };
      if (t.v === 'sum' && isOp('(')) {
        pos++;
        const args = [expr()];
        while (isOp(',')) {
          pos++;
          args.push(expr());
        }
        expect(')');
        return { kind: 'sum', args };
      }
      throw new FormulaError(t.at, {
        zh: `“${t.v}”不是单元格（应写作 指标代码.栏代码）或 sum(…)`,
        en: `"${t.v}" is neither a cell (indicator.column) nor sum(…)`,
      });
    }
    throw new FormulaError(t.at, {
      zh: t.t === 'end' ? '公式不完整' : `此处不应出现“${t.v}”`,
      en: t.t === 'end' ? 'the formula ends too early' : `unexpected "${t.v}"`,
    });
  }

  const node = expr();
  const rest = peek();
  if (rest.t !== 'end') {
    throw new FormulaError(rest.at, { zh: `多余的“${rest.v}”`, en: `unexpected "${rest.v}"` });
  }
  return node;
}

/** Every cell a formula reads, with its position. */
export function cellsOf(node: FormulaNode, out: { ref: string; at: number }[] = []) {
  switch (node.kind) {
    case 'cell':
      out.push({ ref: node.ref, at: node.at });
      break;
    case 'neg':
      cellsOf(node.arg, out);
      break;
    case 'binary':
      cellsOf(node.left, out);
      cellsOf(node.right, out);
      break;
    case 'sum':
      for (const a of node.args) cellsOf(a, out);
      break;
  }
  return out;
}
