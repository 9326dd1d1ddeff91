/**
 * Articles (文章): create, save (every save is a version), the review workflow, publishing now,
 * at a minute or with a release, and withdrawing. One transaction per write, audited; the
 * public copy is a `publications` row whose minute the clock decides (see the migration).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { RequestContext } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import { assertRole } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { containsPattern } from '../../platform/sql-helpers.ts';
import type {
  ArticleInput,
  ArticleStatus,
  ArticleSummaryView,
  ArticleView,
  FileView,
  PublishInput,
  StoredStatus,
  WorkflowAction,
} from './contract.ts';
import { ArticleInput as ArticleInputSchema } from './contract.ts';
import { sanitizeBody } from './domain/sanitize.ts';
import {
  ACTION_NAMES,
  allowedActions,
  EDITABLE,
  nextStatus,
  STATUS_NAMES,
  TRANSITIONS,
  WRITERS,
} from './domain/workflow.ts';
import { cmsProblems as P } from './problems.ts';
import { type CmsDb, type CmsTables, fileUrl, type Notifier, type PublicationRow } from './repo.ts';

/** Resolves a release (发布日程) to its minute; null when unknown or cancelled. */
export type ReleaseMinute = (releaseId: string, at: Date) => Promise<Date | null>;

type ArticleRow = CmsTables['cms.articles'] & { created_at: Date; updated_at: Date };
type VersionRow = CmsTables['cms.article_versions'] & { saved_at: Date };

export function createArticles(deps: {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  releaseMinute: ReleaseMinute;
}) {
  const db = deps.db as CmsDb;

  const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });

  async function articleRow(trx: CmsDb, id: string, lock = false): Promise<ArticleRow> {
    let q = trx.selectFrom('cms.articles').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw P.article_not_found({ id });
    return row as ArticleRow;
  }

  async function versionRow(trx: CmsDb, id: string, version: number): Promise<VersionRow> {
    const row = await trx
      .selectFrom('cms.article_versions')
      .selectAll()
      .where('article_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw P.version_not_found({ version });
    return row as VersionRow;
  }

  /** The newest publication still open (public now, or scheduled), per article. */
  async function openPublications(trx: CmsDb, ids: string[]) {
    if (ids.length === 0) return new Map<string, PublicationRow>();
    const rows = await trx
      .selectFrom('cms.publications')
      .selectAll()
      .where('article_id', 'in', ids)
      .where('visible_to', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.article_id, r]));
  }

  const live = (p: PublicationRow | undefined, now: Date) =>
    p
      ? {
          version: p.version,
          visibleFrom: p.visible_from.toISOString(),
          releaseId: p.release_id,
          scheduled: p.visible_from > now,
        }
      : null;

  /** The status as staff see it: a published version whose minute has not come is `scheduled`. */
  const shownStatus = (status: StoredStatus, p: PublicationRow | undefined, now: Date) =>
    (status === 'published' && p && p.visible_from > now ? 'scheduled' : status) as ArticleStatus;

  async function filesOf(trx: CmsDb, ids: string[]): Promise<FileView[]> {
    if (ids.length === 0) return [];
    const rows = await trx.selectFrom('cms.files').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const f = byId.get(id);
      return f
        ? [
            {
              id: f.id,
              name: f.name,
              mime: f.mime,
              size: Number(f.size),
              sha256: f.sha256,
              url: fileUrl(f.id, f.name),
            },
          ]
        : [];
    });
  }

  async function view(trx: CmsDb, ctx: RequestContext, id: string): Promise<ArticleView> {
    const a = await articleRow(trx, id);
    const v = await versionRow(trx, id, a.version);
    const pub = (await openPublications(trx, [id])).get(id);
    const now = deps.clock.now();
    return {
      id: a.id,
      slug: a.slug,
      channel: v.channel,
      category: v.category,
      title: v.title,
      summary: v.summary,
      bodyHtml: v.body_html,
      attachments: await filesOf(trx, v.attachments),
      status: shownStatus(a.status, pub, now),
      version: a.version,
      updatedAt: a.updated_at.toISOString(),
      live: live(pub, now),
      reviewComment: a.review_comment,
      createdBy: a.created_by,
      savedBy: v.saved_by,
      actions: allowedActions(ctx.actor.role, a.status, !!pub),
      canEdit: WRITERS.includes(ctx.actor.role) && EDITABLE.includes(a.status),
    };
  }

  /** Checks the input (attachments must exist) and cleans the body. */
  async function prepared(trx: CmsDb, input: ArticleInput) {
    const a = ArticleInputSchema.parse(input);
    const attachments = [...new Set(a.attachments)];
    const found = await filesOf(trx, attachments);
    const missing = attachments.find((f) => !found.some((x) => x.id === f));
    if (missing) throw P.file_not_found({ id: missing });
    return { ...a, attachments, bodyHtml: sanitizeBody(a.bodyHtml).html };
  }

  async function slugFree(trx: CmsDb, slug: string, except: string | null) {
    const other = await trx
      .selectFrom('cms.articles')
      .select('id')
      .where('slug', '=', slug)
      .$if(!!except, (q) => q.where('id', '<>', except as string))
      .executeTakeFirst();
    if (other) throw P.slug_taken({ slug });
  }

  const versionValues = (
    id: string,
    version: number,
    a: Awaited<ReturnType<typeof prepared>>,
    by: string,
  ) => ({
    article_id: id,
    version,
    channel: a.channel,
    category: a.category,
    title: a.title,
    summary: a.summary,
    body_html: a.bodyHtml,
    attachments: a.attachments,
    saved_by: by,
  });

  function illegal(status: ArticleStatus, action: WorkflowAction) {
    return P.illegal_transition({
      status: STATUS_NAMES[status].en,
      statusZh: STATUS_NAMES[status].zh,
      actionZh: ACTION_NAMES[action].zh,
      actionEn: ACTION_NAMES[action].en,
    });
  }

  /**
   * Decides when a publish becomes visible. `releaseMinute` is looked up before the transaction
   * (publication reads through its own connection; PGlite has only one).
   */
  function visibleFromOf(
    input: PublishInput,
    now: Date,
    releaseMinute: Date | null,
  ): { from: Date; releaseId: string | null } {
    if (input.mode === 'now') return { from: now, releaseId: null };
    if (input.mode === 'at') {
      const at = new Date(input.publishAt);
      if (at.getUTCSeconds() !== 0 || at.getUTCMilliseconds() !== 0) throw P.publish_at_minute();
      if (at <= now) throw P.publish_at_past({ now: now.toISOString() });
      return { from: at, releaseId: null };
    }
    if (!releaseMinute) throw P.release_not_found({ id: input.releaseId });
    // A release already out: the article follows it now rather than pretending to have been there.
    return { from: releaseMinute > now ? releaseMinute : now, releaseId: input.releaseId };
  }

  return {
    async list(
      ctx: RequestContext,
      q: { channel?: string; status?: ArticleStatus; q?: string; page: number; pageSize: number },
    ): Promise<{ items: ArticleSummaryView[]; total: number }> {
      assertRole(ctx.actor, WRITERS);
      const now = deps.clock.now();
      let base = db
        .selectFrom('cms.articles as a')
        .innerJoin('cms.article_versions as v', (j) =>
          j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.version'),
        )
        .leftJoin('cms.publications as p', (j) =>
          j.onRef('p.article_id', '=', 'a.id').on('p.visible_to', 'is', null),
        );
      if (q.channel) base = base.where('v.channel', '=', q.channel as never);
      if (q.q)
        base = base.where((e) =>
          e.or([
            e('v.title', 'ilike', containsPattern(q.q as string)),
            e('a.slug', 'ilike', containsPattern(q.q as string)),
          ]),
        );
      if (q.status === 'scheduled')
        base = base.where('a.status', '=', 'published').where('p.visible_from', '>', now);
      else if (q.status === 'published')
        base = base.where('a.status', '=', 'published').where('p.visible_from', '<=', now);
      else if (q.status) base = base.where('a.status', '=', q.status);
      const rows = await base
        .select([
          'a.id',
          'a.slug',
          'a.status',
          'a.version',
          'a.updated_at',
          'v.channel',
          'v.category',
          'v.title',
          'p.version as p_version',
          'p.visible_from',
          'p.release_id',
          sql<number>`count(*) over ()`.as('total'),
        ])
        .orderBy('a.updated_at', 'desc')
        .orderBy('a.id')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return {
        total: Number(rows[0]?.total ?? 0),
        items: rows.map((r) => {
          const pub =
            r.p_version != null && r.visible_from
              ? ({
                  version: r.p_version,
                  visible_from: r.visible_from,
                  release_id: r.release_id,
                } as PublicationRow)
              : undefined;
          return {
            id: r.id,
            slug: r.slug,
            channel: r.channel,
            category: r.category,
            title: r.title,
            status: shownStatus(r.status, pub, now),
            version: r.version,
            updatedAt: (r.updated_at as Date).toISOString(),
            live: live(pub, now),
          };
        }),
      };
    },

    get: (ctx: RequestContext, id: string) => {
      assertRole(ctx.actor, WRITERS);
      return view(db, ctx, id);
    },

    /** A new article: version 1, a draft. */
    async create(ctx: RequestContext, input: ArticleInput): Promise<ArticleView> {
      assertRole(ctx.actor, WRITERS);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        const a = await prepared(trx, input);
        await slugFree(trx, a.slug, null);
        await trx
          .insertInto('cms.articles')
          .values({ id, slug: a.slug, status: 'draft', version: 1, created_by: ctx.actor.username })
          .execute();
        await trx
          .insertInto('cms.article_versions')
          .values(versionValues(id, 1, a, ctx.actor.username))
          .execute();
        await recordAudit(trx, who(ctx), {
          action: 'cms.article_create',
          entityType: 'cms.article',
          entityId: id,
          after: { slug: a.slug, channel: a.channel, title: a.title, version: 1 },
        });
      });
      return view(db, ctx, id);
    },

    /**
     * Saves a new version. From approved, published or withdrawn the article becomes a draft
     * again; whatever the public sees stays until the new version is published.
     */
    async save(
      ctx: RequestContext,
      id: string,
      input: ArticleInput & { baseVersion: number },
    ): Promise<ArticleView> {
      assertRole(ctx.actor, WRITERS);
      await db.transaction().execute(async (trx) => {
        const row = await articleRow(trx, id, true);
        if (!EDITABLE.includes(row.status)) throw P.not_editable();
        if (input.baseVersion !== row.version) throw P.stale_version({ current: row.version });
        const { baseVersion: _, ...fields } = input;
        const a = await prepared(trx, fields);
        if (a.slug !== row.slug) {
          const everPublished = await trx
            .selectFrom('cms.publications')
            .select('id')
            .where('article_id', '=', id)
            .executeTakeFirst();
          if (everPublished) throw P.slug_frozen({ slug: row.slug });
          await slugFree(trx, a.slug, id);
        }
        const version = row.version + 1;
        await trx
          .insertInto('cms.article_versions')
          .values(versionValues(id, version, a, ctx.actor.username))
          .execute();
        await trx
          .updateTable('cms.articles')
          .set({ slug: a.slug, version, status: 'draft', updated_at: sql`now()` })
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, who(ctx), {
          action: 'cms.article_save',
          entityType: 'cms.article',
          entityId: id,
          before: { status: row.status, version: row.version },
          after: { status: 'draft', version, title: a.title },
        });
      });
      return view(db, ctx, id);
    },

    async versions(ctx: RequestContext, id: string) {
      assertRole(ctx.actor, WRITERS);
      await articleRow(db, id);
      const now = deps.clock.now();
      const visible = await db
        .selectFrom('cms.publications')
        .select('version')
        .where('article_id', '=', id)
        .where('visible_from', '<=', now)
        .where((e) => e.or([e('visible_to', 'is', null), e('visible_to', '>', now)]))
        .executeTakeFirst();
      const rows = await db
        .selectFrom('cms.article_versions')
        .select(['version', 'title', 'saved_by', 'saved_at'])
        .where('article_id', '=', id)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((r) => ({
        version: r.version,
        title: r.title,
        savedBy: r.saved_by,
        savedAt: (r.saved_at as Date).toISOString(),
        live: visible?.version === r.version,
      }));
    },

    async version(ctx: RequestContext, id: string, version: number) {
      assertRole(ctx.actor, WRITERS);
      await articleRow(db, id);
      const v = await versionRow(db, id, version);
      return {
        version: v.version,
        channel: v.channel,
        category: v.category,
        title: v.title,
        summary: v.summary,
        bodyHtml: v.body_html,
        attachments: await filesOf(db, v.attachments),
        savedBy: v.saved_by,
        savedAt: v.saved_at.toISOString(),
      };
    },

    /** Takes a workflow action; 403 for a role that may not, 409 for a status it cannot start from. */
    async act(
      ctx: RequestContext,
      id: string,
      action: WorkflowAction,
      input: { comment?: string; publish?: PublishInput } = {},
    ): Promise<ArticleView> {
      assertRole(ctx.actor, TRANSITIONS[action].roles);
      let changedPublic = false;
      const publish = input.publish ?? { mode: 'now' };
      const releaseMinute =
        action === 'publish' && publish.mode === 'release'
          ? await deps.releaseMinute(publish.releaseId, deps.clock.now())
          : null;
      await db.transaction().execute(async (trx) => {
        const row = await articleRow(trx, id, true);
        const now = deps.clock.now();
        const open = (await openPublications(trx, [id])).get(id);
        if (!TRANSITIONS[action].from.includes(row.status) || (action === 'withdraw' && !open))
          throw illegal(shownStatus(row.status, open, now), action);
        const status = nextStatus(action, row.status);
        let details: Record<string, unknown> = {};
        if (action === 'publish') {
          const { from, releaseId } = visibleFromOf(publish, now, releaseMinute);
          const v = await versionRow(trx, id, row.version);
          // Whatever was (or would have been) public from `from` on gives way to this version.
          await trx
            .updateTable('cms.publications')
            .set({ visible_to: sql`greatest(visible_from, ${from})` })
            .where('article_id', '=', id)
            .where((e) => e.or([e('visible_to', 'is', null), e('visible_to', '>', from)]))
            .execute();
          const fileIds = [...new Set([...v.attachments, ...sanitizeBody(v.body_html).fileIds])];
          await trx
            .insertInto('cms.publications')
            .values({
              article_id: id,
              version: row.version,
              visible_from: from,
              release_id: releaseId,
              file_ids: fileIds,
              published_by: ctx.actor.username,
            })
            .execute();
          details = { visibleFrom: from.toISOString(), releaseId, version: row.version };
          changedPublic = true;
        }
        if (action === 'withdraw') {
          await trx
            .updateTable('cms.publications')
            .set({ visible_to: sql`greatest(visible_from, ${now})` })
            .where('article_id', '=', id)
            .where((e) => e.or([e('visible_to', 'is', null), e('visible_to', '>', now)]))
            .execute();
          changedPublic = true;
        }
        await trx
          .updateTable('cms.articles')
          .set({
            status,
            review_comment:
              action === 'return' ? (input.comment ?? null) : action === 'submit' ? null : row.review_comment,
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, who(ctx), {
          action: `cms.article_${action}`,
          entityType: 'cms.article',
          entityId: id,
          before: { status: row.status },
          after: { status },
          details: { ...details, ...(input.comment ? { comment: input.comment } : {}) },
        });
      });
      if (changedPublic) deps.notifier.emit();
      return view(db, ctx, id);
    },

    /** What a body becomes once cleaned (the editor's preview). */
    preview(ctx: RequestContext, bodyHtml: string) {
      assertRole(ctx.actor, WRITERS);
      return { bodyHtml: sanitizeBody(bodyHtml).html };
    },

    /**
     * Moves release-bound publications not yet visible to their release's current minute (a
     * release can be moved until it is out). Returns whether anything changed.
     */
    async followReleases(): Promise<boolean> {
      const now = deps.clock.now();
      const pending = await db
        .selectFrom('cms.publications')
        .select(['id', 'article_id', 'version', 'release_id', 'visible_from'])
        .where('release_id', 'is not', null)
        .where('visible_from', '>', now)
        .where('visible_to', 'is', null)
        .execute();
      let changed = false;
      for (const p of pending) {
        const target = await deps.releaseMinute(p.release_id as string, now);
        const old = p.visible_from as Date;
        if (target && target.getTime() === old.getTime()) continue;
        await db.transaction().execute(async (trx) => {
          // The version it replaces was public until the old minute; it now gives way at the new
          // one, or — the release cancelled — stays public.
          const replaced = trx
            .updateTable('cms.publications')
            .where('article_id', '=', p.article_id)
            .where('id', '<>', p.id)
            .where('visible_to', '=', old)
            .where('visible_from', '<', old);
          if (target) {
            await trx
              .updateTable('cms.publications')
              .set({ visible_from: target })
              .where('id', '=', p.id)
              .execute();
            await replaced.set({ visible_to: sql`greatest(visible_from, ${target})` }).execute();
          } else {
            await trx
              .updateTable('cms.publications')
              .set({ visible_to: sql`visible_from` })
              .where('id', '=', p.id)
              .execute();
            await replaced.set({ visible_to: null }).execute();
            // The version bound to the release waits, approved, for a publisher to publish it otherwise.
            await trx
              .updateTable('cms.articles')
              .set({ status: 'approved', updated_at: sql`now()` })
              .where('id', '=', p.article_id)
              .where('version', '=', p.version)
              .where('status', '=', 'published')
              .execute();
          }
          await recordAudit(
            trx,
            { actor: null, ip: null, userAgent: null },
            {
              action: 'cms.article_follow_release',
              entityType: 'cms.article',
              entityId: p.article_id,
              before: { visibleFrom: old.toISOString() },
              after: { visibleFrom: target?.toISOString() ?? null, releaseId: p.release_id },
            },
          );
        });
        changed = true;
      }
      if (changed) deps.notifier.emit();
      return changed;
    },
  };
}
export type Articles = ReturnType<typeof createArticles>;
