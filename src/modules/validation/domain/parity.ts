/**
 * Browser = server = batch (issue 3): the cases the parity test runs on every side, and what each
 * side computes for them. Pure and seeded, so Chromium (this file bundled) and Node draw the same
 * forms, rules and records from the same seed and their answers can be compared value for value.
 */
import { compileBatch } from './batch.ts';
import { compileRuleSet, evaluateRuleSet, type RuleResult, type ValidationRule } from './engine.ts';
import { Gen, prng, randomForm, randomRecord } from './generators.ts';
import type { RecordData } from './record.ts';
import type { FormSchema } from './schema.ts';

export interface ParityCase {
  seed: number;
  form: FormSchema;
  rules: ValidationRule[];
  records: RecordData[];
  tolerance: string;
}

/** A random form, 1–12 random rules with message templates, 8 random records (blanks, big values, invalid text …). */
export function parityCase(seed: number): ParityCase {
  const rng = prng(seed);
  const form = randomForm(rng);
  const gen = new Gen(rng, form);
  const rules: ValidationRule[] = Array.from({ length: 1 + rng.int(12) }, (_, i) => ({
    id: `R${i + 1}`,
    expr: gen.bool(1 + rng.int(4)),
    severity: rng.pick(['fatal', 'verify', 'hint'] as const),
    message: {
      zh: `数值 {${gen.num(1)}}，比值 {${gen.num(2)}|2}，条件 {${gen.bool(0)}}`,
      en: `value {${gen.num(1)}}, ratio {${gen.num(2)}|2}, condition {${gen.bool(0)}}; {{literal}}`,
    },
  }));
  const records = Array.from({ length: 8 }, () => randomRecord(rng, form));
  return { seed, form, rules, records, tolerance: rng.next() < 0.3 ? '0.05' : '0' };
}

/** What one side answers for a case. */
export interface ParityAnswer {
  seed: number;
  /** evaluateRuleSet per record (outcome, values used, messages, reasons): the server's and the form's live check. */
  results: RuleResult[][];
  /** compileBatch's outcome codes for all records (0 pass, 1 fail, 2 na, 3 error). */
  batch: number[];
  /** Whether the batch ran generated code or, where eval is forbidden, the closures. */
  mode: 'code' | 'closures';
}

/** Compiles a case's rules and evaluates its records both ways. */
export function answerParityCase(c: ParityCase, options: { generate?: boolean } = {}): ParityAnswer {
  const { ruleSet, problems } = compileRuleSet(c.rules, c.form, { tolerance: c.tolerance });
  if (problems.length) throw new Error(`seed ${c.seed}: ${problems[0].message['en-US']}`);
  // Generated code from the start (where allowed), not only after AUTO_THRESHOLD evaluations.
  const batch = compileBatch(ruleSet, { generate: options.generate ?? true });
  return {
    seed: c.seed,
    results: c.records.map((r) => evaluateRuleSet(ruleSet, r)),
    batch: [...batch.run(batch.bind(c.records))],
    mode: batch.mode,
  };
}

/** The answers for seeds [from, from + count). */
export function answerParitySeeds(
  from: number,
  count: number,
  options: { generate?: boolean } = {},
): ParityAnswer[] {
  return Array.from({ length: count }, (_, i) => answerParityCase(parityCase(from + i), options));
}
