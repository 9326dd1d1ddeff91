/**
 * Type checking (类型检查): resolves every name against the form schema and gives every node a
 * static type, collecting all problems with their positions. Types come from the definition,
 * never from values, so a rule is accepted or rejected once, at import.
 */

import { type Dec, DIVISION_SCALE, normalize, parseDec } from '../../../platform/decimal.ts';
import type { CellExpr, Expr } from './ast.ts';
import { problem, type RuleProblem, type RuleProblemCode, type Span } from './problems.ts';
import {
  type AttributeSchema,
  cellsOf,
  decimalsOf,
  type FormSchema,
  SIZE_CODES,
  UNIT_ATTRIBUTES,
  type ValueType,
  ytdColumnOf,
} from './schema.ts';
import { NA, type Node, type Period, type Ref, type Ty } from './typed.ts';

const ERROR: Ty = { t: 'error' };
const BOOL: Ty = { t: 'boolean' };

/** Functions and how many arguments each takes ([min, max]; max Infinity = variadic). */
export const FUNCTIONS: Record<string, [number, number]> = {
  abs: [1, 1],
  min: [1, Infinity],
  max: [1, Infinity],
  round: [2, 2],
  sum: [1, Infinity],
  between: [3, 3],
  in: [2, 2],
  isnull: [1, 1],
  coalesce: [2, Infinity],
  growth: [2, 2],
  ratio: [2, 2],
  startswith: [2, 2],
  prev: [1, 1],
  lastyear: [1, 1],
  ytd: [1, 1],
};

const typeName = (ty: Ty): { zh: string; en: string } => {
  switch (ty.t) {
    case 'number':
      return { zh: '数值', en: 'number' };
    case 'text':
      return { zh: '文本', en: 'text' };
    case 'code':
      return { zh: '代码', en: 'code' };
    case 'boolean':
      return { zh: '逻辑值', en: 'boolean' };
    default:
      return { zh: '空值', en: 'null' };
  }
};

export function tyOf(type: ValueType, decimals: number, codeList?: string): Ty {
  if (type === 'decimal' || type === 'integer') return { t: 'number', scale: decimals, display: decimals };
  if (type === 'code') return { t: 'code', list: codeList };
  return { t: 'text' };
}

const isStringy = (ty: Ty) => ty.t === 'text' || ty.t === 'code';

interface Ctx {
  period: Period;
  ytd: boolean;
}

export type CheckResult = { ok: true; node: Node } | { ok: false; problems: RuleProblem[] };

class Checker {
  readonly problems: RuleProblem[] = [];
  constructor(
    private readonly source: string,
    private readonly schema: FormSchema,
  ) {}

  report(code: RuleProblemCode, span: Span, zh: string, en: string): Node {
    this.problems.push(problem(this.source, code, span, zh, en));
    return { k: 'const', value: new NA('', ''), ty: ERROR, span };
  }

  mismatch(span: Span, wantZh: string, wantEn: string, got: Ty): Node {
    const g = typeName(got);
    return this.report(
      'type_mismatch',
      span,
      `类型不符：应为${wantZh}，实为${g.zh}`,
      `type mismatch: expected ${wantEn}, got ${g.en}`,
    );
  }

  check(e: Expr, ctx: Ctx): Node {
    const span = e.span;
    switch (e.kind) {
      case 'number': {
        const value = normalize(parseDec(e.text)!);
        return { k: 'const', value, ty: { t: 'number', scale: value.s, display: value.s }, span };
      }
      case 'string':
        return { k: 'const', value: e.value, ty: { t: 'text' }, span };
      case 'boolean':
        return { k: 'const', value: e.value, ty: BOOL, span };
      case 'null':
        return { k: 'const', value: new NA('规则中的 null', 'null in the rule'), ty: { t: 'null' }, span };
      case 'cell':
        return this.cell(e, ctx);
      case 'unit':
        return this.unit(e.attribute, span, ctx);
      case 'range':
        return this.report(
          'invalid_range',
          span,
          '单元格区域只能用在 sum(…) 中',
          'a range of cells can only be used inside sum(…)',
        );
      case 'list':
        return this.report(
          'invalid_argument',
          span,
          '列表只能用作 in(x, […]) 的第二个参数',
          'a list can only be the second argument of in(x, […])',
        );
      case 'neg': {
        const arg = this.check(e.arg, ctx);
        if (arg.ty.t === 'error') return arg;
        if (arg.ty.t !== 'number') return this.mismatch(e.arg.span, '数值', 'a number', arg.ty);
        return { k: 'neg', arg, ty: arg.ty, span };
      }
      case 'not': {
        const arg = this.bool(e.arg, ctx);
        return arg.ty.t === 'error' ? arg : { k: 'not', arg, ty: BOOL, span };
      }
      case 'logic': {
        const l = this.bool(e.left, ctx);
        const r = this.bool(e.right, ctx);
        if (l.ty.t === 'error' || r.ty.t === 'error') return { ...l, ty: ERROR };
        return { k: e.op, l, r, ty: BOOL, span };
      }
      case 'if': {
        const p = this.bool(e.cond, ctx);
        const q = this.bool(e.then, ctx);
        if (p.ty.t === 'error' || q.ty.t === 'error') return { ...p, ty: ERROR };
        return { k: 'implies', p, q, ty: BOOL, span };
      }
      case 'arith': {
        const l = this.number(e.left, ctx);
        const r = this.number(e.right, ctx);
        if (l.ty.t !== 'number' || r.ty.t !== 'number') return { ...l, ty: ERROR };
        const [a, b] = [l.ty, r.ty];
        let ty: Ty;
        if (e.op === '+' || e.op === '-') {
          ty = { t: 'number', scale: Math.max(a.scale, b.scale), display: Math.max(a.display, b.display) };
        } else if (e.op === '*') {
          ty = { t: 'number', scale: a.scale + b.scale, display: Math.max(a.display, b.display) };
        } else {
          ty = { t: 'number', scale: DIVISION_SCALE, display: 2 };
        }
        return { k: 'arith', op: e.op, l, r, ty, span };
      }
      case 'compare':
        return this.compare(e, ctx);
      case 'call':
        return this.call(e, ctx);
    }
  }

  bool(e: Expr, ctx: Ctx): Node {
    const n = this.check(e, ctx);
    if (n.ty.t === 'error' || n.ty.t === 'boolean') return n;
    return this.mismatch(e.span, '逻辑值（条件）', 'a boolean (a condition)', n.ty);
  }

  number(e: Expr, ctx: Ctx): Node {
    const n = this.check(e, ctx);
    if (n.ty.t === 'error' || n.ty.t === 'number') return n;
    return this.mismatch(e.span, '数值', 'a number', n.ty);
  }

  private resolveCell(e: CellExpr, ctx: Ctx): Ref | null {
    let form = this.schema;
    let formCode: string | null = null;
    if (e.form !== null && e.form !== this.schema.formCode) {
      const other = this.schema.otherForms?.[e.form];
      if (!other) {
        this.report('unknown_form', e.span, `未知的表号 ${e.form}`, `unknown form ${e.form}`);
        return null;
      }
      form = other;
      formCode = e.form;
    }
    let column = e.column;
    if (ctx.ytd) {
      const ytdColumn = ytdColumnOf(form, e.column);
      if (!ytdColumn) {
        this.report(
          'no_ytd',
          e.span,
          `表 ${form.formCode} 没有 ${e.column} 栏的累计栏，不能使用 ytd()`,
          `form ${form.formCode} has no year-to-date column of ${e.column}, so ytd() is not available`,
        );
        return null;
      }
      column = ytdColumn;
    }
    const name = `${e.indicator}.${column}`;
    const cell = cellsOf(form).get(name);
    if (!cell) {
      const hasIndicator = form.indicators.some((i) => i.code === e.indicator);
      this.report(
        'unknown_cell',
        e.span,
        hasIndicator
          ? `单元格 ${name} 不存在：指标 ${e.indicator} 没有 ${column} 栏`
          : `单元格 ${name} 不存在：表 ${form.formCode} 没有指标 ${e.indicator}`,
        hasIndicator
          ? `unknown cell ${name}: indicator ${e.indicator} has no column ${column}`
          : `unknown cell ${name}: form ${form.formCode} has no indicator ${e.indicator}`,
      );
      return null;
    }
    const base = formCode ? `[${formCode}]${name}` : name;
    const key =
      ctx.period === 'previous' ? `prev(${base})` : ctx.period === 'lastYear' ? `lastyear(${base})` : base;
    return {
      key,
      source: 'cell',
      form: formCode,
      period: ctx.period,
      name,
      type: cell.type,
      decimals: cell.decimals,
    };
  }

  private cellNode(ref: Ref, span: Span, codeList?: string): Node {
    return { k: 'ref', ref, ty: tyOf(ref.type, ref.decimals, codeList), span };
  }

  private cell(e: CellExpr, ctx: Ctx): Node {
    const ref = this.resolveCell(e, ctx);
    if (!ref) return { k: 'const', value: new NA('', ''), ty: ERROR, span: e.span };
    const form = ref.form ? this.schema.otherForms![ref.form] : this.schema;
    return this.cellNode(ref, e.span, cellsOf(form).get(ref.name)?.codeList);
  }

  private unit(attribute: string, span: Span, ctx: Ctx): Node {
    const attrs = this.schema.unitAttributes ?? UNIT_ATTRIBUTES;
    const a: AttributeSchema | undefined = Object.hasOwn(attrs, attribute) ? attrs[attribute] : undefined;
    if (!a) {
      const known = Object.keys(attrs).join(', ');
      return this.report(
        'unknown_attribute',
        span,
        `未知的单位属性 unit.${attribute}（可用：${known}）`,
        `unknown unit attribute unit.${attribute} (known: ${known})`,
      );
    }
    void ctx; // register attributes are read as they are now, whatever period wraps them
    const decimals = decimalsOf(a);
    const ref: Ref = {
      key: `unit.${attribute}`,
      source: 'unit',
      form: null,
      period: 'current',
      name: attribute,
      type: a.type,
      decimals,
    };
    return { k: 'ref', ref, ty: tyOf(a.type, decimals, a.codeList), span };
  }

  private codeItems(list: string | undefined): readonly string[] | undefined {
    if (list === undefined) return undefined;
    if (list === 'size' && !this.schema.codeLists?.size) return SIZE_CODES;
    return this.schema.codeLists?.[list];
  }

  /** A string literal compared with a code must be one of the list's codes. */
  private checkCodeLiteral(code: Node, lit: Node) {
    if (code.ty.t !== 'code' || lit.k !== 'const' || typeof lit.value !== 'string') return;
    const items = this.codeItems(code.ty.list);
    if (items && !items.includes(lit.value)) {
      this.report(
        'invalid_argument',
        lit.span,
        `“${lit.value}”不在代码表 ${code.ty.list} 中`,
        `"${lit.value}" is not in code list ${code.ty.list}`,
      );
    }
  }

  /** Whether two operands can be compared, reporting why not. */
  private comparable(l: Node, r: Node, span: Span, ordered: boolean): boolean {
    if (l.ty.t === 'error' || r.ty.t === 'error') return false;
    if (l.ty.t === 'null' || r.ty.t === 'null') {
      this.report(
        'null_comparison',
        span,
        '与 null 比较的结果总是“不适用”，请用 isnull(x) 或 coalesce(x, 0)',
        'comparing with null is always "not applicable": use isnull(x) or coalesce(x, 0)',
      );
      return false;
    }
    const ok =
      (l.ty.t === 'number' && r.ty.t === 'number') ||
      (!ordered && isStringy(l.ty) && isStringy(r.ty)) ||
      (!ordered && l.ty.t === 'boolean' && r.ty.t === 'boolean');
    if (!ok) {
      const a = typeName(l.ty);
      const b = typeName(r.ty);
      const onlyEq = isStringy(l.ty) && isStringy(r.ty);
      this.report(
        'type_mismatch',
        span,
        onlyEq ? `文本和代码只能用 = 或 != 比较` : `类型不符：不能比较${a.zh}与${b.zh}`,
        onlyEq
          ? 'text and codes can only be compared with = or !='
          : `type mismatch: cannot compare ${a.en} with ${b.en}`,
      );
      return false;
    }
    this.checkCodeLiteral(l, r);
    this.checkCodeLiteral(r, l);
    return true;
  }

  private compare(e: Extract<Expr, { kind: 'compare' }>, ctx: Ctx): Node {
    const l = this.check(e.left, ctx);
    const r = this.check(e.right, ctx);
    const ordered = e.op !== '=' && e.op !== '!=';
    if (!this.comparable(l, r, e.span, ordered)) return { ...l, ty: ERROR };
    return { k: 'compare', op: e.op, l, r, ty: BOOL, span: e.span };
  }

  private call(e: Extract<Expr, { kind: 'call' }>, ctx: Ctx): Node {
    const { name, args, span } = e;
    const arity = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!arity) {
      const known = Object.keys(FUNCTIONS).join(', ');
      return this.report(
        'unknown_function',
        e.nameSpan,
        `未知的函数 ${name}（可用：${known}）`,
        `unknown function ${name} (known: ${known})`,
      );
    }
    const [lo, hi] = arity;
    if (args.length < lo || args.length > hi) {
      const want = lo === hi ? `${lo}` : hi === Infinity ? `${lo}+` : `${lo}–${hi}`;
      return this.report(
        'wrong_argument_count',
        span,
        `函数 ${name} 需要 ${want} 个参数，实有 ${args.length} 个`,
        `function ${name} takes ${want} argument${want === '1' ? '' : 's'}, got ${args.length}`,
      );
    }
    switch (name) {
      case 'prev':
      case 'lastyear': {
        if (ctx.period !== 'current') {
          return this.report(
            'nested_period',
            span,
            'prev() 与 lastyear() 不能嵌套（只能回看一个报告期）',
            'prev() and lastyear() cannot be nested (a rule looks back one period only)',
          );
        }
        return this.check(args[0], { ...ctx, period: name === 'prev' ? 'previous' : 'lastYear' });
      }
      case 'ytd': {
        if (ctx.ytd) return this.report('nested_period', span, 'ytd() 不能嵌套', 'ytd() cannot be nested');
        return this.check(args[0], { ...ctx, ytd: true });
      }
      case 'sum': {
        const nodes: Node[] = [];
        let failed = false;
        for (const a of args) {
          if (a.kind === 'range') {
            const cells = this.range(a, ctx);
            if (!cells) failed = true;
            else nodes.push(...cells);
          } else {
            const n = this.number(a, ctx);
            if (n.ty.t !== 'number') failed = true;
            nodes.push(n);
          }
        }
        if (failed) return { k: 'const', value: new NA('', ''), ty: ERROR, span };
        return { k: 'sum', args: nodes, ty: maxNumberTy(nodes), span };
      }
      case 'in':
        return this.inList(e, ctx);
      case 'round': {
        const x = this.number(args[0], ctx);
        const d = args[1];
        if (d.kind !== 'number' || d.text.includes('.') || Number(d.text) > 12) {
          return this.report(
            'invalid_argument',
            d.span,
            'round 的第二个参数须是 0 到 12 之间的整数常量',
            "round's second argument must be a whole number from 0 to 12",
          );
        }
        if (x.ty.t !== 'number') return x;
        const digits = Number(d.text);
        return {
          k: 'round',
          arg: x,
          digits,
          ty: { t: 'number', scale: Math.min(x.ty.scale, digits), display: digits },
          span,
        };
      }
      case 'isnull': {
        const x = this.check(args[0], ctx);
        return x.ty.t === 'error' ? x : { k: 'fn', name, args: [x], ty: BOOL, span };
      }
      case 'startswith': {
        const xs = args.map((a) => this.check(a, ctx));
        for (let i = 0; i < xs.length; i++) {
          if (xs[i].ty.t === 'error') return xs[i];
          if (!isStringy(xs[i].ty))
            return this.mismatch(args[i].span, '文本或代码', 'text or a code', xs[i].ty);
        }
        return { k: 'fn', name, args: xs, ty: BOOL, span };
      }
      case 'between': {
        const xs = args.map((a) => this.number(a, ctx));
        if (xs.some((x) => x.ty.t !== 'number')) return { ...xs[0], ty: ERROR };
        return { k: 'fn', name, args: xs, ty: BOOL, span };
      }
      case 'coalesce': {
        const xs = args.map((a) => this.check(a, ctx));
        if (xs.some((x) => x.ty.t === 'error')) return { ...xs[0], ty: ERROR };
        const typed = xs.filter((x) => x.ty.t !== 'null');
        if (typed.length === 0) return { k: 'fn', name, args: xs, ty: { t: 'null' }, span };
        const family = typed[0].ty.t === 'code' ? 'text' : typed[0].ty.t;
        for (let i = 0; i < xs.length; i++) {
          const t = xs[i].ty.t === 'code' ? 'text' : xs[i].ty.t;
          if (t !== family && t !== 'null') {
            return this.mismatch(args[i].span, typeName(typed[0].ty).zh, typeName(typed[0].ty).en, xs[i].ty);
          }
        }
        const ty: Ty = family === 'number' ? maxNumberTy(typed) : typed[0].ty;
        return { k: 'fn', name, args: xs, ty, span };
      }
      default: {
        // abs, min, max, growth, ratio: numbers in, a number out.
        const xs = args.map((a) => this.number(a, ctx));
        if (xs.some((x) => x.ty.t !== 'number')) return { ...xs[0], ty: ERROR };
        const fn = name as 'abs' | 'min' | 'max' | 'growth' | 'ratio';
        const ty: Ty =
          fn === 'growth'
            ? { t: 'number', scale: DIVISION_SCALE, display: 1 }
            : fn === 'ratio'
              ? { t: 'number', scale: DIVISION_SCALE, display: 2 }
              : maxNumberTy(xs);
        return { k: 'fn', name: fn, args: xs, ty, span };
      }
    }
  }

  /** Expands `B02.current:B09.current` to the cells of the indicators in definition order. */
  private range(e: Extract<Expr, { kind: 'range' }>, ctx: Ctx): Node[] | null {
    const from = this.resolveCell(e.from, ctx);
    const to = this.resolveCell(e.to, ctx);
    if (!from || !to) return null;
    const [fi, fc] = from.name.split('.');
    const [ti, tc] = to.name.split('.');
    if (from.form !== to.form || fc !== tc) {
      this.report(
        'invalid_range',
        e.span,
        '区域的两端须是同一张表的同一栏',
        'both ends of a range must be in the same form and column',
      );
      return null;
    }
    const form = from.form ? this.schema.otherForms![from.form] : this.schema;
    const codes = form.indicators.map((i) => i.code);
    const a = codes.indexOf(fi);
    const b = codes.indexOf(ti);
    if (a > b) {
      this.report(
        'invalid_range',
        e.span,
        `区域须按定义顺序从前往后：${ti} 在 ${fi} 之前`,
        `a range runs in definition order: ${ti} comes before ${fi}`,
      );
      return null;
    }
    const cells = cellsOf(form);
    const out: Node[] = [];
    for (const code of codes.slice(a, b + 1)) {
      const cell = cells.get(`${code}.${fc}`);
      if (!cell) continue; // an indicator without this column has no cell to add
      if (cell.type !== 'decimal' && cell.type !== 'integer') {
        this.report(
          'type_mismatch',
          e.span,
          `区域中的 ${code}.${fc} 不是数值`,
          `${code}.${fc} in the range is not a number`,
        );
        return null;
      }
      const base = from.form ? `[${from.form}]${code}.${fc}` : `${code}.${fc}`;
      const key =
        from.period === 'previous'
          ? `prev(${base})`
          : from.period === 'lastYear'
            ? `lastyear(${base})`
            : base;
      const ref: Ref = { ...from, key, name: `${code}.${fc}`, type: cell.type, decimals: cell.decimals };
      out.push(this.cellNode(ref, e.span));
    }
    return out;
  }

  private inList(e: Extract<Expr, { kind: 'call' }>, ctx: Ctx): Node {
    const x = this.check(e.args[0], ctx);
    const list = e.args[1];
    if (list.kind !== 'list') {
      return this.report(
        'invalid_argument',
        list.span,
        "in 的第二个参数须是列表，如 ['07', '08']",
        "in's second argument must be a list such as ['07', '08']",
      );
    }
    if (x.ty.t === 'error') return x;
    const items: (Dec | string)[] = [];
    for (const item of list.items) {
      const n = this.check(item, ctx);
      if (n.k !== 'const') {
        this.report('invalid_argument', item.span, '列表只能包含常量', 'a list can only hold constants');
        continue;
      }
      if (x.ty.t === 'number' && n.ty.t === 'number') items.push(n.value as Dec);
      else if (isStringy(x.ty) && n.ty.t === 'text') {
        this.checkCodeLiteral(x, n);
        items.push(n.value as string);
      } else this.mismatch(item.span, typeName(x.ty).zh, typeName(x.ty).en, n.ty);
    }
    return { k: 'in', x, items, ty: BOOL, span: e.span };
  }
}

function maxNumberTy(nodes: Node[]): Ty {
  let scale = 0;
  let display = 0;
  for (const n of nodes) {
    if (n.ty.t !== 'number') continue;
    scale = Math.max(scale, n.ty.scale);
    display = Math.max(display, n.ty.display);
  }
  return { t: 'number', scale, display };
}

/** Types an expression of any type (message placeholders). */
export function checkExpression(source: string, ast: Expr, schema: FormSchema): CheckResult {
  const c = new Checker(source, schema);
  const node = c.check(ast, { period: 'current', ytd: false });
  return c.problems.length ? { ok: false, problems: c.problems } : { ok: true, node };
}

/** Types a rule: like checkExpression, and the result must be a condition (boolean). */
export function checkRule(source: string, ast: Expr, schema: FormSchema): CheckResult {
  const res = checkExpression(source, ast, schema);
  if (res.ok && res.node.ty.t !== 'boolean') {
    const t = typeName(res.node.ty);
    return {
      ok: false,
      problems: [
        problem(
          source,
          'not_boolean',
          ast.span,
          `审核公式须是条件（结果为真或假），此处为${t.zh}`,
          `a rule must be a condition (true or false), this is a ${t.en}`,
        ),
      ],
    };
  }
  return res;
}
