/**
 * Expected reporters (应报单位) of a form in a period: units the scope rules select from the
 * register, plus manual additions, minus manual removals — so the list follows the register as
 * units enter, grow, move or exit. Rules are evaluated against the register as it is now.
 * Division scope is pushed down to the register query, so a county statistician's request reads
 * only that county's units.
 */
import type { Scope } from '../../platform/auth.ts';
import type { MatchedUnit, UnitMatchFilter } from '../registry/index.ts';
import type { ScopeRule } from './domain/definition.ts';
import { comparePeriods, type Period, parsePeriod } from './domain/periods.ts';
import type { OverrideRow } from './repo.ts';

// The register's own types, through its api (no structural copy to drift).
export type { MatchedUnit, UnitMatchFilter };

/** What the survey module needs of the register (handed in by app.ts). */
export interface SurveysRegister {
  unitsMatching(filter: UnitMatchFilter): Promise<MatchedUnit[]>;
  directory: { findUnit(id: string): Promise<{ id: string } | null> };
}

/** City codes (`330200`) cover every code starting with their first four digits. */
const divisionKey = (code: string) => (/^\d{4}00$/.test(code) ? code.slice(0, 4) : code);

/** The narrower of two divisions, or null when they do not overlap. */
export function narrowerDivision(a: string | undefined, b: string | undefined): string | null | undefined {
  if (!a) return b;
  if (!b) return a;
  const [ka, kb] = [divisionKey(a), divisionKey(b)];
  if (kb.startsWith(ka)) return b;
  if (ka.startsWith(kb)) return a;
  return null;
}

/** The division an actor's scope limits register reads to; null = nothing visible. */
export function scopeDivision(scope: Scope): string | undefined | null {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'division') return scope.code;
  return null;
}

export function ruleToFilter(rule: ScopeRule): UnitMatchFilter {
  return {
    ...(rule.sections ? { sections: rule.sections } : {}),
    ...(rule.industryCodes ? { industryCodes: rule.industryCodes } : {}),
    ...(rule.groupings ? { groupingIds: rule.groupings } : {}),
    ...(rule.sizeClasses ? { sizeClasses: rule.sizeClasses } : {}),
    ...(rule.minRevenueThousandYuan !== undefined
      ? { minRevenueThousandYuan: rule.minRevenueThousandYuan }
      : {}),
    ...(rule.minEmployees !== undefined ? { minEmployees: rule.minEmployees } : {}),
    ...(rule.registrationTypes ? { registrationTypes: rule.registrationTypes } : {}),
    ...(rule.division ? { divisionCode: rule.division } : {}),
  };
}

/** Whether an override is in force in a period. */
export function overrideApplies(
  o: Pick<OverrideRow, 'from_period' | 'until_period'>,
  period: Period,
): boolean {
  const from = parsePeriod(o.from_period);
  const until = o.until_period ? parsePeriod(o.until_period) : null;
  if (!from || from.frequency !== period.frequency) return false;
  if (comparePeriods(period, from) < 0) return false;
  return !until || comparePeriods(period, until) <= 0;
}

export interface ExpectedSet {
  units: (MatchedUnit & { basis: 'rule' | 'added' })[];
  counts: { expected: number; matchedByRules: number; added: number; removed: number };
}

/** Computes the expected reporters within a division (undefined = everywhere). */
export async function expectedUnits(
  register: SurveysRegister,
  rules: ScopeRule[],
  overrides: OverrideRow[],
  period: Period,
  division: string | undefined,
): Promise<ExpectedSet> {
  const byId = new Map<string, MatchedUnit & { basis: 'rule' | 'added' }>();
  for (const rule of rules) {
    const filter = ruleToFilter(rule);
    const d = narrowerDivision(filter.divisionCode, division);
    if (d === null) continue;
    for (const u of await register.unitsMatching({ ...filter, ...(d ? { divisionCode: d } : {}) })) {
      byId.set(u.id, { ...u, basis: 'rule' });
    }
  }
  const matchedByRules = byId.size;
  const inForce = overrides.filter((o) => !o.revoked_at && overrideApplies(o, period));
  const addIds = inForce.filter((o) => o.action === 'add' && !byId.has(o.unit_id)).map((o) => o.unit_id);
  let added = 0;
  if (addIds.length) {
    for (const u of await register.unitsMatching({
      unitIds: addIds,
      ...(division ? { divisionCode: division } : {}),
    })) {
      byId.set(u.id, { ...u, basis: 'added' });
      added++;
    }
  }
  let removed = 0;
  for (const o of inForce) {
    if (o.action === 'remove' && byId.delete(o.unit_id)) removed++;
  }
  const units = [...byId.values()].sort((a, b) =>
    a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0,
  );
  return { units, counts: { expected: units.length, matchedByRules, added, removed } };
}
