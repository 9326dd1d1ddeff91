/** 发布日程: schedule, edit, move and cancel releases (one transaction each, audited). */
import { randomUUID } from 'node:crypto';
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { ReleaseEdit, ReleaseInput } from './contract.ts';
import { pubDb, type ReleaseRow } from './repo.ts';
import { nameOf, RELEASE_MANAGERS, type ServiceCore, type ServiceDeps, type Who } from './service-core.ts';
import { moveRows, refreshCodes, removeRows } from './staging-store.ts';

export function createReleases(deps: ServiceDeps, core: ServiceCore) {
  const { db, releaseViews, releaseRow, datasetRow, checkMinute, checkOpen, checkNoOtherStaging, audit } =
    core;

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

  return { listReleases, getRelease, createRelease, editRelease, cancelRelease };
}
