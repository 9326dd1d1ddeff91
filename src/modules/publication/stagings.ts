/**
 * 暂存: stage a dataset into a release (snapshot statdb's values now, compare with the cells in
 * force before the minute, write what changed visible from it), preview that, and unstage.
 */
import type { RequestContext } from '../../platform/audit.ts';
import { assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type { StagingInput, StagingPreview } from './contract.ts';
import { CELL_DIMENSIONS, type CellDimension, cellsOf, planStaging } from './domain/staging.ts';
import { publicationProblems as P, type PublicationIssue } from './problems.ts';
import {
  type DatasetRow,
  ordinalOfPeriod,
  periodOfOrdinal,
  pubDb,
  type ReleaseRow,
  visibleSpans,
} from './repo.ts';
import {
  nameOf,
  problem,
  RELEASE_MANAGERS,
  type ServiceCore,
  type ServiceDeps,
  type Who,
} from './service-core.ts';
import { currentCells, refreshCodes, removeRows, writePlan } from './staging-store.ts';

/** Thrown inside a preview's transaction to roll it back and carry the answer out. */
class PreviewDone {
  constructor(readonly preview: StagingPreview) {}
}

export function createStagings(deps: ServiceDeps, core: ServiceCore) {
  const { releaseViews, releaseRow, datasetRow, checkOpen, checkNoOtherStaging, audit } = core;

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

  return { previewStaging, stage, unstage };
}
