/**
 * Property test: random forms, random rules and random values (blank, zero, negative, long
 * decimals, values near and beyond 2^53, invalid text); the compiled evaluator (rewrites +
 * closures on doubles, with its exact fallback) must equal the reference interpreter of the
 * typed tree on every one. This is what makes browser = server = batch: all three run the same
 * compiled rule set, and it is held to one obviously-correct definition.
 */
import { describe, expect, it } from 'vitest';
import * as D from '../../../platform/decimal.ts';
import { compileBatch } from './batch.ts';
import { checkRule } from './check.ts';
import { bindRecord, compileRuleSet, evaluateOutcomes, evaluateRuleSet } from './engine.ts';
import { Gen, prng, randomForm, randomRecord } from './generators.ts';
import { parseRule } from './parser.ts';
import { readRef } from './record.ts';
import { interpret } from './reference.ts';
import { evalBoth, plain } from './testing.ts';
import { NA } from './typed.ts';

describe('compiled evaluator = reference interpreter', () => {
  it('on 2,000 random rules × 5 random records each', { timeout: 60_000 }, () => {
    let compared = 0;
    let fallbacks = 0;
    const outcomes = { true: 0, false: 0, null: 0 };
    for (let seed = 1; seed <= 2000; seed++) {
      const rng = prng(seed);
      const form = randomForm(rng);
      const expr = new Gen(rng, form).bool(1 + rng.int(4));
      const parsed = parseRule(expr);
      expect(parsed.ok, expr).toBe(true);
      if (!parsed.ok) continue;
      const checked = checkRule(expr, parsed.ast, form);
      if (!checked.ok) throw new Error(`${expr}: ${checked.problems[0].message['en-US']}`);
      const tolerance = rng.next() < 0.3 ? '0.05' : '0';
      for (let k = 0; k < 5; k++) {
        const record = randomRecord(rng, form);
        const { reference, compiled } = evalBoth(expr, record, { schema: form, tolerance });
        if (compiled === 'overflow') fallbacks++;
        else {
          if (compiled !== reference) {
            throw new Error(
              `seed ${seed}: ${expr}\n${JSON.stringify(record)}\ncompiled ${compiled}, reference ${reference}`,
            );
          }
          compared++;
        }
        outcomes[String(reference) as 'true' | 'false' | 'null']++;
      }
    }
    // The generator must exercise every outcome and mostly stay on the fast path.
    expect(outcomes.true).toBeGreaterThan(700);
    expect(outcomes.false).toBeGreaterThan(700);
    expect(outcomes.null).toBeGreaterThan(700);
    expect(compared).toBeGreaterThan(fallbacks * 3);
  });

  it('numeric expressions agree value for value', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const rng = prng(100_000 + seed);
      const form = randomForm(rng);
      const expr = new Gen(rng, form).num(1 + rng.int(4));
      const record = randomRecord(rng, form);
      const { reference, compiled } = evalBoth(expr, record, { schema: form });
      if (compiled !== 'overflow') expect(compiled, `seed ${seed}: ${expr}`).toBe(reference);
    }
  });

  it('the engine gives the same outcome on the fast path and on the exact path', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = prng(200_000 + seed);
      const form = randomForm(rng);
      const gen = new Gen(rng, form);
      const rules = Array.from({ length: 10 }, (_, i) => ({
        id: `r${i}`,
        expr: gen.bool(1 + rng.int(3)),
        severity: 'fatal' as const,
        message: { zh: '值 {X01.cur}', en: 'value {X01.cur}' },
      }));
      const { ruleSet, problems } = compileRuleSet(rules, form);
      expect(problems).toEqual([]);
      const record = randomRecord(rng, form);
      const fast = evaluateRuleSet(ruleSet, record);
      // Without compiled closures every rule runs the exact interpreter.
      const slow = evaluateRuleSet(
        { ...ruleSet, rules: ruleSet.rules.map((r) => ({ ...r, run: null })) },
        record,
      );
      expect(fast.map((r) => r.outcome)).toEqual(slow.map((r) => r.outcome));
      expect(fast.map((r) => r.values)).toEqual(slow.map((r) => r.values));
      // Binding's quick path reads every value as the exact reader does.
      const bound = bindRecord(ruleSet, record);
      ruleSet.slots.forEach((ref, i) => {
        const v = readRef(ref, record);
        const want =
          v instanceof NA ? undefined : typeof v === 'object' ? Number(D.rescale(v, ref.decimals)) : v;
        expect(bound.slots[i], ref.key).toBe(want);
      });
      for (const r of fast) {
        for (const [key, text] of Object.entries(r.values)) {
          const ref = ruleSet.slots[ruleSet.slotIndex.get(key)!];
          expect(text, key).toBe(plain(readRef(ref, record)));
        }
      }
    }
  });
});

describe('batch (generated code) = closures = reference interpreter', () => {
  const code = (v: unknown) => (v instanceof NA ? 2 : v === true ? 0 : 1);

  it('on 400 random rule sets × 25 random records each', { timeout: 120_000 }, () => {
    const seen = { rows: 0, exactRows: 0, notGenerated: 0, codes: [0, 0, 0, 0] };
    for (let seed = 1; seed <= 400; seed++) {
      const rng = prng(300_000 + seed);
      const form = randomForm(rng);
      const gen = new Gen(rng, form);
      const rules = Array.from({ length: 1 + rng.int(12) }, (_, i) => ({
        id: `r${i}`,
        expr: gen.bool(1 + rng.int(4)),
        severity: 'fatal' as const,
        message: { zh: '', en: '' },
      }));
      const tolerance = rng.next() < 0.3 ? '0.05' : '0';
      const { ruleSet, problems } = compileRuleSet(rules, form, { tolerance });
      expect(problems).toEqual([]);
      const records = Array.from({ length: 25 }, () => randomRecord(rng, form));
      const R = ruleSet.rules.length;

      // The reference: the bigint interpreter on the typed tree, record by record.
      const want = new Uint8Array(records.length * R);
      records.forEach((record, k) => {
        ruleSet.rules.forEach((rule, i) => {
          want[k * R + i] = code(interpret(rule.typed, record, ruleSet.semantics));
        });
      });
      const closures = new Uint8Array(records.length * R);
      records.forEach((record, k) => {
        evaluateOutcomes(ruleSet, bindRecord(ruleSet, record), closures.subarray(k * R, (k + 1) * R));
      });
      const generated = compileBatch(ruleSet, { generate: true });
      expect(generated.mode).toBe('code');
      const period = generated.bind(records);
      const paths = {
        closures,
        generated: generated.run(period),
        // Small chunks: several generated functions over the same table.
        chunked: compileBatch(ruleSet, { generate: true, chunk: 3 }).run(period),
        // What a browser without 'unsafe-eval' runs: closures over the slot-by-slot binder's table.
        closureMode: (() => {
          const b = compileBatch(ruleSet, { generate: false });
          return b.run(b.bind(records));
        })(),
      };
      for (const [name, got] of Object.entries(paths)) {
        for (let j = 0; j < want.length; j++) {
          if (got[j] !== want[j]) {
            const rule = ruleSet.rules[j % R];
            throw new Error(
              `seed ${seed}, ${name}: ${rule.expr}\n${JSON.stringify(records[Math.floor(j / R)])}\n${got[j]} ≠ reference ${want[j]}`,
            );
          }
        }
      }
      seen.rows += records.length;
      seen.exactRows += period.exact.reduce((n, x) => n + (x ? 1 : 0), 0);
      seen.notGenerated += generated.source.join('').split('not generated').length - 1;
      for (const x of want) seen.codes[x]++;
    }
    // Every outcome occurs, and the exact fallbacks are exercised, not just the fast path.
    expect(seen.codes[0]).toBeGreaterThan(2000);
    expect(seen.codes[1]).toBeGreaterThan(2000);
    expect(seen.codes[2]).toBeGreaterThan(2000);
    expect(seen.exactRows).toBeGreaterThan(100);
    expect(seen.exactRows).toBeLessThan(seen.rows / 2);
    expect(seen.notGenerated).toBeGreaterThan(10);
  });

  it('both binders read every value as the exact reader does', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = prng(400_000 + seed);
      const form = randomForm(rng);
      const gen = new Gen(rng, form);
      const rules = Array.from({ length: 8 }, (_, i) => ({
        id: `r${i}`,
        expr: gen.bool(1 + rng.int(3)),
        severity: 'fatal' as const,
        message: { zh: '', en: '' },
      }));
      const { ruleSet } = compileRuleSet(rules, form);
      const records = Array.from({ length: 10 }, () => randomRecord(rng, form));
      for (const generate of [true, false]) {
        const period = compileBatch(ruleSet, { generate }).bind(records);
        const numeric = ruleSet.slots.filter((r) => r.type === 'decimal' || r.type === 'integer');
        const text = ruleSet.slots.filter((r) => !numeric.includes(r));
        records.forEach((record, k) => {
          let beyond = false;
          numeric.forEach((ref, j) => {
            const v = readRef(ref, record);
            const c = v instanceof NA ? null : D.rescale(v as D.Dec, ref.decimals);
            if (c !== null && (c > BigInt(Number.MAX_SAFE_INTEGER) || c < -BigInt(Number.MAX_SAFE_INTEGER))) {
              beyond = true;
            }
            const got = period.num[k * numeric.length + j];
            if (c === null) expect(got, ref.key).toBeNaN();
            else if (!beyond) expect(got, ref.key).toBe(Number(c));
          });
          text.forEach((ref, j) => {
            const v = readRef(ref, record);
            expect(period.str[k * text.length + j], ref.key).toBe(v instanceof NA ? undefined : v);
          });
          expect(period.exact[k] === 1, `record ${k}`).toBe(beyond);
        });
      }
    }
  });
});
