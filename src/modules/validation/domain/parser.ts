/**
 * Lexer and recursive-descent parser of the rule language (审核公式). Precedence, lowest first:
 * `if … then …`, `or`, `and`, `not`, comparison (not chainable), `+ -`, `* /`, unary `-`.
 * The first syntax error stops parsing; it carries the position and a bilingual reason.
 */
import type { ArithOp, CellExpr, CompareOp, Expr } from './ast.ts';
import { problem, type RuleProblem, RuleSyntaxError, type Span } from './problems.ts';

type TokenKind = 'num' | 'str' | 'id' | 'form' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  span: Span;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'then', 'true', 'false', 'null']);
const OPS = [
  '<=',
  '>=',
  '!=',
  '==',
  '<>',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  ':',
];
/** Full-width punctuation an IME slips in, and what was meant. */
const FULL_WIDTH: Record<string, string> = {
  '（': '(',
  '）': ')',
  '，': ',',
  '：': ':',
  '＝': '=',
  '＜': '<',
  '＞': '>',
  '＋': '+',
  '－': '-',
  '＊': '*',
  '／': '/',
  '．': '.',
  '。': '.',
  '【': '[',
  '】': ']',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
};
const FORM_CODE_RE = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;

function isIdStart(ch: string) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_';
}
function isDigit(ch: string) {
  return ch >= '0' && ch <= '9';
}

/** Splits a rule into tokens; throws RuleSyntaxError on a character that cannot start one. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u3000') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(ch)) {
      while (isDigit(src[i] ?? '')) i++;
      if (src[i] === '.' && isDigit(src[i + 1] ?? '')) {
        i++;
        while (isDigit(src[i] ?? '')) i++;
      }
      if (isIdStart(src[i] ?? '')) {
        throw new RuleSyntaxError(
          'unexpected_character',
          { start: i, end: i + 1 },
          `数字后不能紧跟“${src[i]}”（不支持科学计数法和单位）`,
          `"${src[i]}" cannot follow a number (no exponents or units)`,
        );
      }
      out.push({ kind: 'num', text: src.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (isIdStart(ch)) {
      while (i < src.length && (isIdStart(src[i]) || isDigit(src[i]))) i++;
      out.push({ kind: 'id', text: src.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') {
          throw new RuleSyntaxError(
            'unterminated_string',
            { start, end: i },
            '字符串缺少结束引号',
            'string is missing its closing quote',
          );
        }
        if (src[i] === '\\' && i + 1 < src.length) {
          value += src[i + 1];
          i += 2;
          continue;
        }
        if (src[i] === ch) break;
        value += src[i++];
      }
      i++;
      out.push({ kind: 'str', text: value, span: { start, end: i } });
      continue;
    }
    if (ch === '[') {
      // `[` then a letter opens a form reference `[B204-1]`; otherwise it opens a list.
      let j = i + 1;
      while (src[j] === ' ') j++;
      if (isIdStart(src[j] ?? '')) {
        const close = src.indexOf(']', j);
        const code = close < 0 ? '' : src.slice(j, close).trim();
        if (close < 0 || !FORM_CODE_RE.test(code)) {
          throw new RuleSyntaxError(
            'unexpected_token',
            { start, end: close < 0 ? src.length : close + 1 },
            '表号引用应形如 [B204-1]B01.current',
            'a form reference looks like [B204-1]B01.current',
          );
        }
        i = close + 1;
        out.push({ kind: 'form', text: code, span: { start, end: i } });
        continue;
      }
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      const text = op === '==' ? '=' : op === '<>' ? '!=' : op;
      out.push({ kind: 'op', text, span: { start, end: i } });
      continue;
    }
    const meant = FULL_WIDTH[ch];
    throw new RuleSyntaxError(
      'unexpected_character',
      { start, end: start + 1 },
      meant ? `全角字符“${ch}”，请改用半角“${meant}”` : `无法识别的字符“${ch}”`,
      meant ? `full-width "${ch}": use "${meant}" instead` : `unexpected character "${ch}"`,
    );
  }
  out.push({ kind: 'end', text: '', span: { start: src.length, end: src.length } });
  return out;
}

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
