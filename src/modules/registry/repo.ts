/**
 * The register's SQL (schema `registry`): table types and the reusable filter that every unit
 * query — list, export, scope checks, reporting-scope matching — is built from.
 */
import type { ExpressionBuilder, Generated, Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Scope } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { containsPattern, prefixPattern } from '../../platform/sql-helpers.ts';
import { searchGrams, unitSearchGrams } from './domain/search-grams.ts';

export interface RegistryTables {
  'registry.divisions': {
    code: string;
    name: string;
    level: string;
    parent_code: string | null;
    source: string | null;
  };
  'registry.industries': {
    code: string;
    level: string;
    parent_code: string | null;
    section: string;
    name: string;
  };
  'registry.industry_groupings': {
    id: string;
    name: string;
    name_en: string | null;
    source: string | null;
    codes: string[];
  };
  'registry.offices': { id: string; name: string; level: string; division_code: string };
  'registry.units': {
    id: Generated<string>;
    credit_code: string;
    name: string;
    township_code: string;
    county_code: string;
    city_code: string;
    industry_code: string;
    section_code: string;
    registration_type: string;
    employees: number | null;
    revenue_thousand_yuan: string | null;
    size_class: string | null;
    status: Generated<string>;
    entry_date: string;
    exit_date: string | null;
    address: string | null;
    contact_name: string | null;
    contact_phone: string | null;
    contact_email: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
    /** Characters and character pairs of name and credit code, for text search (domain/search-grams.ts). */
    search_grams: string[];
  };
  'registry.import_batches': {
    id: Generated<string>;
    account_id: string;
    file_name: string | null;
    format: string;
    mode: string;
    status: Generated<string>;
    total_rows: number;
    valid_rows: number;
    inserts: number;
    updates: number;
    rows: unknown;
    errors: unknown;
    created_at: Generated<Date>;
    expires_at: Date;
    confirmed_at: Date | null;
  };
}

export type UnitRow = Omit<Selectable<RegistryTables['registry.units']>, 'search_grams'>;

/** Every unit column a read needs (not the search grams). */
export const UNIT_COLUMNS = [
  'id',
  'credit_code',
  'name',
  'township_code',
  'county_code',
  'city_code',
  'industry_code',
  'section_code',
  'registration_type',
  'employees',
  'revenue_thousand_yuan',
  'size_class',
  'status',
  'entry_date',
  'exit_date',
  'address',
  'contact_name',
  'contact_phone',
  'contact_email',
  'created_at',
  'updated_at',
  'version',
] as const;
export type RegistryDb = Kysely<RegistryTables>;
export const registryDb = (db: Db) => db as unknown as RegistryDb;

/** A resolved filter on units: every field narrows; codes are already checked and expanded. */
export interface UnitPredicate {
  scope?: Scope;
  q?: string;
  /** Division of any level: which unit column to compare. */
  division?: { column: 'city_code' | 'county_code' | 'township_code'; code: string } | { none: true };
  sections?: string[];
  /** Industry code prefixes (2, 3 or 4 digits). */
  industryPrefixes?: string[];
  /** Class codes from groupings (already expanded). */
  industryClasses?: string[];
  sizeClasses?: string[];
  statuses?: string[];
  registrationTypes?: string[];
  minRevenueThousandYuan?: number;
  minEmployees?: number;
  unitIds?: string[];
}

type UnitEb = ExpressionBuilder<RegistryTables, 'registry.units'>;

/** The WHERE conditions of a predicate, for any query over `registry.units`. */
export function unitConditions(eb: UnitEb, p: UnitPredicate) {
  const and = [];
  const s = p.scope;
  if (s) {
    if (s.kind === 'none') and.push(sql<boolean>`false`);
    else if (s.kind === 'unit') and.push(eb('id', '=', s.unitId));
    else if (s.kind === 'division') {
      const col = s.level === 'city' ? 'city_code' : s.level === 'county' ? 'county_code' : 'township_code';
      and.push(eb(col, '=', s.code));
    }
  }
  if (p.q) {
    const like = containsPattern(p.q);
    // The GIN-indexed grams narrow to candidates; the substring test then makes it exact
    // (see migration 20261125_0120_registry_search).
    const grams = searchGrams(p.q);
    if (grams.length) and.push(sql<boolean>`search_grams @> ${grams}::text[]`);
    // Only letters and digits can occur in a credit code.
    and.push(
      /^[0-9a-z]+$/i.test(p.q)
        ? eb.or([eb('name', 'ilike', like), eb('credit_code', 'ilike', like)])
        : eb('name', 'ilike', like),
    );
  }
  if (p.division) {
    if ('none' in p.division) and.push(sql<boolean>`false`);
    else and.push(eb(p.division.column, '=', p.division.code));
  }
  if (p.sections?.length) and.push(eb('section_code', 'in', p.sections));
  if (p.industryPrefixes?.length) {
    and.push(eb.or(p.industryPrefixes.map((c) => eb('industry_code', 'like', prefixPattern(c)))));
  }
  if (p.industryClasses) {
    and.push(p.industryClasses.length ? eb('industry_code', 'in', p.industryClasses) : sql<boolean>`false`);
  }
  if (p.sizeClasses?.length) and.push(eb('size_class', 'in', p.sizeClasses));
  if (p.statuses?.length) and.push(eb('status', 'in', p.statuses));
  if (p.registrationTypes?.length) and.push(eb('registration_type', 'in', p.registrationTypes));
  if (p.minRevenueThousandYuan !== undefined) {
    and.push(eb('revenue_thousand_yuan', '>=', String(p.minRevenueThousandYuan)));
  }
  if (p.minEmployees !== undefined) and.push(eb('employees', '>=', p.minEmployees));
  if (p.unitIds) and.push(p.unitIds.length ? eb('id', 'in', p.unitIds) : sql<boolean>`false`);
  return eb.and(and);
}

/** Applies a predicate to a query over `registry.units`. */
export function whereUnits<O>(
  q: SelectQueryBuilder<RegistryTables, 'registry.units', O>,
  p: UnitPredicate,
): SelectQueryBuilder<RegistryTables, 'registry.units', O> {
  return q.where((eb) => unitConditions(eb, p));
}

const DIVISION_COLUMN = {
  city: 'city_code',
  county: 'county_code',
  township: 'township_code',
} as const;

/**
 * Helpers that read reference tables to resolve codes of any level: a division code to the unit
 * column it filters, a grouping to its class codes.
 */
export function referenceLookups(db: RegistryDb) {
  return {
    async divisionFilter(code: string): Promise<UnitPredicate['division']> {
      const d = await db
        .selectFrom('registry.divisions')
        .select(['code', 'level'])
        .where('code', '=', code)
        .executeTakeFirst();
      if (!d || !(d.level in DIVISION_COLUMN)) {
        // A province code covers every unit whose city lies in it.
        if (d?.level === 'province') return undefined;
        return { none: true };
      }
      return { column: DIVISION_COLUMN[d.level as keyof typeof DIVISION_COLUMN], code: d.code };
    },
    /** Class codes (level 'class') under codes of any level (section letters or digit prefixes). */
    async classesUnder(codes: string[]): Promise<string[]> {
      if (!codes.length) return [];
      const rows = await db
        .selectFrom('registry.industries')
        .select('code')
        .where('level', '=', 'class')
        .where((eb) =>
          eb.or(
            codes.map((c) =>
              /^[A-Z]$/.test(c) ? eb('section', '=', c) : eb('code', 'like', prefixPattern(c)),
            ),
          ),
        )
        .execute();
      return rows.map((r) => r.code);
    },
    /** Class codes covered by the groupings' code lists. */
    async groupingClasses(ids: string[]): Promise<string[]> {
      if (!ids.length) return [];
      const groups = await db
        .selectFrom('registry.industry_groupings')
        .select(['codes'])
        .where('id', 'in', ids)
        .execute();
      return this.classesUnder([...new Set(groups.flatMap((g) => g.codes))]);
    },
  };
}

/** The columns a write sets (everything but ids, timestamps and version). */
export interface UnitValues {
  credit_code: string;
  name: string;
  township_code: string;
  county_code: string;
  city_code: string;
  industry_code: string;
  section_code: string;
  registration_type: string;
  employees: number | null;
  revenue_thousand_yuan: number | null;
  size_class: string | null;
  status: string;
  entry_date: string;
  exit_date: string | null;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
}

const RECORD_TYPE = sql.raw(`(
  id uuid, credit_code text, name text, township_code text, county_code text, city_code text,
  industry_code text, section_code text, registration_type text, employees integer,
  revenue_thousand_yuan numeric, size_class text, status text, entry_date date, exit_date date,
  address text, contact_name text, contact_phone text, contact_email text, search_grams text[])`);

const COLUMNS = sql.raw(`credit_code, name, township_code, county_code, city_code, industry_code,
  section_code, registration_type, employees, revenue_thousand_yuan, size_class, status,
  entry_date, exit_date, address, contact_name, contact_phone, contact_email, search_grams`);

const withGrams = (rows: UnitValues[]) =>
  JSON.stringify(rows.map((r) => ({ ...r, search_grams: unitSearchGrams(r.name, r.credit_code) })));

/**
 * Inserts many units with one statement per chunk: the rows travel as one jsonb parameter
 * (`jsonb_to_recordset`), which is far faster than thousands of bind parameters on PGlite.
 */
export async function insertUnits(
  db: Kysely<any>,
  rows: UnitValues[],
  chunk = 2000,
): Promise<{ id: string; credit_code: string }[]> {
  const out: { id: string; credit_code: string }[] = [];
  const bulk = rows.length > 500;
  // Bulk loads: the GIN search index collects new entries in its pending list and merges them
  // once at the end (sorted, far cheaper than entry by entry); merged, searches stay fast even
  // on PGlite, which has no autovacuum to do it later.
  if (bulk) await sql`set local gin_pending_list_limit = '64MB'`.execute(db);
  for (let i = 0; i < rows.length; i += chunk) {
    const r = await sql<{ id: string; credit_code: string }>`
      insert into registry.units (${COLUMNS})
      select ${COLUMNS} from jsonb_to_recordset(${withGrams(rows.slice(i, i + chunk))}::jsonb)
        as v ${RECORD_TYPE}
      returning id, credit_code`.execute(db);
    out.push(...r.rows);
  }
  if (bulk) await mergeSearchIndex(db);
  return out;
}

/** Merges the search index's pending entries (see insertUnits). */
async function mergeSearchIndex(db: Kysely<any>) {
  await sql`select gin_clean_pending_list('registry.units_search_grams_idx'::regclass)`.execute(db);
}

/** Updates many units by id (bumping version), one statement per chunk. */
export async function updateUnits(
  db: Kysely<any>,
  rows: (UnitValues & { id: string })[],
  chunk = 2000,
): Promise<number> {
  let n = 0;
  if (rows.length > 500) await sql`set local gin_pending_list_limit = '64MB'`.execute(db);
  for (let i = 0; i < rows.length; i += chunk) {
    const r = await sql`
      update registry.units u set
        credit_code = v.credit_code, name = v.name, township_code = v.township_code,
        county_code = v.county_code, city_code = v.city_code, industry_code = v.industry_code,
        section_code = v.section_code, registration_type = v.registration_type,
        employees = v.employees, revenue_thousand_yuan = v.revenue_thousand_yuan,
        size_class = v.size_class, status = v.status, entry_date = v.entry_date,
        exit_date = v.exit_date, address = v.address, contact_name = v.contact_name,
        contact_phone = v.contact_phone, contact_email = v.contact_email,
        search_grams = v.search_grams, updated_at = now(), version = u.version + 1
      from jsonb_to_recordset(${withGrams(rows.slice(i, i + chunk))}::jsonb) as v ${RECORD_TYPE}
      where u.id = v.id`.execute(db);
    n += Number(r.numAffectedRows ?? 0);
  }
  if (rows.length > 500) await mergeSearchIndex(db);
  return n;
}
