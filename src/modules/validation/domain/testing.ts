/**
 * Test support: a demo form schema and a helper that evaluates any expression with both the
 * compiled evaluator and the reference interpreter, so every test checks them against each other.
 */

import * as D from '../../../platform/decimal.ts';
import { dependsOn } from './analysis.ts';
import { checkExpression } from './check.ts';
import { emit, type Fast, fastToValue, OVERFLOW } from './emit.ts';
import { parseRule } from './parser.ts';
import { type RecordData, readRef } from './record.ts';
import { interpret, type Semantics } from './reference.ts';
import { rewrite } from './rewrite.ts';
import type { FormSchema } from './schema.ts';
import { NA, type Value } from './typed.ts';

/** 工业产值及主要产品 (a demo monthly form) and an energy form it may read. */
export const SCHEMA: FormSchema = {
  formCode: 'B204-1',
  indicators: [
    { code: 'B01', type: 'decimal', decimals: 1 },
    { code: 'B02', type: 'decimal', decimals: 1 },
    { code: 'B03', type: 'decimal', decimals: 1 },
    { code: 'B04', type: 'integer', columns: ['current'] },
    { code: 'B05', type: 'decimal', decimals: 2 },
    { code: 'N01', type: 'text' },
    { code: 'C01', type: 'code', codeList: 'status', columns: ['current'] },
  ],
  columns: [{ code: 'current' }, { code: 'ytd', source: { kind: 'ytd', of: 'current' } }],
  codeLists: { status: ['1', '2', '3'] },
  otherForms: {
    'E205-1': {
      formCode: 'E205-1',
      indicators: [{ code: 'E01', type: 'decimal', decimals: 2 }],
      columns: [{ code: 'current' }],
    },
  },
};

export type Plain = string | boolean | null;

/** A value in comparable form: numbers as canonical text, NA as null. */
export function plain(v: Value | D.Dec | string | boolean | null): Plain {
  if (v === null || v instanceof NA) return null;
  if (typeof v === 'object') return D.decToText(v);
  return v;
}

/** Evaluates an expression of any type both ways; throws if it does not check. */
export function evalBoth(
  expr: string,
  data: RecordData | RecordData['values'],
  options: { schema?: FormSchema; tolerance?: string } = {},
): { reference: Plain; compiled: Plain | 'overflow' } {
  const schema = options.schema ?? SCHEMA;
  const record: RecordData =
    'values' in data && typeof data.values === 'object'
      ? (data as RecordData)
      : { values: data as RecordData['values'] };
  const parsed = parseRule(expr);
  if (!parsed.ok) throw new Error(parsed.problems[0].message['en-US']);
  const checked = checkExpression(expr, parsed.ast, schema);
  if (!checked.ok) throw new Error(checked.problems[0].message['en-US']);
  const sem: Semantics = { tolerance: D.normalize(D.toDec(options.tolerance ?? '0')!) };
  const reference = plain(interpret(checked.node, record, sem));
  const refs = dependsOn(checked.node);
  let unsafe = false;
  const slots: Fast[] = refs.map((r) => {
    const v = readRef(r, record);
    if (v instanceof NA) return undefined;
    if (typeof v !== 'object') return v;
    const c = D.rescale(v, r.decimals);
    // As bindRecord: beyond 2^53 the engine runs the exact interpreter instead.
    if (c > BigInt(Number.MAX_SAFE_INTEGER) || c < -BigInt(Number.MAX_SAFE_INTEGER)) unsafe = true;
    return Number(c);
  });
  if (unsafe) return { reference, compiled: 'overflow' };
  try {
    const rewritten = rewrite(checked.node, sem);
    const run = emit(rewritten, (key) => refs.findIndex((r) => r.key === key));
    return { reference, compiled: plain(fastToValue(run(slots), rewritten)) };
  } catch (e) {
    if (e === OVERFLOW) return { reference, compiled: 'overflow' };
    throw e;
  }
}

/** Evaluates both ways and insists they agree; returns the shared value. */
export function evaluate(
  expr: string,
  data: RecordData | RecordData['values'] = {},
  tolerance?: string,
): Plain {
  const { reference, compiled } = evalBoth(expr, data, { tolerance });
  if (compiled !== 'overflow' && compiled !== reference) {
    throw new Error(`compiled ${String(compiled)} ≠ reference ${String(reference)} for ${expr}`);
  }
  return reference;
}
