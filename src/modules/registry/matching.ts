/**
 * Reporting-scope matching (报送范围): which active units a rule such as "section C and annual
 * revenue ≥ 20 million yuan" selects. The survey module calls this through the registry's api.
 */
import type { Db } from '../../platform/db.ts';
import { referenceLookups, registryDb, type UnitPredicate, whereUnits } from './repo.ts';

/**
 * A rule over the register. Every given field narrows the result (AND); within a list any value
 * matches (OR). Industry codes may be of any level (section letter, 2-, 3- or 4-digit prefix).
 */
export interface UnitMatchFilter {
  sections?: string[];
  /** GB/T 4754-2017 codes of any level, matched as prefixes ('C' or '13' or '131' or '1311'). */
  industryCodes?: string[];
  /** Ids of named industry groupings (e.g. 'high-tech-manufacturing'). */
  groupingIds?: string[];
  sizeClasses?: string[];
  minRevenueThousandYuan?: number;
  minEmployees?: number;
  /** Division of any level (city, county or township code). */
  divisionCode?: string;
  registrationTypes?: string[];
  unitIds?: string[];
  /**
   * Register statuses to include; default active only (a scope rule selects active units). Lookups
   * by id for display or review pass every status, so a unit suspended after it reported stays visible.
   */
  statuses?: UnitStatus[];
}

export type UnitStatus = 'active' | 'suspended' | 'exited';
/** Every register status, for lookups by id. */
export const ALL_STATUSES: UnitStatus[] = ['active', 'suspended', 'exited'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One matched unit: enough for the survey module to build its list of expected reporters. */
export interface MatchedUnit {
  id: string;
  creditCode: string;
  name: string;
  townshipCode: string;
  countyCode: string;
  industryCode: string;
  sizeClass: string | null;
}

/** Resolves a match filter to a unit predicate (codes of any level, groupings expanded). */
export async function resolveMatchFilter(db: Db, f: UnitMatchFilter): Promise<UnitPredicate> {
  const lookups = referenceLookups(registryDb(db));
  const p: UnitPredicate = { statuses: f.statuses?.length ? f.statuses : ['active'] };
  if (f.sections?.length) p.sections = f.sections;
  if (f.industryCodes?.length) {
    const letters = f.industryCodes.filter((c) => /^[A-Z]$/.test(c));
    const prefixes = f.industryCodes.filter((c) => !/^[A-Z]$/.test(c));
    // Sections given as industry codes combine with prefixes by OR, like any list here.
    if (letters.length && prefixes.length) {
      const classes = await lookups.classesUnder([...letters, ...prefixes]);
      p.industryClasses = classes;
    } else if (letters.length) {
      p.sections = p.sections ? p.sections.filter((s) => letters.includes(s)) : letters;
    } else p.industryPrefixes = prefixes;
  }
  if (f.groupingIds?.length) {
    const classes = await lookups.groupingClasses(f.groupingIds);
    p.industryClasses = p.industryClasses ? p.industryClasses.filter((c) => classes.includes(c)) : classes;
  }
  if (f.sizeClasses?.length) p.sizeClasses = f.sizeClasses;
  if (f.minRevenueThousandYuan !== undefined) p.minRevenueThousandYuan = f.minRevenueThousandYuan;
  if (f.minEmployees !== undefined) p.minEmployees = f.minEmployees;
  if (f.divisionCode) p.division = await lookups.divisionFilter(f.divisionCode);
  if (f.registrationTypes?.length) p.registrationTypes = f.registrationTypes;
  // Ids that are not UUIDs cannot match (and must not reach a uuid comparison as an error).
  if (f.unitIds) p.unitIds = f.unitIds.filter((id) => UUID.test(id));
  return p;
}

/** Units matching the filter (active ones unless `statuses` says otherwise), ordered by credit code. */
export async function unitsMatching(db: Db, f: UnitMatchFilter): Promise<MatchedUnit[]> {
  const p = await resolveMatchFilter(db, f);
  const rows = await whereUnits(
    registryDb(db)
      .selectFrom('registry.units')
      .select(['id', 'credit_code', 'name', 'township_code', 'county_code', 'industry_code', 'size_class']),
    p,
  )
    .orderBy('credit_code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    creditCode: r.credit_code,
    name: r.name,
    townshipCode: r.township_code,
    countyCode: r.county_code,
    industryCode: r.industry_code,
    sizeClass: r.size_class,
  }));
}
