/**
 * Live maintenance of the aggregates (汇总实时更新): an approval adds the submission's values to
 * every cell it belongs to, a reopening or a withdrawal subtracts exactly what was added — both
 * inside the review decision's transaction, so the aggregates change with the approval or not at
 * all. The microdata row (`aggregation.reports`) keeps the classification, cell keys and values
 * used, which is what makes the subtraction exact. A full recompute rebuilds the cells from the
 * current reports in SQL; the two always agree (maintenance.test.ts applies random sequences).
 *
 * A cell row holds every item's total and unit count as arrays, positioned by the form's item
 * dictionary (`aggregation.form_items`), so an approval writes one row per cell (~22), not one
 * per cell and item (~2,200).
 *
 * Lock order: every cell write is one INSERT … ON CONFLICT over rows sorted by key, so two
 * approvals touching the same cells (the city total always) wait for each other instead of
 * deadlocking.
 */
import { sql } from 'kysely';
import type { Db, Engine } from '../../platform/db.ts';
import { type CellKeysOf, compileCuts, STANDARD_CUTS } from './domain/cuts.ts';
import { additiveItems } from './domain/items.ts';
import type { CollectionPort, RegistryPort, SurveysPort } from './ports.ts';
import { aggregationProblems as P } from './problems.ts';
import { rollUp } from './recompute.ts';

export interface SubmissionKey {
  unitId: string;
  formId: string;
  period: string;
}

/** What an approval needs that lives outside its transaction, loaded before it starts. */
export interface PreparedApproval {
  formVersion: number;
  items: ReadonlySet<string>;
  keysOf: CellKeysOf;
}

/** Splits `cut:v1/v2` into the two columns cells are stored under. */
export function splitKeys(keys: readonly string[]) {
  const cuts: string[] = [];
  const cells: string[] = [];
  for (const key of keys) {
    const i = key.indexOf(':');
    cuts.push(key.slice(0, i));
    cells.push(key.slice(i + 1));
  }
  return { cuts, cells };
}

export function createMaintenance(deps: {
  db: Db;
  engine?: Engine;
  collection: () => CollectionPort;
  registry: () => RegistryPort;
  surveys: () => SurveysPort;
}) {
  // Form versions never change once stored, so their additive items are cached for good.
  const itemsByVersion = new Map<string, ReadonlySet<string>>();
  let keysOf: Promise<CellKeysOf> | null = null;

  async function cellKeys(): Promise<CellKeysOf> {
    if (!keysOf) {
      keysOf = deps
        .registry()
        .groupings()
        .then((gs) => compileCuts(STANDARD_CUTS, gs));
      keysOf.catch(() => {
        keysOf = null;
      });
    }
    return keysOf;
  }

  async function itemsOf(formId: string, number: number): Promise<ReadonlySet<string>> {
    const key = `${formId}#${number}`;
    let items = itemsByVersion.get(key);
    if (!items) {
      const version = await deps.surveys().versionByNumber(formId, number);
      if (!version) throw P.form_version_not_found({ number: String(number) });
      items = additiveItems(version.model);
      itemsByVersion.set(key, items);
    }
    return items;
  }

  /** Values split into the aggregated items and every other numeric value, as parallel arrays. */
  function additive(values: Record<string, string>, items: ReadonlySet<string>) {
    const names = Object.keys(values).sort();
    const aggregated = names.filter((k) => items.has(k));
    const others = names.filter((k) => !items.has(k));
    return {
      items: aggregated,
      vals: aggregated.map((n) => values[n]!),
      otherItems: others,
      otherVals: others.map((n) => values[n]!),
    };
  }

  /** A period whose cells are not kept (cold_periods): only its reports change. */
  const isCold = sql<boolean>`exists (select 1 from aggregation.cold_periods cp
    where cp.form_id = r.form_id and cp.period = r.period)`;

  // Each form's item dictionary (item → position in the cells' arrays). Positions never change
  // once given, so the cache can only be incomplete, never wrong.
  const ordsByForm = new Map<string, Map<string, number>>();

  async function loadOrds(db: Db, formId: string): Promise<Map<string, number>> {
    const rows = (
      await sql<{ item: string; ord: number }>`
        select item, ord from aggregation.form_items where form_id = ${formId}`.execute(db)
    ).rows;
    const ords = new Map(rows.map((r) => [r.item, r.ord]));
    ordsByForm.set(formId, ords);
    return ords;
  }

  /**
   * Positions for the items, giving new ones the next free positions. Run outside an approval's
   * transaction (in `prepare`) or inside a recompute's own: the advisory lock makes two processes
   * giving out positions for the same form take turns.
   */
  async function ensureOrds(db: Db, formId: string, items: Iterable<string>): Promise<Map<string, number>> {
    let ords = ordsByForm.get(formId) ?? (await loadOrds(db, formId));
    const missing = [...new Set(items)].filter((i) => !ords.has(i)).sort();
    if (!missing.length) return ords;
    const give = async (trx: Db) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`aggregation.form_items:${formId}`}))`.execute(trx);
      await sql`
        insert into aggregation.form_items (form_id, item, ord)
        select ${formId}::uuid, x.item,
               coalesce((select max(ord) from aggregation.form_items where form_id = ${formId}), 0)
                 + row_number() over (order by x.item)
          from unnest(${missing}::text[]) as x(item)
         where not exists (select 1 from aggregation.form_items f
                            where f.form_id = ${formId} and f.item = x.item)`.execute(trx);
      return loadOrds(trx, formId);
    };
    ords = deps.db === db ? await db.transaction().execute(give) : await give(db);
    return ords;
  }

  /** Positions of items that already have one (a report's items were given theirs when approved). */
  async function ordsOf(db: Db, formId: string, items: readonly string[]): Promise<Map<string, number>> {
    const cached = ordsByForm.get(formId);
    if (cached && items.every((i) => cached.has(i))) return cached;
    return ensureOrds(db, formId, items);
  }

  /** A report's values as dense arrays by position: totals (null where absent) and unit counts. */
  function denseArrays(
    ords: Map<string, number>,
    items: readonly string[],
    vals: readonly string[],
    sign: 1 | -1,
  ) {
    let n = 0;
    for (const item of items) n = Math.max(n, ords.get(item)!);
    const totals: (string | null)[] = new Array(n).fill(null);
    const units: number[] = new Array(n).fill(0);
    items.forEach((item, i) => {
      const at = ords.get(item)! - 1;
      const v = vals[i]!;
      totals[at] = sign === 1 ? v : v.startsWith('-') ? v.slice(1) : `-${v}`;
      units[at] = sign;
    });
    return { totals, units };
  }

  /** Adds (or, with sign −1, subtracts) one report's values to the cells of its keys, in key order. */
  async function addToCells(
    trx: Db,
    k: { formId: string; period: string },
    keys: readonly string[],
    arrays: { totals: (string | null)[]; units: number[] },
  ) {
    const { cuts, cells } = splitKeys(keys);
    await sql`
      insert into aggregation.cells as c (form_id, period, cut, cell, totals, units)
      select ${k.formId}::uuid, ${k.period}, k.cut, k.cell, ${arrays.totals}::numeric[], ${arrays.units}::int[]
        from unnest(${cuts}::text[], ${cells}::text[]) as k(cut, cell)
       order by 3, 4
      on conflict (form_id, period, cut, cell) do update
        set totals = aggregation.add_totals(c.totals, excluded.totals),
            units = aggregation.add_units(c.units, excluded.units)`.execute(trx);
  }

  async function withdrawCurrent(trx: Db, k: SubmissionKey, by: string): Promise<boolean> {
    const row = (
      await sql<{ cell_keys: string[]; items: string[]; vals: string[]; cold: boolean }>`
        update aggregation.reports r
           set withdrawn_at = now(), withdrawn_by = ${by}
         where unit_id = ${k.unitId} and form_id = ${k.formId} and period = ${k.period}
           and withdrawn_at is null
        returning cell_keys, items, vals::text[] as vals, ${isCold} as cold`.execute(trx)
    ).rows[0];
    if (!row) return false;
    if (row.cold || !row.items.length) return true;
    const ords = await ordsOf(trx, k.formId, row.items);
    await addToCells(trx, k, row.cell_keys, denseArrays(ords, row.items, row.vals, -1));
    // Cells no unit contributes to any more go: a recomputation would not have them.
    const { cuts, cells } = splitKeys(row.cell_keys);
    await sql`
      delete from aggregation.cells c
       using unnest(${cuts}::text[], ${cells}::text[]) as k(cut, cell)
       where c.form_id = ${k.formId} and c.period = ${k.period}
         and c.cut = k.cut and c.cell = k.cell and 0 = all(c.units)`.execute(trx);
    return true;
  }

  /**
   * Full recompute (全量重算) of the cells of a form × period (or all) from the current
   * microdata, one transaction per form × period, following `planRollup`: a few cuts are summed
   * from the reports, the others rolled up from the smallest finer cut, each into a temporary
   * table; then every cut's cells are written as one row each. Returns the form × periods rebuilt.
   */
  async function recomputeCells(db: Db, q: { formId?: string; period?: string } = {}) {
    const targets = (
      await sql<{ form_id: string; period: string }>`
        select form_id, period from (
          select distinct form_id, period from aggregation.reports where withdrawn_at is null
          union
          select distinct form_id, period from aggregation.cells) t
         where true
           ${q.formId ? sql`and form_id = ${q.formId}` : sql``}
           ${q.period ? sql`and period = ${q.period}` : sql``}
         order by period, form_id`.execute(db)
    ).rows;
    const groupings = await deps.registry().groupings();
    for (const t of targets) {
      await db.transaction().execute(async (trx) => {
        await sql`delete from aggregation.cells where form_id = ${t.form_id} and period = ${t.period}`.execute(
          trx,
        );
        const current = (
          await sql<{ n: number; items: string[] }>`
            select count(*)::int as n,
                   coalesce((select array_agg(distinct i) from aggregation.reports r2 cross join unnest(r2.items) as i
                              where r2.form_id = ${t.form_id} and r2.period = ${t.period} and r2.withdrawn_at is null),
                            '{}') as items
              from aggregation.reports
             where form_id = ${t.form_id} and period = ${t.period} and withdrawn_at is null`.execute(trx)
        ).rows[0]!;
        if (current.n === 0) return;
        const ords = await ensureOrds(trx, t.form_id, current.items);
        // The hash aggregates hold a numeric state per group; PGlite's WASM heap is small, so
        // only on a server.
        if (deps.engine === 'postgres') await sql`set local work_mem = '256MB'`.execute(trx);
        await rollUp(
          trx,
          { formId: t.form_id, period: t.period },
          current.n,
          Math.max(...ords.values()),
          groupings,
        );
      });
    }
    return targets.map((t) => ({ formId: t.form_id, period: t.period }));
  }

  return {
    cellKeys,
    itemsOf,

    /** Loads (or finds cached) what `approve` needs; call before the approving transaction. */
    async prepare(k: SubmissionKey): Promise<PreparedApproval | null> {
      const status = await deps.collection().status(deps.db, k);
      if (!status) return null;
      const items = await itemsOf(k.formId, status.form_version_number);
      // Positions for the version's items are given out here, outside the decision's transaction.
      await ensureOrds(deps.db, k.formId, items);
      return { formVersion: status.form_version_number, items, keysOf: await cellKeys() };
    },

    /**
     * Final approval (审核通过): the submission becomes the current vintage of the microdata and
     * is added to its cells. A current vintage already there (never after a proper reopen) is
     * withdrawn first, so approving twice cannot count a unit twice.
     */
    async approve(trx: Db, k: SubmissionKey, by: string, prepared: PreparedApproval): Promise<void> {
      const status = await deps.collection().status(trx, k);
      if (!status) throw P.submission_not_found();
      // The unit saved under another form version after `prepare` read it: the caller's own
      // version check fails the same way, so this is the same conflict.
      if (status.form_version_number !== prepared.formVersion) throw P.changed_meanwhile();
      const [values, classes] = await Promise.all([
        deps.collection().numericValues(trx, k),
        deps.registry().classifications(trx, [k.unitId]),
      ]);
      const cls = classes.get(k.unitId);
      if (!cls) throw P.unit_not_found();
      const keys = prepared.keysOf(cls);
      const { items, vals, otherItems, otherVals } = additive(values, prepared.items);
      await withdrawCurrent(trx, k, by);
      const inserted = (
        await sql<{ cold: boolean }>`
          insert into aggregation.reports as r (unit_id, form_id, period, vintage, form_version, township,
                 industry_class, size_class, registration_type, cell_keys, items, vals, other_items,
                 other_vals, approved_at, approved_by)
          select ${k.unitId}::uuid, ${k.formId}::uuid, ${k.period}, coalesce(max(vintage), 0) + 1,
                 ${status.form_version_number}::int, ${cls.township}, ${cls.industryClass}, ${cls.sizeClass},
                 ${cls.registrationType}, ${keys}::text[], ${items}::text[], ${vals}::numeric[],
                 ${otherItems}::text[], ${otherVals}::numeric[], now(), ${by}
            from aggregation.reports
           where unit_id = ${k.unitId} and form_id = ${k.formId} and period = ${k.period}
          returning ${isCold} as cold`.execute(trx)
      ).rows[0]!;
      if (inserted.cold || !items.length) return;
      const ords = await ordsOf(trx, k.formId, items);
      await addToCells(trx, k, keys, denseArrays(ords, items, vals, 1));
    },

    /** Reopening (重新打开) or any other withdrawal of an approval: subtracts the current vintage. */
    async withdraw(trx: Db, k: SubmissionKey, by: string): Promise<boolean> {
      return withdrawCurrent(trx, k, by);
    },

    recomputeCells,

    /**
     * Brings the microdata in line with collection's approved submissions (for data approved
     * before aggregation existed, the demo history, or after a restore): approved submissions
     * without a current vintage are added, current vintages whose submission is no longer
     * approved are withdrawn. Cells are then recomputed for the form × periods touched.
     */
    async syncFromCollection(
      db: Db,
      q: { formId?: string; period?: string } = {},
      by = 'system',
      options: { recompute?: boolean } = {},
    ) {
      const keysOfUnit = await cellKeys();
      const touched = new Set<string>();
      let added = 0;
      let withdrawn = 0;
      const current = new Set(
        (
          await sql<{ k: string }>`
            select unit_id || '|' || form_id || '|' || period as k from aggregation.reports
             where withdrawn_at is null
               ${q.formId ? sql`and form_id = ${q.formId}` : sql``}
               ${q.period ? sql`and period = ${q.period}` : sql``}`.execute(db)
        ).rows.map((r) => r.k),
      );
      for await (const page of deps.collection().approved(db, q)) {
        const fresh = page.filter((s) => !current.delete(`${s.unitId}|${s.formId}|${s.period}`));
        if (!fresh.length) continue;
        const classes = await deps.registry().classifications(
          db,
          fresh.map((s) => s.unitId),
        );
        const rows: unknown[][] = [];
        for (const s of fresh) {
          const cls = classes.get(s.unitId);
          if (!cls) continue;
          const v = additive(s.values, await itemsOf(s.formId, s.formVersionNumber));
          rows.push([
            s.unitId,
            s.formId,
            s.period,
            s.formVersionNumber,
            cls,
            keysOfUnit(cls),
            v.items,
            v.vals,
            v.otherItems,
            v.otherVals,
          ]);
          touched.add(`${s.formId}|${s.period}`);
        }
        await db.transaction().execute(async (trx) => {
          await sql`
            insert into aggregation.reports (unit_id, form_id, period, vintage, form_version, township,
                   industry_class, size_class, registration_type, cell_keys, items, vals, other_items, other_vals,
                   approved_at, approved_by)
            select x.unit_id, x.form_id, x.period,
                   coalesce((select max(vintage) from aggregation.reports r
                              where r.unit_id = x.unit_id and r.form_id = x.form_id and r.period = x.period), 0) + 1,
                   x.form_version, x.township, x.industry_class, x.size_class, x.registration_type,
                   string_to_array(x.cell_keys, chr(31)), string_to_array(x.items, chr(31)),
                   string_to_array(x.vals, chr(31))::numeric[], string_to_array(x.other_items, chr(31)),
                   string_to_array(x.other_vals, chr(31))::numeric[], now(), ${by}
              from unnest(${rows.map((r) => r[0])}::uuid[], ${rows.map((r) => r[1])}::uuid[],
                          ${rows.map((r) => r[2])}::text[], ${rows.map((r) => r[3])}::int[],
                          ${rows.map((r) => (r[4] as { township: string }).township)}::text[],
                          ${rows.map((r) => (r[4] as { industryClass: string }).industryClass)}::text[],
                          ${rows.map((r) => (r[4] as { sizeClass: string | null }).sizeClass)}::text[],
                          ${rows.map((r) => (r[4] as { registrationType: string | null }).registrationType)}::text[],
                          ${rows.map((r) => (r[5] as string[]).join('\u001f'))}::text[],
                          ${rows.map((r) => (r[6] as string[]).join('\u001f'))}::text[],
                          ${rows.map((r) => (r[7] as string[]).join('\u001f'))}::text[],
                          ${rows.map((r) => (r[8] as string[]).join('\u001f'))}::text[],
                          ${rows.map((r) => (r[9] as string[]).join('\u001f'))}::text[])
                   as x(unit_id, form_id, period, form_version, township, industry_class, size_class,
                        registration_type, cell_keys, items, vals, other_items, other_vals)`.execute(trx);
        });
        added += rows.length;
      }
      // What is left in `current` has no approved submission behind it any more.
      for (const stale of current) {
        const [unitId, formId, period] = stale.split('|') as [string, string, string];
        await db.transaction().execute(async (trx) => {
          await sql`
            update aggregation.reports set withdrawn_at = now(), withdrawn_by = ${by}
             where unit_id = ${unitId} and form_id = ${formId} and period = ${period} and withdrawn_at is null`.execute(
            trx,
          );
        });
        touched.add(`${formId}|${period}`);
        withdrawn++;
      }
      const cold = new Set(
        (
          await sql<{
            k: string;
          }>`select form_id || '|' || period as k from aggregation.cold_periods`.execute(db)
        ).rows.map((r) => r.k),
      );
      for (const t of touched) {
        if (options.recompute === false || cold.has(t)) continue;
        const [formId, period] = t.split('|') as [string, string];
        await recomputeCells(db, { formId, period });
      }
      return { added, withdrawn, recomputed: touched.size };
    },
  };
}

export type Maintenance = ReturnType<typeof createMaintenance>;
