/**
 * Publication's staff use cases: the release calendar (发布日程), public datasets (公开数据表) and
 * staging statdb's figures into a release. One transaction per write, audited in it; the public
 * read side learns of committed changes through `changed()`.
 */
import { randomUUID } from 'node:crypto';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, type Role } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { StatdbApi } from '../statdb/index.ts';
import {
  type DatasetInput,
  DatasetInput as DatasetSchema,
  type DatasetView,
  type ReleaseEdit,
  type ReleaseInput,
  type ReleaseView,
  type StagingInput,
  type StagingPreview,
} from './contract.ts';
import {
  CELL_DIMENSIONS,
  type CellDimension,
  cellsOf,
  minuteProblem,
  planStaging,
} from './domain/staging.ts';
import { publicationProblems as P, type PublicationIssue } from './problems.ts';
import {
  type DatasetRow,
  ordinalOfPeriod,
  periodOfOrdinal,
  pubDb,
  type ReleaseRow,
  releasedMinutes,
  visibleSpans,
} from './repo.ts';
import { currentCells, moveRows, refreshCodes, removeRows, writePlan } from './staging-store.ts';

/** Who keeps the calendar and the public datasets. */
export const RELEASE_MANAGERS: readonly Role[] = ['city_statistician', 'publisher', 'admin'];

/** Who a write is recorded against (a request's context, or a module's name for the demo). */
export type Who = RequestContext | { actor: null; ip: null; userAgent: null; by: string };
const nameOf = (who: Who) => (who.actor ? who.actor.username : (who as { by: string }).by);

/** Thrown inside a preview's transaction to roll it back and carry the answer out. */
class PreviewDone {
  constructor(readonly preview: StagingPreview) {}
}

const text = (zh: string, en: string) => ({ zh, en });
const problem = (path: string, code: string, value: string | null, zh: string, en: string) =>
  ({ path, code, value, message: { 'zh-CN': zh, 'en-US': en } }) satisfies PublicationIssue;

export function createPublicationService(deps: {
  db: Db;
  clock: Clock;
  statdb: () => StatdbApi;
  changed: () => void;
}) {
  const db = pubDb(deps.db);

  function datasetView(r: DatasetRow, publicSince: Date | null): DatasetView {
    return {
      code: r.code,
      title: text(r.title_zh, r.title_en),
      description: text(r.description_zh, r.description_en),
      subject: r.subject,
      frequency: r.frequency,
      indicators: r.indicators,
      dimensions: r.dimensions as DatasetView['dimensions'],
      notes: r.notes,
      source: r.source,
      updatedAt: r.updated_at.toISOString(),
      updatedBy: r.updated_by,
      publicSince: publicSince ? publicSince.toISOString() : null,
    };
  }

  const isReleased = (r: ReleaseRow, now = deps.clock.now()) =>
    r.status === 'scheduled' && r.release_at.getTime() <= now.getTime();

  async function releaseViews(trx: Db, rows: ReleaseRow[]): Promise<ReleaseView[]> {
    const ids = rows.map((r) => r.id);
    const stagings = ids.length
      ? await pubDb(trx)
          .selectFrom('publication.stagings as s')
          .innerJoin('publication.datasets as d', 'd.code', 's.dataset')
          .selectAll('s')
          .select(['d.title_zh', 'd.title_en'])
          .where('s.release_id', 'in', ids)
          .orderBy('s.dataset')
          .execute()
      : [];
    const now = deps.clock.now();
    return rows.map((r) => ({
      id: r.id,
      title: text(r.title_zh, r.title_en),
      kind: r.kind,
      releaseAt: r.release_at.toISOString(),
      description: text(r.description_zh, r.description_en),
      status: r.status,
      released: isReleased(r, now),
      stagings: stagings
        .filter((s) => s.release_id === r.id)
        .map((s) => ({
          dataset: s.dataset,
          title: text(s.title_zh, s.title_en),
          from: s.from_period,
          to: s.to_period,
          codes: s.codes,
          note: s.note,
          added: s.added,
          revised: s.revised,
          restated: s.restated,
          unchanged: s.unchanged,
          stagedBy: s.staged_by,
          stagedAt: s.staged_at.toISOString(),
        })),
      createdBy: r.created_by,
      updatedBy: r.updated_by,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  async function releaseRow(trx: Db, id: string, lock = false): Promise<ReleaseRow> {
    let q = pubDb(trx).selectFrom('publication.releases').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    const row = (await q.executeTakeFirst()) as ReleaseRow | undefined;
    if (!row) throw P.release_not_found({ id });
    return row;
  }

  async function datasetRow(trx: Db, code: string, lock = false): Promise<DatasetRow> {
    let q = pubDb(trx).selectFrom('publication.datasets').selectAll().where('code', '=', code);
    if (lock) q = q.forUpdate();
    const row = (await q.executeTakeFirst()) as DatasetRow | undefined;
    if (!row) throw P.dataset_not_found({ code });
    return row;
  }

  /** 422 unless `at` is a whole minute after the clock's now. */
  function checkMinute(at: Date) {
    const now = deps.clock.now();
    const why = minuteProblem(at, now);
    if (why === 'not_minute') throw P.release_at_not_minute({ at: at.toISOString() });
    if (why === 'past') throw P.release_at_past({ at: at.toISOString(), now: now.toISOString() });
  }

  /** 409 unless the release can still change (scheduled, its minute not come). */
  function checkOpen(r: ReleaseRow) {
    if (r.status === 'cancelled') throw P.cancelled({ title: r.title_zh });
    if (isReleased(r)) throw P.released({ title: r.title_zh, at: r.release_at.toISOString() });
  }

  /**
   * 409 when another release at or after `from` (up to `to`, if given) stages the dataset: the
   * cells' vintages are chained in time order, so stagings of one dataset must not interleave.
   */
  async function checkNoOtherStaging(trx: Db, r: ReleaseRow, dataset: string, from: Date, to?: Date) {
    let q = pubDb(trx)
      .selectFrom('publication.stagings as s')
      .innerJoin('publication.releases as o', 'o.id', 's.release_id')
      .select(['o.title_zh', 'o.release_at'])
      .where('s.dataset', '=', dataset)
      .where('o.id', '!=', r.id)
      .where('o.status', '=', 'scheduled')
      .where('o.release_at', '>=', from);
    if (to) q = q.where('o.release_at', '<=', to);
    const other = await q.orderBy('o.release_at').executeTakeFirst();
    if (other)
      throw P.later_release_stages({ other: other.title_zh, at: other.release_at.toISOString(), dataset });
  }

  async function audit(trx: Db, who: Who, event: Parameters<typeof recordAudit>[2]) {
    await recordAudit(trx, who.actor ? who : { actor: null, ip: null, userAgent: null }, {
      ...event,
      details: { ...(event.details as object), by: nameOf(who) },
    });
  }

  // ---- releases (发布日程) ----

  async function listReleases(actor: Actor, q: { from?: string; to?: string }) {
    assertRole(actor, RELEASE_MANAGERS);
    let query = db.selectFrom('publication.releases').selectAll();
    if (q.from) query = query.where('release_at', '>=', new Date(q.from));
    if (q.to) query = query.where('release_at', '<=', new Date(q.to));
    const rows = (await query.orderBy('release_at').orderBy('id').execute()) as ReleaseRow[];
    return { items: await releaseViews(deps.db, rows), now: deps.clock.now().toISOString() };
  }

  async function getRelease(actor: Actor, id: string) {
    assertRole(actor, RELEASE_MANAGERS);
    return (await releaseViews(deps.db, [await releaseRow(deps.db, id)]))[0]!;
  }

  async function createRelease(who: Who, input: ReleaseInput, opts: { allowPast?: boolean } = {}) {
    if (who.actor) assertRole(who.actor, RELEASE_MANAGERS);
    const at = new Date(input.releaseAt);
    // The demo schedules the history of releases already out; nothing else may.
    if (!opts.allowPast) checkMinute(at);
    const view = await deps.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      await pubDb(trx)
        .insertInto('publication.releases')
        .values({
          id,
          title_zh: input.title.zh,
          title_en: input.title.en,
          kind: input.kind,
          release_at: at,
          description_zh: input.description?.zh ?? '',
          description_en: input.description?.en ?? '',
          created_by: nameOf(who),
          updated_by: nameOf(who),
        })
        .execute();
      const [v] = await releaseViews(trx, [await releaseRow(trx, id)]);
      await audit(trx, who, {
        action: 'publication.release_created',
        entityType: 'publication.release',
        entityId: id,
        after: v,
      });
      return v!;
    });
    deps.changed();
    return view;
  }

  async function editRelease(who: Who, id: string, edit: ReleaseEdit) {
    if (who.actor) assertRole(who.actor, RELEASE_MANAGERS);
    const view = await deps.db.transaction().execute(async (trx) => {
      const r = await releaseRow(trx, id, true);
      const [before] = await releaseViews(trx, [r]);
      const to = edit.releaseAt ? new Date(edit.releaseAt) : null;
      const moving = to !== null && to.getTime() !== r.release_at.getTime();
      if (moving || r.status === 'cancelled') checkOpen(r);
      if (moving) {
        checkMinute(to);
        const stagings = before!.stagings.map((s) => s.dataset);
        // Writers of a dataset's stagings go one at a time (stageIn locks the same rows).
        for (const d of stagings) await datasetRow(trx, d, true);
        const [lo, hi] = to < r.release_at ? [to, r.release_at] : [r.release_at, to];
        for (const d of stagings) await checkNoOtherStaging(trx, r, d, lo, hi);
        for (const d of stagings) {
          await moveRows(trx, r.id, d, r.release_at, to);
          await refreshCodes(trx, d);
        }
      }
      await pubDb(trx)
        .updateTable('publication.releases')
        .set({
          ...(edit.title ? { title_zh: edit.title.zh, title_en: edit.title.en } : {}),
          ...(edit.kind ? { kind: edit.kind } : {}),
          ...(edit.description
            ? { description_zh: edit.description.zh, description_en: edit.description.en }
            : {}),
          ...(moving ? { release_at: to } : {}),
          updated_by: nameOf(who),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      const [after] = await releaseViews(trx, [await releaseRow(trx, id)]);
      await audit(trx, who, {
        action: moving ? 'publication.release_moved' : 'publication.release_edited',
        entityType: 'publication.release',
        entityId: id,
        before,
        after,
      });
      return after!;
    });
    deps.changed();
    return view;
  }

  async function cancelRelease(who: Who, id: string) {
    if (who.actor) assertRole(who.actor, RELEASE_MANAGERS);
    const view = await deps.db.transaction().execute(async (trx) => {
      const r = await releaseRow(trx, id, true);
      checkOpen(r);
      const [before] = await releaseViews(trx, [r]);
      for (const s of before!.stagings) {
        await datasetRow(trx, s.dataset, true);
        await checkNoOtherStaging(trx, r, s.dataset, r.release_at);
        await removeRows(trx, r.id, s.dataset);
        await refreshCodes(trx, s.dataset);
      }
      await pubDb(trx).deleteFrom('publication.stagings').where('release_id', '=', id).execute();
      await pubDb(trx)
        .updateTable('publication.releases')
        .set({ status: 'cancelled', updated_by: nameOf(who), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      const [after] = await releaseViews(trx, [await releaseRow(trx, id)]);
      await audit(trx, who, {
        action: 'publication.release_cancelled',
        entityType: 'publication.release',
        entityId: id,
        before,
        after,
      });
      return after!;
    });
    deps.changed();
    return view;
  }

  // ---- staging (暂存) ----

  /** Checks a selection against the dataset; the period bounds as ordinals. */
  async function checkSelection(trx: Db, ds: DatasetRow, input: StagingInput) {
    const problems: PublicationIssue[] = [];
    const bound = (field: 'from' | 'to') => {
      const t = input[field];
      if (t === undefined) return undefined;
      const ord = ordinalOfPeriod(ds.frequency, t);
      if (ord === null)
        problems.push(
          problem(
            field,
            'bad_period',
            t,
            `${t} 不是该数据表频率（${ds.frequency}）的期间`,
            `${t} is not a period of the dataset's frequency (${ds.frequency})`,
          ),
        );
      return ord ?? undefined;
    };
    const fromOrd = bound('from');
    const toOrd = bound('to');
    if (fromOrd !== undefined && toOrd !== undefined && fromOrd > toOrd)
      problems.push(problem('to', 'empty_range', input.to!, '截止期早于起始期', '"to" is before "from"'));
    const lists = new Map((await deps.statdb().dimensions(trx)).map((d) => [d.dimension as string, d]));
    for (const [dim, codes] of Object.entries(input.codes ?? {})) {
      if (dim === 'indicator') {
        for (const c of codes)
          if (!ds.indicators.includes(c))
            problems.push(
              problem(
                `codes.${dim}`,
                'unknown_code',
                c,
                `数据表没有指标 ${c}`,
                `The dataset has no indicator ${c}`,
              ),
            );
        continue;
      }
      if (!ds.dimensions.includes(dim)) {
        problems.push(
          problem(
            `codes.${dim}`,
            'unknown_dimension',
            dim,
            `${dim} 不是数据表的维度`,
            `${dim} is not a dimension of the dataset`,
          ),
        );
        continue;
      }
      const known = new Set(lists.get(dim)!.codes.map((c) => c.code));
      for (const c of codes)
        if (!known.has(c))
          problems.push(
            problem(
              `codes.${dim}`,
              'unknown_code',
              c,
              `维度 ${dim} 没有代码 ${c}`,
              `${dim}: unknown code ${c}`,
            ),
          );
    }
    if (problems.length) throw P.invalid_staging({ count: problems.length }, { issues: problems });
    const defaults = Object.fromEntries(CELL_DIMENSIONS.map((d) => [d, lists.get(d)!.defaultCode])) as Record<
      CellDimension,
      string
    >;
    return { fromOrd, toOrd, defaults };
  }

  /**
   * Stages a dataset into a release inside `trx`: snapshot statdb's values now, compare with the
   * cells in force before the minute, write what changed visible from the minute. The release's
   * own earlier staging of the dataset is replaced. Throws 422 when revisions have no note
   * (unless `preview`, which reports them).
   */
  async function stageIn(
    trx: Db,
    who: Who,
    r: ReleaseRow,
    code: string,
    input: StagingInput,
    preview: boolean,
  ) {
    const ds = await datasetRow(trx, code, true);
    const { fromOrd, toOrd, defaults } = await checkSelection(trx, ds, input);
    await checkNoOtherStaging(trx, r, code, r.release_at);
    const observations = [];
    for (const indicator of ds.indicators)
      observations.push(
        ...(await deps.statdb().observations({ indicator, from: input.from, to: input.to }, trx)),
      );
    const snapshot = cellsOf(observations, ds.dimensions, defaults, input.codes ?? {});
    const previous = await pubDb(trx)
      .selectFrom('publication.stagings')
      .selectAll()
      .where('release_id', '=', r.id)
      .where('dataset', '=', code)
      .executeTakeFirst();
    if (previous) await removeRows(trx, r.id, code);
    const current = await currentCells(trx, { dataset: code, indicators: ds.indicators, fromOrd, toOrd });
    const plan = planStaging(snapshot, current);
    const note = input.note ?? null;
    if (!preview && plan.revised.length && !note)
      throw P.revision_note_required(
        { count: plan.revised.length },
        {
          issues: plan.revised.map(({ cell, old }) => {
            const where = [cell.indicator, ...CELL_DIMENSIONS.map((d) => cell[d]), cell.period].join(' · ');
            return problem(
              'note',
              'revised',
              where,
              `${where}：${old.value} → ${cell.value}`,
              `${where}: ${old.value} → ${cell.value}`,
            );
          }),
          keys: plan.revised.map(({ cell, old }) => ({
            indicator: cell.indicator,
            region: cell.region,
            industry: cell.industry,
            size: cell.size,
            regtype: cell.regtype,
            period: cell.period,
            old: old.value,
            new: cell.value,
          })),
        },
      );
    await writePlan(trx, {
      dataset: code,
      releaseId: r.id,
      at: r.release_at,
      plan,
      revisionNote: note,
      ordinal: (p) => ordinalOfPeriod(ds.frequency, p)!,
    });
    await refreshCodes(trx, code);
    const row = {
      release_id: r.id,
      dataset: code,
      from_period: input.from ?? null,
      to_period: input.to ?? null,
      codes: JSON.stringify(input.codes ?? {}) as unknown as Record<string, string[]>,
      note,
      added: plan.added.length,
      revised: plan.revised.length,
      restated: plan.restated.length,
      unchanged: plan.unchanged,
      staged_by: nameOf(who),
    };
    if (previous)
      await pubDb(trx)
        .updateTable('publication.stagings')
        .set({ ...row, staged_at: new Date() })
        .where('release_id', '=', r.id)
        .where('dataset', '=', code)
        .execute();
    else await pubDb(trx).insertInto('publication.stagings').values(row).execute();
    return { ds, plan, snapshot, previous };
  }

  /** What staging would change and how the dataset would look at the minute; nothing is kept. */
  async function previewStaging(who: RequestContext, id: string, code: string, input: StagingInput) {
    assertRole(who.actor, RELEASE_MANAGERS);
    try {
      await deps.db.transaction().execute(async (trx) => {
        const r = await releaseRow(trx, id, true);
        checkOpen(r);
        const { ds, plan, snapshot } = await stageIn(trx, who, r, code, input, true);
        const span = (await visibleSpans(pubDb(trx), r.release_at, code)).get(code);
        throw new PreviewDone({
          cells: snapshot.length,
          added: plan.added.length,
          restated: plan.restated.length,
          unchanged: plan.unchanged,
          revisions: plan.revised.map(({ cell, old }) => ({
            indicator: cell.indicator,
            region: cell.region,
            industry: cell.industry,
            size: cell.size,
            regtype: cell.regtype,
            period: cell.period,
            old: old.value,
            new: cell.value,
          })),
          periods: {
            first: span ? periodOfOrdinal(ds.frequency, span.first) : null,
            last: span ? periodOfOrdinal(ds.frequency, span.last) : null,
          },
          noteRequired: plan.revised.length > 0,
        });
      });
    } catch (e) {
      if (e instanceof PreviewDone) return e.preview;
      throw e;
    }
    throw new Error('unreachable: a preview always rolls back');
  }

  /** Stages a dataset into a release (audited); see stageIn. */
  async function stage(
    who: Who,
    id: string,
    code: string,
    input: StagingInput,
    opts: { allowPast?: boolean } = {},
  ) {
    if (who.actor) assertRole(who.actor, RELEASE_MANAGERS);
    const view = await deps.db.transaction().execute(async (trx) => {
      const r = await releaseRow(trx, id, true);
      // The demo writes the history of releases already out; nothing else may.
      if (!opts.allowPast) checkOpen(r);
      const { plan, previous } = await stageIn(trx, who, r, code, input, false);
      const [after] = await releaseViews(trx, [r]);
      await audit(trx, who, {
        action: 'publication.dataset_staged',
        entityType: 'publication.release',
        entityId: id,
        before: previous ?? null,
        after: after!.stagings.find((s) => s.dataset === code),
        details: {
          dataset: code,
          revised: plan.revised.map(({ cell, old }) => ({ ...cell, old: old.value })),
        },
      });
      return after!;
    });
    deps.changed();
    return view;
  }

  async function unstage(who: Who, id: string, code: string) {
    if (who.actor) assertRole(who.actor, RELEASE_MANAGERS);
    const view = await deps.db.transaction().execute(async (trx) => {
      const r = await releaseRow(trx, id, true);
      checkOpen(r);
      const [before] = await releaseViews(trx, [r]);
      const staged = before!.stagings.find((s) => s.dataset === code);
      if (!staged) throw P.not_staged({ release: r.title_zh, dataset: code });
      await datasetRow(trx, code, true);
      await checkNoOtherStaging(trx, r, code, r.release_at);
      await removeRows(trx, r.id, code);
      await refreshCodes(trx, code);
      await pubDb(trx)
        .deleteFrom('publication.stagings')
        .where('release_id', '=', id)
        .where('dataset', '=', code)
        .execute();
      const [after] = await releaseViews(trx, [r]);
      await audit(trx, who, {
        action: 'publication.dataset_unstaged',
        entityType: 'publication.release',
        entityId: id,
        before: staged,
        details: { dataset: code },
      });
      return after!;
    });
    deps.changed();
    return view;
  }

  // ---- datasets (公开数据表) ----

  async function listDatasets(actor: Actor) {
    assertRole(actor, RELEASE_MANAGERS);
    const rows = (await db
      .selectFrom('publication.datasets')
      .selectAll()
      .orderBy('code')
      .execute()) as DatasetRow[];
    const since = await releasedMinutes(db, deps.clock.now());
    return { items: rows.map((r) => datasetView(r, since.get(r.code) ?? null)) };
  }

  async function getDataset(actor: Actor, code: string) {
    assertRole(actor, RELEASE_MANAGERS);
    const row = await datasetRow(deps.db, code);
    const since = await releasedMinutes(db, deps.clock.now(), [code]);
    return datasetView(row, since.get(code) ?? null);
  }

  /** Checks a definition against statdb: indicators exist, share a frequency, have the dimensions. */
  async function checkDefinition(trx: Db, d: DatasetInput, old: DatasetRow | null) {
    const parsed = DatasetSchema.parse(d);
    const problems: PublicationIssue[] = [];
    const found = new Map((await deps.statdb().indicators(parsed.indicators, trx)).map((i) => [i.code, i]));
    parsed.indicators.forEach((code, i) => {
      if (parsed.indicators.indexOf(code) !== i)
        problems.push(
          problem(
            `indicators.${i}`,
            'duplicate',
            code,
            `指标 ${code} 重复`,
            `Indicator ${code} is listed twice`,
          ),
        );
      const ind = found.get(code);
      if (!ind) {
        problems.push(
          problem(
            `indicators.${i}`,
            'unknown_indicator',
            code,
            `综合数据库没有指标 ${code}`,
            `No indicator ${code} in the statistical database`,
          ),
        );
        return;
      }
      for (const dim of parsed.dimensions)
        if (!ind.dimensions.includes(dim))
          problems.push(
            problem(
              'dimensions',
              'unknown_dimension',
              dim,
              `指标 ${code} 没有维度 ${dim}`,
              `Indicator ${code} has no dimension ${dim}`,
            ),
          );
    });
    const frequencies = [...new Set([...found.values()].map((i) => i.frequency))];
    if (frequencies.length > 1)
      problems.push(
        problem(
          'indicators',
          'mixed_frequency',
          frequencies.join(','),
          `指标的频率不一致（${frequencies.join('、')}），一个数据表只能有一种频率`,
          `The indicators have different frequencies (${frequencies.join(', ')}); a dataset has one`,
        ),
      );
    if (old) {
      const staged = await pubDb(trx)
        .selectFrom('publication.stagings')
        .select('release_id')
        .where('dataset', '=', old.code)
        .executeTakeFirst();
      if (staged) {
        for (const c of old.indicators)
          if (!parsed.indicators.includes(c))
            problems.push(
              problem(
                'indicators',
                'staged_indicator',
                c,
                `指标 ${c} 已有暂存或公开的数据，不能移除`,
                `Indicator ${c} has staged or public data; it cannot be removed`,
              ),
            );
        for (const dim of old.dimensions)
          if (!parsed.dimensions.includes(dim as never))
            problems.push(
              problem(
                'dimensions',
                'staged_dimension',
                dim,
                `维度 ${dim} 已有暂存或公开的数据，不能移除`,
                `Dimension ${dim} has staged or public data; it cannot be removed`,
              ),
            );
      }
    }
    if (problems.length) throw P.invalid_dataset({ count: problems.length }, { issues: problems });
    return { parsed, frequency: frequencies[0]! };
  }

  async function saveDataset(who: Who, d: DatasetInput, mode: 'create' | 'edit') {
    if (who.actor) assertRole(who.actor, RELEASE_MANAGERS);
    const view = await deps.db.transaction().execute(async (trx) => {
      const old = (await pubDb(trx)
        .selectFrom('publication.datasets')
        .selectAll()
        .where('code', '=', d.code)
        .forUpdate()
        .executeTakeFirst()) as DatasetRow | undefined;
      if (mode === 'create' && old) throw P.dataset_exists({ code: d.code });
      if (mode === 'edit' && !old) throw P.dataset_not_found({ code: d.code });
      const { parsed, frequency } = await checkDefinition(trx, d, old ?? null);
      const row = {
        title_zh: parsed.title.zh,
        title_en: parsed.title.en,
        description_zh: parsed.description.zh,
        description_en: parsed.description.en,
        subject: parsed.subject,
        frequency,
        indicators: parsed.indicators,
        dimensions: parsed.dimensions,
        notes: JSON.stringify(parsed.notes) as unknown as { zh: string; en: string }[],
        source: parsed.source,
        updated_by: nameOf(who),
      };
      if (old)
        await pubDb(trx)
          .updateTable('publication.datasets')
          .set({ ...row, updated_at: new Date() })
          .where('code', '=', d.code)
          .execute();
      else
        await pubDb(trx)
          .insertInto('publication.datasets')
          .values({ code: parsed.code, ...row })
          .execute();
      const since = await releasedMinutes(pubDb(trx), deps.clock.now(), [d.code]);
      const after = datasetView(await datasetRow(trx, d.code), since.get(d.code) ?? null);
      await audit(trx, who, {
        action: old ? 'publication.dataset_updated' : 'publication.dataset_defined',
        entityType: 'publication.dataset',
        entityId: d.code,
        before: old ? datasetView(old, null) : null,
        after,
      });
      return after;
    });
    deps.changed();
    return view;
  }

  /** The statdb indicators a dataset can be defined over. */
  async function sources(actor: Actor) {
    assertRole(actor, RELEASE_MANAGERS);
    const items = await deps.statdb().indicators();
    return {
      items: items.map((i) => ({
        code: i.code,
        name: i.name,
        frequency: i.frequency,
        dimensions: i.dimensions,
      })),
    };
  }

  return {
    listReleases,
    getRelease,
    createRelease,
    editRelease,
    cancelRelease,
    previewStaging,
    stage,
    unstage,
    listDatasets,
    getDataset,
    createDataset: (who: Who, d: DatasetInput) => saveDataset(who, d, 'create'),
    editDataset: (who: Who, d: DatasetInput) => saveDataset(who, d, 'edit'),
    sources,
  };
}
export type PublicationService = ReturnType<typeof createPublicationService>;
