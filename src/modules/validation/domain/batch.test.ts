/**
 * The batch evaluator at the edges the random cases rarely hit exactly: results just past 2^53
 * (where a double silently rounds), constants doubles cannot hold, records that cannot be read,
 * and the closure mode a browser without 'unsafe-eval' runs. Each case is held to the reference
 * interpreter and to evaluateOutcomes.
 */
import { describe, expect, it } from 'vitest';
import { type BoundPeriod, compileBatch } from './batch.ts';
import { bindRecord, compileRuleSet, evaluateOutcomes, type ValidationRule } from './engine.ts';
import type { RecordData } from './record.ts';
import { interpret } from './reference.ts';
import type { FormSchema } from './schema.ts';
import { NA } from './typed.ts';

const FORM: FormSchema = {
  formCode: 'T1',
  indicators: [
    { code: 'X01', type: 'integer' },
    { code: 'X02', type: 'integer' },
    { code: 'X03', type: 'integer' },
    { code: 'D01', type: 'decimal', decimals: 2 },
    { code: 'C01', type: 'code', codeList: 'L' },
    { code: 'N01', type: 'text' },
  ],
  columns: [{ code: 'cur' }],
  codeLists: { L: ['a', 'b', 'c'] },
};

const rules = (...exprs: string[]): ValidationRule[] =>
  exprs.map((expr, i) => ({ id: `r${i}`, expr, severity: 'fatal', message: { zh: '', en: '' } }));

/** Outcome codes every way: reference, closures, generated code, closure mode. */
function outcomes(exprs: string[], records: RecordData[]) {
  const { ruleSet, problems } = compileRuleSet(rules(...exprs), FORM);
  expect(problems).toEqual([]);
  const reference = records.flatMap((r) =>
    ruleSet.rules.map((rule) => {
      const v = interpret(rule.typed, r, ruleSet.semantics);
      return v instanceof NA ? 2 : v === true ? 0 : 1;
    }),
  );
  const closures = records.flatMap((r) => [...evaluateOutcomes(ruleSet, bindRecord(ruleSet, r))]);
  const code = compileBatch(ruleSet, { generate: true });
  const closureMode = compileBatch(ruleSet, { generate: false });
  return {
    reference,
    closures,
    generated: [...code.run(code.bind(records))],
    closureMode: [...closureMode.run(closureMode.bind(records))],
    source: code.source.join('\n'),
  };
}

function expectAgree(exprs: string[], records: RecordData[], want?: number[]) {
  const o = outcomes(exprs, records);
  expect(o.closures).toEqual(o.reference);
  expect(o.generated).toEqual(o.reference);
  expect(o.closureMode).toEqual(o.reference);
  if (want) expect(o.reference).toEqual(want);
  return o;
}

const values = (v: Record<string, string | number | null>): RecordData => ({ values: v });

describe('compileBatch', () => {
  it('leaves the fast path when a result passes 2^53, where doubles would round', () => {
    // Every value fits a double; 9007199254740991 + 2 does not (as a double it is …992).
    const big = values({ 'X01.cur': '9007199254740991', 'X02.cur': '2', 'X03.cur': '9007199254740991' });
    // One rule per call: an overflow sends the whole record to the closures, hiding the others.
    expectAgree(['X01.cur + X02.cur - X03.cur = 2'], [big], [0]);
    expectAgree(['sum(X01.cur:X02.cur) - X03.cur = 2'], [big], [0]);
    expectAgree(['coalesce(X01.cur, 0) + X02.cur - X03.cur = 2'], [big], [0]);
    // 94906267² = 9007199515875289, odd and past 2^53 (as a double …288).
    const sq = values({ 'X01.cur': '94906267', 'X02.cur': '94906267', 'X03.cur': '9007199254740991' });
    expectAgree(['X01.cur * X02.cur - X03.cur = 261134298'], [sq], [0]);
    // Lifting to a decimal's scale (× 100), growth's × 100 and the quotient's × 10^6.
    const lift = values({ 'X01.cur': '90071992547410', 'X02.cur': '1', 'D01.cur': '0.01' });
    for (const expr of [
      'X01.cur + D01.cur > X01.cur',
      'growth(X01.cur, X02.cur) > 0',
      'X01.cur / X02.cur > 1',
    ]) {
      expectAgree([expr], [lift], [0]);
    }
  });

  it('runs rows holding values beyond 2^53 on the exact path, and the other rows on the fast one', () => {
    const rows = [
      values({ 'X01.cur': '12345678901234567890', 'X02.cur': '1', 'X03.cur': '0' }),
      values({ 'X01.cur': '5', 'X02.cur': '1', 'X03.cur': '0' }),
      values({ 'X01.cur': '-12345678901234567890', 'X02.cur': null, 'X03.cur': '0' }),
    ];
    expectAgree(['X01.cur - X02.cur > X03.cur', 'X01.cur + 1 > X01.cur'], rows, [0, 0, 0, 0, 2, 0]);
  });

  it('runs a rule with a constant doubles cannot hold through its exact fallback', () => {
    const o = expectAgree(
      ['X01.cur < 9007199254740993', 'X01.cur < 9007199254740993 and X02.cur > 0'],
      [values({ 'X01.cur': '9007199254740991', 'X02.cur': '1' }), values({ 'X01.cur': null })],
      [0, 0, 2, 2],
    );
    expect(o.source).toContain('not generated');
  });

  it('keeps a rule id, which is free text, from breaking out of the generated code', () => {
    // U+2028 ends a // comment in JavaScript; the id appears only as a comment, sanitised.
    const id = 'id\u2028out[o] = 9; //"';
    const { ruleSet } = compileRuleSet(
      [{ id, expr: 'X01.cur < 9007199254740993', severity: 'fatal', message: { zh: '', en: '' } }],
      FORM,
    );
    const b = compileBatch(ruleSet, { generate: true });
    expect(b.source.join('')).toContain('not generated');
    expect(b.source.join('')).not.toContain('\u2028');
    expect([...b.run(b.bind([values({ 'X01.cur': 1 })]))]).toEqual([0]);
  });

  it('handles text and codes, with missing values, as the language says', () => {
    const rows = [
      values({ 'C01.cur': 'a', 'N01.cur': 'abc' }),
      values({ 'C01.cur': 'b', 'N01.cur': '' }),
      values({ 'C01.cur': null, 'N01.cur': 'xyz' }),
      values({ 'C01.cur': 'c', 'N01.cur': 12 }),
    ];
    expectAgree(
      [
        "in(C01.cur, ['a', 'c'])",
        "C01.cur = 'b'",
        "C01.cur != 'b'",
        "startswith(coalesce(N01.cur, 'z'), 'a')",
        "startswith(N01.cur, '1')",
        'isnull(N01.cur)',
        "if C01.cur = 'a' then not isnull(N01.cur)",
      ],
      rows,
      [
        ...[0, 1, 0, 0, 1, 1, 0],
        ...[1, 0, 1, 1, 2, 0, 0],
        ...[2, 2, 2, 1, 1, 1, 0],
        ...[0, 1, 0, 1, 0, 1, 0],
      ],
    );
  });

  it('agrees on the operators random rules rarely combine', () => {
    const rows = [
      values({ 'X01.cur': '3', 'X02.cur': '-2', 'X03.cur': '0', 'D01.cur': '1.25' }),
      values({ 'X01.cur': '-3', 'X02.cur': null, 'X03.cur': '7', 'D01.cur': '-0.5' }),
      values({ 'X01.cur': null, 'X02.cur': '0', 'X03.cur': null, 'D01.cur': null }),
      values({ 'X01.cur': '0', 'X02.cur': '0', 'X03.cur': '0', 'D01.cur': '0' }),
    ];
    expectAgree(
      [
        '(X01.cur > 0) = (X02.cur > 0)',
        '(X01.cur > 0) != true',
        'coalesce(X01.cur > 0, X02.cur > 0, false)',
        'isnull(X01.cur > X02.cur)',
        '-X01.cur < X02.cur',
        'round(D01.cur * 3, 0) = X01.cur',
        'min(X01.cur, D01.cur) <= max(X02.cur, X03.cur, 0)',
        'abs(X02.cur) >= abs(D01.cur)',
        'in(D01.cur, [1.25, 0, 2])',
        'in(X01.cur + X03.cur, [3, 4])',
        'between(D01.cur, X02.cur, X03.cur)',
        'X01.cur / X02.cur > D01.cur',
        'ratio(D01.cur, X03.cur) >= 0',
        'growth(X03.cur, X01.cur) < 100',
        'sum(X01.cur:X03.cur) = coalesce(X01.cur, 0) + coalesce(X02.cur, 0) + coalesce(X03.cur, 0)',
        'not (X01.cur > 0 and X02.cur > 0) or X03.cur = 0',
      ],
      rows,
    );
  });

  it('starts on the closures and generates code once enough evaluations have run (auto)', () => {
    const { ruleSet } = compileRuleSet(rules('X01.cur > X02.cur', 'isnull(X03.cur)'), FORM);
    const b = compileBatch(ruleSet, { autoAfter: 6 });
    const slice = [
      values({ 'X01.cur': 3, 'X02.cur': 1 }),
      values({ 'X01.cur': 1, 'X02.cur': 3, 'X03.cur': 0 }),
    ];
    const seen: string[] = [];
    let table: BoundPeriod | undefined;
    for (let k = 0; k < 3; k++) {
      table = b.bind(slice, table);
      expect([...b.run(table)]).toEqual([0, 0, 1, 1]);
      seen.push(b.mode);
    }
    // 4 evaluations, then 8 ≥ 6: the third slice runs generated code.
    expect(seen).toEqual(['closures', 'closures', 'code']);
    expect(b.source.length).toBeGreaterThan(0);
    expect(compileBatch(ruleSet, { generate: false, autoAfter: 0 }).mode).toBe('closures');
  });

  it('gives error codes where evaluateOutcomes cannot read a record', () => {
    // A value of the wrong kind makes the exact reader throw; the row is an error, rule by rule.
    const rows = [values({ 'X01.cur': true as unknown as string }), values({ 'X01.cur': '1' })];
    const { ruleSet } = compileRuleSet(rules('X01.cur > 0', 'isnull(X02.cur)'), FORM);
    for (const generate of [true, false]) {
      const b = compileBatch(ruleSet, { generate });
      expect([...b.run(b.bind(rows))]).toEqual([3, 3, 0, 0]);
    }
  });

  it('reuses one bound period for several runs, into a caller-owned buffer', () => {
    const { ruleSet } = compileRuleSet(rules('X01.cur > X02.cur', 'X01.cur = sum(X02.cur:X03.cur)'), FORM);
    const b = compileBatch(ruleSet, { generate: true });
    const period = b.bind([values({ 'X01.cur': 3, 'X02.cur': 1, 'X03.cur': 2 }), values({})]);
    const out = new Uint8Array(4);
    expect(b.run(period, out)).toBe(out);
    expect([...out]).toEqual([0, 0, 2, 2]);
    expect([...b.run(period)]).toEqual([0, 0, 2, 2]);
    // A smaller slice bound into the same table: its arrays are reused, only its rows count.
    for (const generate of [true, false]) {
      const c = compileBatch(ruleSet, { generate });
      const first = c.bind([
        values({ 'X01.cur': '9007199254740993' }),
        values({ 'X01.cur': 1, 'X02.cur': 2 }),
      ]);
      const second = c.bind([values({ 'X01.cur': 5, 'X02.cur': 2, 'X03.cur': 3 })], first);
      expect(second.num).toBe(first.num);
      expect(second.size).toBe(1);
      expect([...c.run(second)]).toEqual([0, 0]);
    }
  });
});
