/**
 * The definition's rules (审核公式) checked at import with the validation module's own compiler,
 * so a rule that does not parse, names an unknown cell or has a type error is refused then —
 * with rule, line, column and reason — instead of being left out later at submission.
 */
import {
  compileRuleSet,
  type DefinitionLike,
  schemaFromDefinition,
  type ValidationRule,
} from '../../validation/index.ts';
import type { FormDefinition } from './definition.ts';
import { type DefinitionError, err } from './model.ts';

/** The other forms a definition's rules and messages name in brackets (`[B204-1]B01.current`). */
export function referencedFormCodes(def: FormDefinition): string[] {
  const codes = new Set<string>();
  for (const r of def.rules ?? []) {
    for (const text of [r.expr, r.message.zh, r.message.en]) {
      for (const m of text.matchAll(/\[([A-Za-z0-9][A-Za-z0-9-]*)\]/g)) {
        if (m[1] !== def.form.code) codes.add(m[1]);
      }
    }
  }
  return [...codes].sort();
}

/**
 * Every problem of the rules, typed against this definition and the other forms' definitions
 * (the newest version of each; a form that does not exist is an unknown form to the compiler).
 */
/** A definition's rules as the validation module takes them. */
export function validationRulesOf(def: FormDefinition): ValidationRule[] {
  return (def.rules ?? []).map((r) => ({
    id: r.id,
    expr: r.expr,
    severity: r.severity,
    message: r.message,
    ...(r.description ? { description: r.description } : {}),
  }));
}

/** Compiles a definition's rules, typed against it and the other forms' definitions they name. */
export function compileDefinitionRules(def: FormDefinition, others: readonly FormDefinition[]) {
  const schema = schemaFromDefinition(
    def as unknown as DefinitionLike,
    others.map((o) => o as unknown as DefinitionLike),
  );
  return compileRuleSet(validationRulesOf(def), schema);
}

export function checkRules(def: FormDefinition, others: FormDefinition[]): DefinitionError[] {
  if (!def.rules?.length) return [];
  const index = new Map(def.rules.map((r, i) => [r.id, i]));
  return compileDefinitionRules(def, others).problems.map((p) => {
    const i = p.ruleId === undefined ? undefined : index.get(p.ruleId);
    const path = i === undefined ? 'rules' : `rules.${i}.${p.field ?? 'expr'}`;
    return err(path, `规则 ${p.ruleId}：${p.message['zh-CN']}`, `rule ${p.ruleId}: ${p.message['en-US']}`);
  });
}
