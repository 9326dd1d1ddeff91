/**
 * Recursive-descent parser of the rule language (审核公式). Precedence, lowest first:
 * `if … then …`, `or`, `and`, `not`, comparison (not chainable), `+ -`, `* /`, unary `-`.
 * The first syntax error stops parsing; it carries the position and a bilingual reason.
 */
import type { ArithOp, CellExpr, CompareOp, Expr } from './ast.ts';
import { KEYWORDS, type Token, tokenize } from './lexer.ts';
import { problem, type RuleProblem, RuleSyntaxError } from './problems.ts';

const describe = (t: Token) =>
  t.kind === 'end' ? { zh: '表达式结尾', en: 'end of expression' } : { zh: `“${t.text}”`, en: `"${t.text}"` };

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'id' && t.text === word;
  }
  private fail(t: Token, wantZh: string, wantEn: string): never {
    if (t.kind === 'id' && KEYWORDS.has(t.text.toLowerCase()) && t.text !== t.text.toLowerCase()) {
      const word = t.text.toLowerCase();
      throw new RuleSyntaxError(
        'unexpected_token',
        t.span,
        `关键字须小写：${word}`,
        `keywords are lowercase: ${word}`,
      );
    }
    const d = describe(t);
    throw new RuleSyntaxError(
      'unexpected_token',
      t.span,
      `此处不应出现${d.zh}，应为${wantZh}`,
      `unexpected ${d.en}, expected ${wantEn}`,
    );
  }
  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(this.peek(), `“${text}”`, `"${text}"`);
    return this.next();
  }

  rule(): Expr {
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== 'end') this.fail(t, '运算符或表达式结尾', 'an operator or the end of the expression');
    return e;
  }

  expr(): Expr {
    if (this.isKeyword('if')) {
      const start = this.next().span.start;
      const cond = this.expr();
      if (!this.isKeyword('then')) this.fail(this.peek(), '“then”', '"then"');
      this.next();
      const then = this.expr();
      return { kind: 'if', cond, then, span: { start, end: then.span.end } };
    }
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.next();
      const right = this.and();
      left = { kind: 'logic', op: 'or', left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isKeyword('and')) {
      this.next();
      const right = this.not();
      left = { kind: 'logic', op: 'and', left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  private not(): Expr {
    if (this.isKeyword('not')) {
      const start = this.next().span.start;
      const arg = this.not();
      return { kind: 'not', arg, span: { start, end: arg.span.end } };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.next();
      const right = this.additive();
      const after = this.peek();
      if (after.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(after.text)) {
        throw new RuleSyntaxError(
          'unexpected_token',
          after.span,
          '比较不能连写，请用 and 连接，或用 between(x, a, b)',
          'comparisons cannot be chained: join them with and, or use between(x, a, b)',
        );
      }
      return {
        kind: 'compare',
        op: t.text as CompareOp,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as ArithOp;
      const right = this.multiplicative();
      left = { kind: 'arith', op, left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next().text as ArithOp;
      const right = this.unary();
      left = { kind: 'arith', op, left, right, span: { start: left.span.start, end: right.span.end } };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      const start = this.next().span.start;
      const arg = this.unary();
      return { kind: 'neg', arg, span: { start, end: arg.span.end } };
    }
    if (this.isOp('+')) {
      this.next();
      return this.unary();
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.next();
        return { kind: 'number', text: t.text, span: t.span };
      case 'str':
        this.next();
        return { kind: 'string', value: t.text, span: t.span };
      case 'form': {
        const cell = this.cell();
        return this.maybeRange(cell);
      }
      case 'id':
        return this.identifier();
      case 'op':
        if (t.text === '(') {
          this.next();
          const e = this.expr();
          this.expectOp(')');
          return e;
        }
        if (t.text === '[') return this.list();
        break;
    }
    return this.fail(t, '数值、字符串、单元格、函数或“(”', 'a number, string, cell, function or "("');
  }

  private identifier(): Expr {
    const t = this.peek();
    const word = t.text;
    if (word === 'true' || word === 'false') {
      this.next();
      return { kind: 'boolean', value: word === 'true', span: t.span };
    }
    if (word === 'null') {
      this.next();
      return { kind: 'null', span: t.span };
    }
    if (KEYWORDS.has(word)) this.fail(t, '数值、单元格或函数', 'a number, cell or function');
    const after = this.tokens[this.pos + 1];
    if (after.kind === 'op' && after.text === '(') return this.call();
    if (after.kind === 'op' && after.text === '.') {
      if (word === 'unit') {
        this.next();
        this.next();
        const attr = this.next();
        if (attr.kind !== 'id')
          this.fail(attr, '单位属性名，如 unit.industry', 'an attribute name such as unit.industry');
        return { kind: 'unit', attribute: attr.text, span: { start: t.span.start, end: attr.span.end } };
      }
      return this.maybeRange(this.cell());
    }
    const upper = ['AND', 'OR', 'NOT', 'IF', 'THEN', 'TRUE', 'FALSE', 'NULL'].includes(word);
    throw new RuleSyntaxError(
      'unexpected_token',
      t.span,
      upper
        ? `关键字须小写：${word.toLowerCase()}`
        : `“${word}”不完整：单元格须写成 指标.栏，如 ${word}.current；函数须带括号`,
      upper
        ? `keywords are lowercase: ${word.toLowerCase()}`
        : `"${word}" is incomplete: a cell is indicator.column, e.g. ${word}.current; a function needs parentheses`,
    );
  }

  private cell(): CellExpr {
    const first = this.peek();
    let form: string | null = null;
    if (first.kind === 'form') {
      form = first.text;
      this.next();
    }
    const ind = this.next();
    if (ind.kind !== 'id' || KEYWORDS.has(ind.text)) this.fail(ind, '指标代码', 'an indicator code');
    this.expectOp('.');
    const col = this.next();
    if (col.kind !== 'id') this.fail(col, '栏代码，如 current', 'a column code such as current');
    return {
      kind: 'cell',
      form,
      indicator: ind.text,
      column: col.text,
      span: { start: first.span.start, end: col.span.end },
    };
  }

  private maybeRange(from: CellExpr): Expr {
    if (!this.isOp(':')) return from;
    this.next();
    const t = this.peek();
    if (t.kind !== 'id' && t.kind !== 'form') this.fail(t, '区域终点单元格', 'the cell that ends the range');
    const to = this.cell();
    return { kind: 'range', from, to, span: { start: from.span.start, end: to.span.end } };
  }

  private call(): Expr {
    const name = this.next();
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        args.push(this.expr());
        if (this.isOp(',')) {
          this.next();
          continue;
        }
        if (!this.isOp(')')) this.fail(this.peek(), '“,”或“)”', '"," or ")"');
        break;
      }
    }
    const close = this.expectOp(')');
    return {
      kind: 'call',
      name: name.text,
      nameSpan: name.span,
      args,
      span: { start: name.span.start, end: close.span.end },
    };
  }

  private list(): Expr {
    const open = this.next();
    const items: Expr[] = [];
    if (!this.isOp(']')) {
      for (;;) {
        items.push(this.unary());
        if (this.isOp(',')) {
          this.next();
          continue;
        }
        if (!this.isOp(']')) this.fail(this.peek(), '“,”或“]”', '"," or "]"');
        break;
      }
    }
    const close = this.expectOp(']');
    return { kind: 'list', items, span: { start: open.span.start, end: close.span.end } };
  }
}

export type ParseResult = { ok: true; ast: Expr } | { ok: false; problems: RuleProblem[] };

/** Parses a rule expression into its syntax tree, or reports the first syntax error. */
export function parseRule(source: string): ParseResult {
  try {
    return { ok: true, ast: new Parser(tokenize(source)).rule() };
  } catch (e) {
    if (!(e instanceof RuleSyntaxError)) throw e;
    return { ok: false, problems: [problem(source, e.code, e.span, e.zh, e.en)] };
  }
}

/** Parses one `{…}` placeholder of a message template (the expression may be any type). */
export function parseExpression(source: string): ParseResult {
  return parseRule(source);
}
