import { describe, expect, it } from 'vitest';
import type { Expr } from './ast.ts';
import { parseRule } from './parser.ts';

/** The tree without positions, as compact text (S-expressions). */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'string':
      return JSON.stringify(e.value);
    case 'boolean':
      return String(e.value);
    case 'null':
      return 'null';
    case 'cell':
      return `${e.form ? `[${e.form}]` : ''}${e.indicator}.${e.column}`;
    case 'unit':
      return `unit.${e.attribute}`;
    case 'range':
      return `${show(e.from)}:${show(e.to)}`;
    case 'list':
      return `[${e.items.map(show).join(' ')}]`;
    case 'neg':
      return `(- ${show(e.arg)})`;
    case 'not':
      return `(not ${show(e.arg)})`;
    case 'arith':
    case 'compare':
    case 'logic':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'if':
      return `(if ${show(e.cond)} ${show(e.then)})`;
    case 'call':
      return `(${e.name}${e.args.map((a) => ` ${show(a)}`).join('')})`;
  }
}

function parse(src: string): string {
  const r = parseRule(src);
  if (!r.ok) throw new Error(r.problems[0].message['en-US']);
  return show(r.ast);
}

function error(src: string) {
  const r = parseRule(src);
  if (r.ok) throw new Error(`expected an error for ${src}`);
  const p = r.problems[0];
  return { code: p.code, line: p.line, column: p.column, zh: p.message['zh-CN'], en: p.message['en-US'] };
}

describe('parser: every construct', () => {
  it.each([
    ['12', '12'],
    ['12.50', '12.50'],
    ["'abc'", '"abc"'],
    ['"it\\"s"', '"it\\"s"'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['B01.current', 'B01.current'],
    ['[B204-1]B01.current', '[B204-1]B01.current'],
    ['[ E205-1 ]E01.current', '[E205-1]E01.current'],
    ['unit.industry', 'unit.industry'],
    ['prev(B01.current)', '(prev B01.current)'],
    ['lastyear(B01.current)', '(lastyear B01.current)'],
    ['ytd(B01.current)', '(ytd B01.current)'],
    ['sum(B02.current:B09.current)', '(sum B02.current:B09.current)'],
    ['sum(B02.current, B03.current)', '(sum B02.current B03.current)'],
    ["in(C01.current, ['1', '2'])", '(in C01.current ["1" "2"])'],
    ['in(B04.current, [1, -2])', '(in B04.current [1 (- 2)])'],
    ['-B01.current', '(- B01.current)'],
    ['+B01.current', 'B01.current'],
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)'],
    ['a.b = 1', '(= a.b 1)'],
    ['a.b == 1', '(= a.b 1)'],
    ['a.b != 1', '(!= a.b 1)'],
    ['a.b <> 1', '(!= a.b 1)'],
    ['a.b < 1', '(< a.b 1)'],
    ['a.b <= 1', '(<= a.b 1)'],
    ['a.b > 1', '(> a.b 1)'],
    ['a.b >= 1', '(>= a.b 1)'],
    ['true or false and true', '(or true (and false true))'],
    ['not a.b > 1 and true', '(and (not (> a.b 1)) true)'],
    ['not not true', '(not (not true))'],
    ['if a.b > 0 then c.d > 0', '(if (> a.b 0) (> c.d 0))'],
    [
      'if a.b > 0 or x.y > 0 then c.d > 0 and e.f > 0',
      '(if (or (> a.b 0) (> x.y 0)) (and (> c.d 0) (> e.f 0)))',
    ],
    ['if p.q then if r.s then t.u', '(if p.q (if r.s t.u))'],
    ['(if a.b then c.d) and e.f', '(and (if a.b c.d) e.f)'],
    ['round(B01.current, 1)', '(round B01.current 1)'],
    ['f()', '(f)'],
    ['a.b\n  >= 1', '(>= a.b 1)'],
  ])('%s', (src, want) => {
    expect(parse(src)).toBe(want);
  });

  it('keeps positions for editors', () => {
    const r = parseRule('  B01.current > 1');
    expect(r.ok && r.ast.span).toEqual({ start: 2, end: 17 });
  });
});

describe('parser: errors with line, column and a bilingual reason', () => {
  it.each([
    ['B01.current >', 'unexpected_token', 1, 14],
    ['B01.current > > 1', 'unexpected_token', 1, 15],
    ['(B01.current > 1', 'unexpected_token', 1, 17],
    ['B01.current > 1)', 'unexpected_token', 1, 16],
    ['B01', 'unexpected_token', 1, 1],
    ['B01. > 1', 'unexpected_token', 1, 6],
    ['B01.current > 1\n  AND B02.current > 1', 'unexpected_token', 2, 3],
    ['1 < B01.current < 5', 'unexpected_token', 1, 17],
    ['if B01.current > 1 B02.current > 1', 'unexpected_token', 1, 20],
    ['sum(B01.current,', 'unexpected_token', 1, 17],
    ['sum(B01.current B02.current)', 'unexpected_token', 1, 17],
    ["'abc", 'unterminated_string', 1, 1],
    ['B01.current > 1 # x', 'unexpected_character', 1, 17],
    ['B01.current > 1e5', 'unexpected_character', 1, 16],
    ['[B204-1 B01.current', 'unexpected_token', 1, 1],
    ['[b--]B01.current', 'unexpected_token', 1, 1],
    ['a.b > 1 and', 'unexpected_token', 1, 12],
    ['unit.', 'unexpected_token', 1, 6],
    ['sum(B01.current:)', 'unexpected_token', 1, 17],
    ["in(x.y, ['a' 'b'])", 'unexpected_token', 1, 14],
  ])('%j → %s at %i:%i', (src, code, line, column) => {
    const e = error(src);
    expect(e).toMatchObject({ code, line, column });
    expect(e.zh).toMatch(new RegExp(`^第 ${line} 行第 ${column} 列：`));
    expect(e.en).toMatch(new RegExp(`^line ${line}, column ${column}: `));
  });

  it('points out full-width punctuation from an IME', () => {
    const e = error('sum（B01.current）');
    expect(e).toMatchObject({ code: 'unexpected_character', column: 4 });
    expect(e.zh).toContain('全角字符“（”，请改用半角“(”');
    expect(e.en).toContain('use "(" instead');
  });

  it('says keywords are lowercase', () => {
    expect(error('a.b > 1 AND c.d > 1').en).toContain('keywords are lowercase: and');
  });

  it('says a cell needs its column', () => {
    expect(error('B01 > 1').en).toContain('B01.current');
  });

  it('suggests and/between for chained comparisons', () => {
    expect(error('1 < a.b < 2').en).toContain('between');
  });
});
