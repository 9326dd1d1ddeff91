/**
 * What publication's staff use cases share: who may act, how a writer is named in the audit, the
 * release and dataset rows (locked when asked), the checks of a release minute and of the order
 * of stagings, and the views the API answers with.
 */
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import type { Role } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { StatdbApi } from '../statdb/index.ts';
import type { DatasetView, ReleaseView } from './contract.ts';
import { minuteProblem } from './domain/staging.ts';
import { publicationProblems as P, type PublicationIssue } from './problems.ts';
import { type DatasetRow, pubDb, type ReleaseRow } from './repo.ts';

/** Who keeps the calendar and the public datasets. */
export const RELEASE_MANAGERS: readonly Role[] = ['city_statistician', 'publisher', 'admin'];

/** Who a write is recorded against (a request's context, or a module's name for the demo). */
export type Who = RequestContext | { actor: null; ip: null; userAgent: null; by: string };
export const nameOf = (who: Who) => (who.actor ? who.actor.username : (who as { by: string }).by);

export const text = (zh: string, en: string) => ({ zh, en });
/** One issue of a 422, in both languages. */
export const problem = (path: string, code: string, value: string | null, zh: string, en: string) =>
  ({ path, code, value, message: { 'zh-CN': zh, 'en-US': en } }) satisfies PublicationIssue;

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  statdb: () => StatdbApi;
  /** Tells the public side of a committed change. */
  changed: () => void;
}

export function createServiceCore(deps: ServiceDeps) {
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

  return {
    db,
    datasetView,
    isReleased,
    releaseViews,
    releaseRow,
    datasetRow,
    checkMinute,
    checkOpen,
    checkNoOtherStaging,
    audit,
  };
}
export type ServiceCore = ReturnType<typeof createServiceCore>;
