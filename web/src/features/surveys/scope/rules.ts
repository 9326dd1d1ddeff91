/**
 * Scope rules (报送范围规则) as the editor's form holds them and as the server takes them: empty
 * lists and blank numbers are dropped (the contract wants every list it gets non-empty), codes are
 * trimmed, and a rule with no criterion is flagged — it would take in every active unit. Pure.
 */
import type { ScopeRule } from '../api.ts';

/** One rule in the form: every criterion optional, lists possibly empty. */
export interface RuleValues {
  sections?: string[];
  industryCodes?: string[];
  groupings?: string[];
  minRevenueThousandYuan?: number | null;
  minEmployees?: number | null;
  sizeClasses?: string[];
  registrationTypes?: string[];
  division?: string | null;
}

const LISTS = ['sections', 'industryCodes', 'groupings', 'sizeClasses', 'registrationTypes'] as const;
const NUMBERS = ['minRevenueThousandYuan', 'minEmployees'] as const;

/** 2- to 4-digit industry code prefix (大类/中类/小类). */
export const INDUSTRY_PREFIX = /^\d{2,4}$/;

export function valuesFromRule(rule: ScopeRule): RuleValues {
  return { ...rule };
}

/** The rule the server takes: only the criteria that were set. */
export function ruleFromValues(v: RuleValues): ScopeRule {
  const out: Record<string, unknown> = {};
  for (const k of LISTS) {
    const list = [...new Set((v[k] ?? []).map((x) => x.trim()).filter(Boolean))];
    if (list.length) out[k] = list;
  }
  for (const k of NUMBERS) {
    const n = v[k];
    if (typeof n === 'number' && Number.isFinite(n)) out[k] = n;
  }
  if (v.division) out.division = v.division;
  return out as ScopeRule;
}

/** True when a rule sets no criterion at all. */
export function isEmptyRule(rule: ScopeRule): boolean {
  return Object.keys(rule).length === 0;
}

/** The rules to send, and the (1-based) numbers of those that set nothing. */
export function rulesFromValues(values: RuleValues[]): { rules: ScopeRule[]; empty: number[] } {
  const rules = values.map(ruleFromValues);
  const empty = rules.flatMap((r, i) => (isEmptyRule(r) ? [i + 1] : []));
  return { rules, empty };
}
