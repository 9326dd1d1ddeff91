/**
 * Register use cases (名录库): reference look-ups, unit search, create, update with optimistic
 * locking, status changes. Scope is enforced here: every unit query carries the actor's scope, so
 * a unit outside it is simply not found (404), for reads and writes alike. Each write runs in one
 * transaction with its audit event.
 */
import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, divisionInScope, type Role, scopeOf } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { containsPattern, prefixPattern } from '../../platform/sql-helpers.ts';
import type { CreateUnitRequest, UNIT_SORTS, UnitQuery, UnitView, UpdateUnitRequest } from './contract.ts';
import { checkCreditCode } from './domain/credit-code.ts';
import { REGISTRATION_TYPES } from './domain/registration-types.ts';
import { unitSearchGrams } from './domain/search-grams.ts';
import { type SizeClass, sizeClassOf } from './domain/size-class.ts';
import { registryProblems as P } from './problems.ts';
import { createReferenceCache, placeOf, type ReferenceCache } from './reference-cache.ts';
import {
  referenceLookups,
  registryDb,
  UNIT_COLUMNS,
  type UnitPredicate,
  type UnitRow,
  type UnitValues,
  whereUnits,
} from './repo.ts';

/** Roles that may change the register; designers and enterprises only read. */
export const REGISTER_WRITERS: readonly Role[] = [
  'admin',
  'city_statistician',
  'county_statistician',
  'township_statistician',
];

const num = (v: string | number | null) => (v === null ? null : Number(v));

export function toUnitView(r: UnitRow): UnitView {
  return {
    id: r.id,
    creditCode: r.credit_code,
    name: r.name,
    townshipCode: r.township_code,
    countyCode: r.county_code,
    cityCode: r.city_code,
    industryCode: r.industry_code,
    section: r.section_code,
    registrationType: r.registration_type,
    employees: r.employees,
    revenueThousandYuan: num(r.revenue_thousand_yuan),
    sizeClass: r.size_class as SizeClass | null,
    status: r.status as UnitView['status'],
    entryDate: r.entry_date,
    exitDate: r.exit_date,
    address: r.address,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    contactEmail: r.contact_email,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

const SORT_COLUMN: Record<
  string,
  'name' | 'credit_code' | 'employees' | 'revenue_thousand_yuan' | 'entry_date' | 'updated_at'
> = {
  name: 'name',
  creditCode: 'credit_code',
  employees: 'employees',
  revenue: 'revenue_thousand_yuan',
  entryDate: 'entry_date',
  updatedAt: 'updated_at',
};

const today = () => new Date().toISOString().slice(0, 10);

export function createRegistryService(deps: { db: Db }) {
  const db = registryDb(deps.db);
  const refs = createReferenceCache(db);
  const lookups = referenceLookups(db);

  /** Turns a search query into a predicate (codes of any level resolved), inside the actor's scope. */
  async function predicateOf(actor: Actor, q: Partial<UnitQuery>): Promise<UnitPredicate> {
    const p: UnitPredicate = { scope: scopeOf(actor) };
    if (q.q) p.q = q.q;
    if (q.division) p.division = await lookups.divisionFilter(q.division);
    if (q.industry?.length) {
      const letters = q.industry.filter((c) => /^[A-Z]$/.test(c));
      const prefixes = q.industry.filter((c) => !/^[A-Z]$/.test(c));
      if (letters.length && prefixes.length) p.industryClasses = await lookups.classesUnder(q.industry);
      else if (letters.length) p.sections = letters;
      else p.industryPrefixes = prefixes;
    }
    if (q.grouping?.length) {
      const known = await db
        .selectFrom('registry.industry_groupings')
        .select('id')
        .where('id', 'in', q.grouping)
        .execute();
      const missing = q.grouping.find((g) => !known.some((k) => k.id === g));
      if (missing) throw P.unknown_grouping({ id: missing });
      const classes = await lookups.groupingClasses(q.grouping);
      p.industryClasses = p.industryClasses ? p.industryClasses.filter((c) => classes.includes(c)) : classes;
    }
    if (q.size?.length) p.sizeClasses = q.size;
    if (q.status?.length) p.statuses = q.status;
    if (q.registrationType?.length) p.registrationTypes = q.registrationType;
    return p;
  }

  /** The unit if the actor may see it; otherwise the same 404 as for a unit that does not exist. */
  async function findInScope(actor: Actor, id: string, trx = db): Promise<UnitRow> {
    const row = await whereUnits(trx.selectFrom('registry.units').select(UNIT_COLUMNS), {
      scope: scopeOf(actor),
    })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw P.unit_not_found();
    return row;
  }

  /** Checks and completes the values of a write: place, industry, size class. */
  function derive(
    r: ReferenceCache,
    actor: Actor,
    v: Omit<UnitValues, 'county_code' | 'city_code' | 'section_code' | 'size_class'>,
  ): UnitValues {
    const place = placeOf(r, v.township_code);
    if (!place) throw P.unknown_division({ code: v.township_code });
    if (!divisionInScope(scopeOf(actor), v.township_code)) {
      throw P.division_out_of_scope({ code: v.township_code });
    }
    const industry = r.industries.get(v.industry_code);
    if (industry?.level !== 'class') throw P.unknown_industry({ code: v.industry_code });
    return {
      ...v,
      county_code: place.countyCode,
      city_code: place.cityCode,
      section_code: industry.section,
      size_class: sizeClassOf({
        industryCode: v.industry_code,
        employees: v.employees,
        revenueThousandYuan: v.revenue_thousand_yuan,
      }),
    };
  }

  function assertWriter(actor: Actor) {
    assertRole(actor, REGISTER_WRITERS);
  }

  return {
    refs,
    predicateOf,

    async listDivisions(q: { parent?: string; level?: string }) {
      let query = db.selectFrom('registry.divisions').selectAll().orderBy('code');
      if (q.parent) query = query.where('parent_code', '=', q.parent);
      if (q.level) query = query.where('level', '=', q.level);
      const rows = await query.execute();
      return rows.map((d) => ({
        code: d.code,
        name: d.name,
        level: d.level as 'city' | 'county' | 'township' | 'province',
        parentCode: d.parent_code,
      }));
    },

    /**
     * The contact of each unit (联系人), for delivery channels that need an address. Internal:
     * not an HTTP endpoint; callers decide who may cause a message to be sent.
     */
    async contactsOf(unitIds: readonly string[]) {
      const out = new Map<string, { name: string | null; phone: string | null; email: string | null }>();
      for (let i = 0; i < unitIds.length; i += 1000) {
        const rows = await db
          .selectFrom('registry.units')
          .select(['id', 'contact_name', 'contact_phone', 'contact_email'])
          .where('id', 'in', unitIds.slice(i, i + 1000))
          .execute();
        for (const r of rows)
          out.set(r.id, { name: r.contact_name, phone: r.contact_phone, email: r.contact_email });
      }
      return out;
    },

    async listIndustries(q: { parent?: string; level?: string; q?: string }) {
      let query = db.selectFrom('registry.industries').selectAll().orderBy('code');
      if (q.parent) query = query.where('parent_code', '=', q.parent);
      if (q.level) query = query.where('level', '=', q.level);
      if (q.q) {
        const [like, prefix] = [containsPattern(q.q), prefixPattern(q.q)];
        query = query.where((eb) => eb.or([eb('name', 'like', like), eb('code', 'like', prefix)]));
      }
      const rows = await query.execute();
      return rows.map((i) => ({
        code: i.code,
        name: i.name,
        level: i.level as 'section' | 'division' | 'group' | 'class',
        parentCode: i.parent_code,
        section: i.section,
      }));
    },

    async listGroupings() {
      const rows = await db.selectFrom('registry.industry_groupings').selectAll().orderBy('id').execute();
      return rows.map((g) => ({
        id: g.id,
        name: g.name,
        nameEn: g.name_en,
        source: g.source,
        codes: g.codes,
      }));
    },

    async listOffices(q: { level?: string; parent?: string }) {
      let query = db
        .selectFrom('registry.offices as o')
        .innerJoin('registry.divisions as d', 'd.code', 'o.division_code')
        .select(['o.id', 'o.name', 'o.level', 'o.division_code'])
        .orderBy('o.division_code');
      if (q.level) query = query.where('o.level', '=', q.level);
      if (q.parent) query = query.where('d.parent_code', '=', q.parent);
      const rows = await query.execute();
      return rows.map((o) => ({
        id: o.id,
        name: o.name,
        level: o.level as 'city' | 'county' | 'township',
        divisionCode: o.division_code,
      }));
    },

    registrationTypes() {
      return REGISTRATION_TYPES.map((t) => ({ ...t }));
    },

    /** Register search: filtered, sorted, paged, with the total. */
    async listUnits(actor: Actor, q: UnitQuery) {
      const p = await predicateOf(actor, q);
      const r = await refs.get();
      const base = whereUnits(db.selectFrom('registry.units'), p);
      const sort = q.sort as (typeof UNIT_SORTS)[number];
      const desc = sort.startsWith('-');
      const column = SORT_COLUMN[desc ? sort.slice(1) : sort];
      const [countRow, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        base
          .select(UNIT_COLUMNS)
          .orderBy(column, (ob) => (desc ? ob.desc() : ob.asc()).nullsLast())
          .orderBy('id')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
      ]);
      return {
        items: rows.map((row) => ({
          ...toUnitView(row),
          townshipName: r.divisions.get(row.township_code)?.name ?? null,
          countyName: r.divisions.get(row.county_code)?.name ?? null,
          industryName: r.industries.get(row.industry_code)?.name ?? null,
        })),
        total: Number(countRow.n),
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async getUnit(actor: Actor, id: string) {
      return toUnitView(await findInScope(actor, id));
    },

    async createUnit(ctx: RequestContext, input: CreateUnitRequest) {
      assertWriter(ctx.actor);
      const code = checkCreditCode(input.creditCode);
      if (!code.ok) throw P.bad_credit_code({ creditCode: input.creditCode, reason: code.reason });
      const values = derive(await refs.get(), ctx.actor, {
        credit_code: code.code,
        name: input.name,
        township_code: input.townshipCode,
        industry_code: input.industryCode,
        registration_type: input.registrationType,
        employees: input.employees ?? null,
        revenue_thousand_yuan: input.revenueThousandYuan ?? null,
        status: input.status ?? 'active',
        entry_date: input.entryDate ?? today(),
        exit_date: input.status === 'exited' ? today() : null,
        address: input.address ?? null,
        contact_name: input.contactName ?? null,
        contact_phone: input.contactPhone ?? null,
        contact_email: input.contactEmail ?? null,
      });
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('registry.units')
          .values({
            ...values,
            revenue_thousand_yuan: values.revenue_thousand_yuan?.toString() ?? null,
            search_grams: unitSearchGrams(values.name, values.credit_code),
          })
          .onConflict((oc) => oc.column('credit_code').doNothing())
          .returning(UNIT_COLUMNS)
          .executeTakeFirst();
        if (!row) throw P.credit_code_taken({ creditCode: code.code });
        const view = toUnitView(row);
        await recordAudit(trx, ctx, {
          action: 'unit.created',
          entityType: 'unit',
          entityId: row.id,
          after: view,
        });
        return view;
      });
    },

    async updateUnit(ctx: RequestContext, id: string, input: UpdateUnitRequest) {
      assertWriter(ctx.actor);
      const before = await findInScope(ctx.actor, id);
      let creditCode = before.credit_code;
      if (input.creditCode !== undefined) {
        const code = checkCreditCode(input.creditCode);
        if (!code.ok) throw P.bad_credit_code({ creditCode: input.creditCode, reason: code.reason });
        creditCode = code.code;
      }
      const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
      const values = derive(await refs.get(), ctx.actor, {
        credit_code: creditCode,
        name: pick(input.name, before.name),
        township_code: pick(input.townshipCode, before.township_code),
        industry_code: pick(input.industryCode, before.industry_code),
        registration_type: pick(input.registrationType, before.registration_type),
        employees: pick(input.employees, before.employees),
        revenue_thousand_yuan: pick(input.revenueThousandYuan, num(before.revenue_thousand_yuan)),
        status: before.status,
        entry_date: before.entry_date,
        exit_date: before.exit_date,
        address: pick(input.address, before.address),
        contact_name: pick(input.contactName, before.contact_name),
        contact_phone: pick(input.contactPhone, before.contact_phone),
        contact_email: pick(input.contactEmail, before.contact_email),
      });
      return db.transaction().execute(async (trx) => {
        if (creditCode !== before.credit_code) {
          const taken = await trx
            .selectFrom('registry.units')
            .select('id')
            .where('credit_code', '=', creditCode)
            .executeTakeFirst();
          if (taken) throw P.credit_code_taken({ creditCode });
        }
        const row = await trx
          .updateTable('registry.units')
          .set({
            ...values,
            revenue_thousand_yuan: values.revenue_thousand_yuan?.toString() ?? null,
            search_grams: unitSearchGrams(values.name, values.credit_code),
            updated_at: new Date(),
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .where('version', '=', input.version)
          .returning(UNIT_COLUMNS)
          .executeTakeFirst();
        if (!row) throw P.version_conflict();
        const after = toUnitView(row);
        await recordAudit(trx, ctx, {
          action: 'unit.updated',
          entityType: 'unit',
          entityId: id,
          before: toUnitView(before),
          after,
        });
        return after;
      });
    },

    /** 状态变更: active ⇄ suspended, → exited (with exit date), exited → active (re-entry). */
    async changeStatus(
      ctx: RequestContext,
      id: string,
      input: { version: number; status: 'active' | 'suspended' | 'exited'; date?: string; reason?: string },
    ) {
      assertWriter(ctx.actor);
      const before = await findInScope(ctx.actor, id);
      if (before.status === input.status) {
        throw P.bad_status_change({ reason: `already ${input.status}` });
      }
      const date = input.date ?? today();
      let set: { status: string; exit_date: string | null; entry_date?: string };
      if (input.status === 'exited') {
        if (date < before.entry_date) throw P.bad_status_change({ reason: 'exit date before entry date' });
        set = { status: 'exited', exit_date: date };
      } else if (before.status === 'exited') {
        // Re-entry (重新纳入): a new entry date, the exit cleared.
        set = { status: input.status, exit_date: null, entry_date: date };
      } else set = { status: input.status, exit_date: null };
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('registry.units')
          .set({ ...set, updated_at: new Date(), version: sql`version + 1` })
          .where('id', '=', id)
          .where('version', '=', input.version)
          .returning(UNIT_COLUMNS)
          .executeTakeFirst();
        if (!row) throw P.version_conflict();
        const after = toUnitView(row);
        await recordAudit(trx, ctx, {
          action: 'unit.status_changed',
          entityType: 'unit',
          entityId: id,
          before: toUnitView(before),
          after,
          details: { from: before.status, to: input.status, date, reason: input.reason ?? null },
        });
        return after;
      });
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
