/**
 * The rule engine's public face: compile a form's rules once (parse → check → rewrite → emit),
 * then evaluate them on records. One result per rule and record; a rule that cannot be decided
 * is "na", and a rule that throws never stops the others.
 */

import * as D from '../../../platform/decimal.ts';
import { type DataNeeds, dataNeeds, dependsOn, type LinearForm, linearForm } from './analysis.ts';
import { checkRule } from './check.ts';
import { type Compiled, emit, type Fast, OVERFLOW } from './emit.ts';
import { parseRule } from './parser.ts';
import type { LocalMessage, RuleProblem } from './problems.ts';
import { quickScaled, type RecordData, rawValueOf, readRef } from './record.ts';
import { interpret, type Semantics } from './reference.ts';
import { rewrite } from './rewrite.ts';
import type { FormSchema } from './schema.ts';
import { compileTemplate, renderTemplate, type Template } from './template.ts';
import { NA, type Node, type Ref } from './typed.ts';

export type Severity = 'fatal' | 'verify' | 'hint';
export type Outcome = 'pass' | 'fail' | 'na';

/** 审核公式: a rule as the form definition carries it (plain data). */
export interface ValidationRule {
  id: string;
  expr: string;
  /** fatal 强制性 (blocks submission), verify 核实性 (needs an explanation), hint 提示性 */
  severity: Severity;
  message: { zh: string; en: string };
  label?: string;
  description?: { zh: string; en: string };
}

export interface CompileOptions {
  /**
   * `=` and `!=` between numbers of which one has decimals hold within this distance
   * (e.g. "0.1" when parts are rounded separately from their total). Default "0": exact.
   */
  tolerance?: string | number;
}

export interface CompiledRule {
  id: string;
  severity: Severity;
  expr: string;
  /** The checked tree (what the reference interpreter runs). */
  typed: Node;
  /** After the rewrites (what was compiled). */
  rewritten: Node;
  /** The values it reads, as result keys. */
  dependsOn: Ref[];
  needs: DataNeeds;
  linear: LinearForm | null;
  message: { zh: Template; en: Template };
  /** null when even the compiled form cannot be exact (a huge constant): the reference runs. */
  run: Compiled | null;
}

export interface CompiledRuleSet {
  formCode: string;
  rules: CompiledRule[];
  /** Every value any rule reads, in slot order. */
  slots: Ref[];
  slotIndex: Map<string, number>;
  /** What the caller must load for the whole set. */
  needs: DataNeeds;
  semantics: Semantics;
}

export interface RuleResult {
  ruleId: string;
  severity: Severity;
  outcome: Outcome;
  /** Each value the rule reads, canonical text (null = missing), by key (`B01.current`, `prev(B01.current)` …). */
  values: Record<string, string | null>;
  /** Rendered for fail and na (and pass when asked); null otherwise. */
  message: LocalMessage | null;
  /** Why the rule could not be decided (na only). */
  reason?: LocalMessage;
}

function semanticsOf(options: CompileOptions): Semantics {
  const t = options.tolerance ?? 0;
  const tolerance = D.toDec(t);
  if (!tolerance || tolerance.c < 0n) throw new Error(`tolerance must be a non-negative decimal, got ${t}`);
  return { tolerance: D.normalize(tolerance) };
}

/** Parses and checks one rule (expression and both message templates); every problem is returned. */
export function compileRule(
  rule: ValidationRule,
  schema: FormSchema,
  options: CompileOptions = {},
  slotOf?: (key: string) => number,
): { ok: true; rule: CompiledRule } | { ok: false; problems: RuleProblem[] } {
  const sem = semanticsOf(options);
  const problems: RuleProblem[] = [];
  const tag = (ps: RuleProblem[], field: string) => ps.map((p) => ({ ...p, ruleId: rule.id, field }));
  const parsed = parseRule(rule.expr);
  const checked = parsed.ok ? checkRule(rule.expr, parsed.ast, schema) : parsed;
  if (!checked.ok) problems.push(...tag(checked.problems, 'expr'));
  const zh = compileTemplate(rule.message.zh, schema);
  if (!zh.ok) problems.push(...tag(zh.problems, 'message.zh'));
  const en = compileTemplate(rule.message.en, schema);
  if (!en.ok) problems.push(...tag(en.problems, 'message.en'));
  if (!checked.ok || !zh.ok || !en.ok) return { ok: false, problems };

  const typed = checked.node;
  const rewritten = rewrite(typed, sem);
  const refs = dependsOn(typed);
  let run: Compiled | null = null;
  try {
    // Alone, a rule's slots are its own dependsOn in order; a rule set assigns shared ones.
    run = emit(rewritten, slotOf ?? ((key) => refs.findIndex((r) => r.key === key)));
  } catch (e) {
    if (e !== OVERFLOW) throw e;
  }
  return {
    ok: true,
    rule: {
      id: rule.id,
      severity: rule.severity,
      expr: rule.expr,
      typed,
      rewritten,
      dependsOn: refs,
      needs: dataNeeds(refs),
      linear: linearForm(typed),
      message: { zh: zh.template, en: en.template },
      run,
    },
  };
}

/** Compiles a form's rules; rules with problems are left out and their problems returned. */
export function compileRuleSet(
  rules: readonly ValidationRule[],
  schema: FormSchema,
  options: CompileOptions = {},
): { ruleSet: CompiledRuleSet; problems: RuleProblem[] } {
  const semantics = semanticsOf(options);
  const slots: Ref[] = [];
  const index = new Map<string, number>();
  const problems: RuleProblem[] = [];
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    const res = compileRule(rule, schema, options, (key) => index.get(key)!);
    if (!res.ok) {
      problems.push(...res.problems);
      continue;
    }
    // Slots are assigned after checking, then the rule is emitted against them.
    for (const ref of res.rule.dependsOn) {
      if (!index.has(ref.key)) {
        index.set(ref.key, slots.length);
        slots.push(ref);
      }
    }
    compiled.push(res.rule);
  }
  for (const r of compiled) {
    try {
      r.run = emit(r.rewritten, (key) => index.get(key)!);
    } catch (e) {
      if (e !== OVERFLOW) throw e;
      r.run = null;
    }
  }
  return {
    ruleSet: {
      formCode: schema.formCode,
      rules: compiled,
      slots,
      slotIndex: index,
      needs: dataNeeds(slots),
      semantics,
    },
    problems,
  };
}

/** A record read into slots once, shared by every rule of the set. */
export interface BoundRecord {
  data: RecordData;
  slots: Fast[];
  /** Some value is beyond exact double range: every rule runs the exact interpreter. */
  exact: boolean;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Reads the values a rule set needs from a record. */
export function bindRecord(set: CompiledRuleSet, data: RecordData): BoundRecord {
  const slots: Fast[] = new Array(set.slots.length);
  let exact = false;
  for (let i = 0; i < set.slots.length; i++) {
    const ref = set.slots[i];
    const raw = rawValueOf(ref, data);
    if (raw === undefined) {
      slots[i] = undefined;
      continue;
    }
    if (ref.type === 'text' || ref.type === 'code') {
      slots[i] = String(raw);
      continue;
    }
    const quick = quickScaled(raw, ref.decimals);
    if (quick !== undefined) {
      slots[i] = quick;
      continue;
    }
    // The exact reader decides: long values, invalid text, too many decimals.
    const v = readRef(ref, data);
    if (v instanceof NA) slots[i] = undefined;
    else {
      const c = D.rescale(v as D.Dec, ref.decimals);
      if (c > MAX || c < -MAX) exact = true;
      slots[i] = Number(c);
    }
  }
  return { data, slots, exact };
}

/** A scaled safe integer as canonical decimal text, without bigint. */
function scaledText(x: number, scale: number): string {
  if (scale === 0) return String(x);
  const negative = x < 0;
  const digits = String(negative ? -x : x).padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

function runFast(rule: CompiledRule, set: CompiledRuleSet, bound: BoundRecord): boolean | undefined {
  if (rule.run && !bound.exact) {
    try {
      return rule.run(bound.slots) as boolean | undefined;
    } catch (e) {
      if (e !== OVERFLOW) throw e;
    }
  }
  const v = interpret(rule.typed, bound.data, set.semantics);
  return v instanceof NA ? undefined : (v as boolean);
}

/** One rule's outcome code on a bound record (0 pass, 1 fail, 2 na, 3 error). */
export function outcomeOf(rule: CompiledRule, set: CompiledRuleSet, bound: BoundRecord): number {
  try {
    const v = runFast(rule, set, bound);
    return v === true ? 0 : v === false ? 1 : 2;
  } catch {
    return 3;
  }
}

/** Outcome codes only (0 pass, 1 fail, 2 na, 3 error), for batch re-checks that count. */
export function evaluateOutcomes(set: CompiledRuleSet, bound: BoundRecord, out?: Uint8Array): Uint8Array {
  const res = out ?? new Uint8Array(set.rules.length);
  for (let i = 0; i < set.rules.length; i++) res[i] = outcomeOf(set.rules[i], set, bound);
  return res;
}

export interface EvaluateOptions {
  /** Render messages for passing rules too (default: only fail and na). */
  renderPassing?: boolean;
}

function valueText(ref: Ref, set: CompiledRuleSet, bound: BoundRecord): string | null {
  if (!bound.exact) {
    const x = bound.slots[set.slotIndex.get(ref.key)!];
    if (x === undefined) return null;
    if (typeof x === 'number') return scaledText(x, ref.decimals);
    if (typeof x === 'string') return x;
  }
  const v = readRef(ref, bound.data);
  return v instanceof NA ? null : typeof v === 'string' ? v : D.decToText(v as D.Dec);
}

/** Evaluates one compiled rule on a bound record. Never throws. */
export function evaluateRule(
  rule: CompiledRule,
  set: CompiledRuleSet,
  bound: BoundRecord,
  options: EvaluateOptions = {},
): RuleResult {
  const values: Record<string, string | null> = {};
  let outcome: Outcome;
  let reason: LocalMessage | undefined;
  try {
    for (const ref of rule.dependsOn) values[ref.key] = valueText(ref, set, bound);
    const v = runFast(rule, set, bound);
    outcome = v === true ? 'pass' : v === false ? 'fail' : 'na';
    if (outcome === 'na') {
      const why = interpret(rule.typed, bound.data, set.semantics);
      if (why instanceof NA && why.zh) reason = { 'zh-CN': why.zh, 'en-US': why.en };
    }
  } catch (e) {
    outcome = 'na';
    const text = e instanceof Error ? e.message : String(e);
    reason = { 'zh-CN': `规则运行出错：${text}`, 'en-US': `the rule failed to run: ${text}` };
  }
  let message: LocalMessage | null = null;
  if (outcome !== 'pass' || options.renderPassing) {
    try {
      message = {
        'zh-CN': renderTemplate(rule.message.zh, bound.data, set.semantics, 'zh-CN'),
        'en-US': renderTemplate(rule.message.en, bound.data, set.semantics, 'en-US'),
      };
    } catch {
      message = null;
    }
  }
  const result: RuleResult = { ruleId: rule.id, severity: rule.severity, outcome, values, message };
  if (reason) result.reason = reason;
  return result;
}

/** Evaluates every rule of the set on one record: one result per rule, in rule order. */
export function evaluateRuleSet(
  set: CompiledRuleSet,
  data: RecordData,
  options: EvaluateOptions = {},
): RuleResult[] {
  const bound = bindRecord(set, data);
  return set.rules.map((r) => evaluateRule(r, set, bound, options));
}
