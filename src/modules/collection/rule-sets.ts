/**
 * Compiled rule sets (审核公式) per form version, compiled once and kept: a stored version's
 * definition never changes, so the cache key is the version plus the versions of the other
 * forms its rules read (`[B204-1]B01.current`).
 */
import type { Logger } from '../../platform/logging.ts';
import { compileDefinitionRules, type FormDefinition } from '../surveys/index.ts';
import type { CompiledRuleSet } from '../validation/index.ts';

/** A form version in force, as the surveys module hands it over. */
export interface VersionInForce {
  versionId: string;
  number: number;
  definition: FormDefinition;
}

export function createRuleSetCache(logger: Logger) {
  const cache = new Map<string, CompiledRuleSet>();
  return {
    /** The compiled rules of a version, with the other forms' versions it was typed against. */
    get(own: VersionInForce, others: VersionInForce[]): CompiledRuleSet {
      const key = [own.versionId, ...others.map((o) => o.versionId).sort()].join('|');
      let set = cache.get(key);
      if (set) return set;
      const compiled = compileDefinitionRules(
        own.definition,
        others.map((o) => o.definition),
      );
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
