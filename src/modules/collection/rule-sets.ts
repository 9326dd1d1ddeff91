/**
 * Compiled rule sets (审核公式) per form version, compiled once and kept: a stored version's
 * definition never changes, so the cache key is the version plus the versions of the other
 * forms its rules read (`[B204-1]B01.current`).
 */
import type { Logger } from '../../platform/logging.ts';
import type { FormDefinition } from '../surveys/index.ts';
import {
  type CompiledRuleSet,
  compileRuleSet,
  type DefinitionLike,
  schemaFromDefinition,
  type ValidationRule,
} from '../validation/index.ts';

/** A form version in force, as the surveys module hands it over. */
export interface VersionInForce {
  versionId: string;
  number: number;
  definition: FormDefinition;
}

/** The form codes a definition's rules and messages name in brackets. */
export function referencedForms(def: FormDefinition): string[] {
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

export function createRuleSetCache(logger: Logger) {
  const cache = new Map<string, CompiledRuleSet>();
  return {
    /** The compiled rules of a version, with the other forms' versions it was typed against. */
    get(own: VersionInForce, others: VersionInForce[]): CompiledRuleSet {
      const key = [own.versionId, ...others.map((o) => o.versionId).sort()].join('|');
      let set = cache.get(key);
      if (set) return set;
      const rules: ValidationRule[] = (own.definition.rules ?? []).map((r) => ({
        id: r.id,
        expr: r.expr,
        severity: r.severity,
        message: r.message,
        ...(r.description ? { description: r.description } : {}),
      }));
      const schema = schemaFromDefinition(
        own.definition as unknown as DefinitionLike,
        others.map((o) => o.definition as unknown as DefinitionLike),
      );
      const compiled = compileRuleSet(rules, schema);
      if (compiled.problems.length) {
        // Definitions are checked at import; a rule that still does not compile is left out
        // (it cannot block anyone) and said loudly once.
        logger.warn(
          { form: own.definition.form.code, version: own.number, problems: compiled.problems.length },
          'rules left out: they do not compile',
        );
      }
      set = compiled.ruleSet;
      cache.set(key, set);
      return set;
    },
    get size() {
      return cache.size;
    },
  };
}
