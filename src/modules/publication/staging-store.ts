/**
 * The public observations' writes: stage a snapshot, remove a release's rows (unstage, cancel)
 * and move them to another minute — each keeping every cell's chain of vintages gap-free
 * (a row's `visible_to` is its successor's `visible_from`). Runs inside the caller's transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { type CurrentCell, cellKey, type StagedCell, type StagingPlan } from './domain/staging.ts';
import { pubDb } from './repo.ts';

const CHUNK = 5000;

/** Cells in force after the last release so far (the chain tails) of some indicators of a dataset. */
export async function currentCells(
  trx: Db,
  q: { dataset: string; indicators: string[]; fromOrd?: number; toOrd?: number },
): Promise<Map<string, CurrentCell>> {
  let query = pubDb(trx)
    .selectFrom('publication.observations')
    .select(['id', 'indicator', 'region', 'industry', 'size', 'regtype', 'period', 'value', 'status', 'note'])
    .where('dataset', '=', q.dataset)
    .where('indicator', 'in', q.indicators)
    .where('visible_to', 'is', null);
  if (q.fromOrd !== undefined) query = query.where('period_ord', '>=', q.fromOrd);
  if (q.toOrd !== undefined) query = query.where('period_ord', '<=', q.toOrd);
  const rows = await query.execute();
  return new Map(rows.map((r) => [cellKey(r), r]));
}

/** Writes a plan: closes the rows it replaces at `at` and inserts the new cells visible from `at`. */
export async function writePlan(
  trx: Db,
  q: {
    dataset: string;
    releaseId: string;
    at: Date;
    plan: StagingPlan;
    revisionNote: string | null;
    ordinal: (period: string) => number;
  },
) {
  const { plan } = q;
  const closing = [...plan.revised, ...plan.restated].map((r) => r.old.id);
  for (let i = 0; i < closing.length; i += CHUNK)
    await pubDb(trx)
      .updateTable('publication.observations')
      .set({ visible_to: q.at })
      .where('dataset', '=', q.dataset)
      .where('id', 'in', closing.slice(i, i + CHUNK))
      .execute();
  const cells: StagedCell[] = [
    ...plan.added,
    ...plan.revised.map((r) => ({ ...r.cell, note: q.revisionNote ?? r.cell.note })),
    ...plan.restated.map((r) => r.cell),
  ];
  // Column arrays (unnest): one short statement for thousands of rows.
  for (let i = 0; i < cells.length; i += CHUNK) {
    const part = cells.slice(i, i + CHUNK);
    await sql`
      insert into publication.observations
        (dataset, period, period_ord, indicator, region, industry, size, regtype, value, status, note,
         release_id, visible_from)
      select ${q.dataset}, p, o, i, r, ind, sz, rt, v::numeric, s, n, ${q.releaseId}, ${q.at}
      from unnest(
        ${part.map((c) => c.period)}::text[],
        ${part.map((c) => q.ordinal(c.period))}::int[],
        ${part.map((c) => c.indicator)}::text[],
        ${part.map((c) => c.region)}::text[],
        ${part.map((c) => c.industry)}::text[],
        ${part.map((c) => c.size)}::text[],
        ${part.map((c) => c.regtype)}::text[],
        ${part.map((c) => c.value)}::text[],
        ${part.map((c) => c.status)}::text[],
        ${part.map((c) => c.note)}::text[]
      ) as x(p, o, i, r, ind, sz, rt, v, s, n)`.execute(trx);
  }
  return cells.length;
}

/** The same cell in both aliases `p` (predecessor) and `r` (the release's row). */
const sameCell = sql`p.dataset = r.dataset and p.indicator = r.indicator and p.region = r.region
  and p.period_ord = r.period_ord and p.industry = r.industry and p.size = r.size and p.regtype = r.regtype`;

/** Removes a release's rows of a dataset; each predecessor takes over the removed row's end. */
export async function removeRows(trx: Db, releaseId: string, dataset: string) {
  await sql`
    update publication.observations p set visible_to = r.visible_to
    from publication.observations r
    where r.release_id = ${releaseId} and r.dataset = ${dataset} and p.dataset = ${dataset}
      and ${sameCell} and p.visible_to = r.visible_from`.execute(trx);
  await pubDb(trx)
    .deleteFrom('publication.observations')
    .where('release_id', '=', releaseId)
    .where('dataset', '=', dataset)
    .execute();
}

/** Moves a release's rows of a dataset from one minute to another (predecessors' ends follow). */
export async function moveRows(trx: Db, releaseId: string, dataset: string, from: Date, to: Date) {
  await sql`
    update publication.observations p set visible_to = ${to}
    from publication.observations r
    where r.release_id = ${releaseId} and r.dataset = ${dataset} and p.dataset = ${dataset}
      and ${sameCell} and p.visible_to = ${from}`.execute(trx);
  await pubDb(trx)
    .updateTable('publication.observations')
    .set({ visible_from: to })
    .where('release_id', '=', releaseId)
    .where('dataset', '=', dataset)
    .execute();
}

/**
 * Rebuilds a dataset's codes with the minute each first becomes visible (one scan of its rows,
 * grouping sets per dimension); called after every change to its rows.
 */
export async function refreshCodes(trx: Db, dataset: string) {
  await pubDb(trx).deleteFrom('publication.dataset_codes').where('dataset', '=', dataset).execute();
  await sql`
    insert into publication.dataset_codes (dataset, dimension, code, ord, visible_from)
    select ${dataset}, d.dimension, d.code, d.ord, d.visible_from
    from (
      select case
               when grouping(indicator) = 0 then 'indicator'
               when grouping(region) = 0 then 'region'
               when grouping(industry) = 0 then 'industry'
               when grouping(size) = 0 then 'size'
               when grouping(regtype) = 0 then 'regtype'
               else 'period' end as dimension,
             coalesce(indicator, region, industry, size, regtype, period) as code,
             case when grouping(period) = 0 then min(period_ord) else 0 end as ord,
             min(visible_from) as visible_from
      from publication.observations
      where dataset = ${dataset}
      group by grouping sets ((indicator), (region), (industry), (size), (regtype), (period))
    ) d`.execute(trx);
}
