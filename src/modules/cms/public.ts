/**
 * `api.public` (docs/design/publication.md): what the website shows of articles and questions at
 * an instant `at`. A publication is visible while `visible_from <= at < visible_to`, a question
 * once its `published_at <= at`; nothing else is ever read here.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { PublicArticle, PublicArticleSummary, PublicQuestion } from './contract.ts';
import { type CmsDb, type CmsTables, fileUrl, type QuestionRow } from './repo.ts';

type Eb = ExpressionBuilder<{ p: CmsTables['cms.publications'] } & Record<string, any>, 'p'>;

/** `p` is visible at `at`. */
const visibleAt = (at: Date) => (e: Eb) =>
  e.and([e('p.visible_from', '<=', at), e.or([e('p.visible_to', 'is', null), e('p.visible_to', '>', at)])]);

export function createPublicReads(deps: { db: Db }) {
  const db = deps.db as CmsDb;

  /** Visible publications joined to their version, with the first minute the article went public. */
  const visible = (at: Date) =>
    db
      .selectFrom('cms.publications as p')
      .innerJoin('cms.articles as a', 'a.id', 'p.article_id')
      .innerJoin('cms.article_versions as v', (j) =>
        j.onRef('v.article_id', '=', 'p.article_id').onRef('v.version', '=', 'p.version'),
      )
      .where(visibleAt(at) as never)
      .select([
        'p.article_id as id',
        'a.slug',
        'v.channel',
        'v.category',
        'v.title',
        'v.summary',
        'p.release_id',
        'p.visible_from',
        'p.version',
        'v.body_html',
        'v.attachments',
        // 首次发布: the earliest minute any version of it was actually public (up to `at`).
        sql<Date>`(select min(f.visible_from) from cms.publications f
          where f.article_id = p.article_id and f.visible_from <= ${at}
            and (f.visible_to is null or f.visible_to > f.visible_from))`.as('first_from'),
      ]);

  const summary = (r: {
    id: string;
    slug: string;
    channel: string;
    category: string | null;
    title: string;
    summary: string;
    release_id: string | null;
    first_from: Date;
  }): PublicArticleSummary => ({
    id: r.id,
    slug: r.slug,
    channel: r.channel,
    category: r.category,
    title: r.title,
    summary: r.summary,
    publishedAt: new Date(r.first_from).toISOString(),
    releaseId: r.release_id,
  });

  const question = (r: QuestionRow): PublicQuestion => ({
    id: r.id,
    title: r.title,
    body: r.body,
    askedAt: r.asked_at.toISOString(),
    answer: r.answer ?? '',
    answeredAt: (r.answered_at as Date).toISOString(),
    publishedAt: (r.published_at as Date).toISOString(),
  });

  return {
    async articles(
      q: { channel?: string; category?: string; page: number; pageSize: number },
      at: Date,
    ): Promise<{ items: PublicArticleSummary[]; total: number }> {
      const page = Math.max(1, Math.floor(q.page) || 1);
      const pageSize = Math.min(100, Math.max(1, Math.floor(q.pageSize) || 20));
      let query = visible(at);
      if (q.channel) query = query.where('v.channel', '=', q.channel as never);
      if (q.category) query = query.where('v.category', '=', q.category);
      const rows = await db
        .selectFrom(query.as('x'))
        .selectAll()
        .select(sql<number>`count(*) over ()`.as('total'))
        .orderBy('first_from', 'desc')
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return { items: rows.map(summary), total: Number(rows[0]?.total ?? 0) };
    },

    async article(slugOrId: string, at: Date): Promise<PublicArticle | null> {
      const r = await visible(at)
        .where((e) => e.or([e('a.slug', '=', slugOrId), e('a.id', '=', slugOrId)]))
        .executeTakeFirst();
      if (!r) return null;
      const files = r.attachments.length
        ? await db.selectFrom('cms.files').selectAll().where('id', 'in', r.attachments).execute()
        : [];
      const byId = new Map(files.map((f) => [f.id, f]));
      const first = new Date(r.first_from);
      return {
        ...summary(r),
        bodyHtml: r.body_html,
        attachments: r.attachments.flatMap((id) => {
          const f = byId.get(id);
          return f
            ? [{ id: f.id, name: f.name, size: Number(f.size), mime: f.mime, url: fileUrl(f.id, f.name) }]
            : [];
        }),
        revisedAt: r.visible_from > first ? r.visible_from.toISOString() : null,
      };
    },

    async questions(
      q: { page: number; pageSize: number },
      at: Date,
    ): Promise<{ items: PublicQuestion[]; total: number }> {
      const page = Math.max(1, Math.floor(q.page) || 1);
      const pageSize = Math.min(100, Math.max(1, Math.floor(q.pageSize) || 20));
      const rows = await db
        .selectFrom('cms.questions')
        .selectAll()
        .select(sql<number>`count(*) over ()`.as('total'))
        .where('status', '=', 'published')
        .where('published_at', '<=', at)
        .orderBy('published_at', 'desc')
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return { items: rows.map(question), total: Number(rows[0]?.total ?? 0) };
    },

    async question(id: string, at: Date): Promise<PublicQuestion | null> {
      const r = await db
        .selectFrom('cms.questions')
        .selectAll()
        .where('id', '=', id)
        .where('status', '=', 'published')
        .where('published_at', '<=', at)
        .executeTakeFirst();
      return r ? question(r) : null;
    },

    /** The next instant after `at` at which anything public starts or stops being visible. */
    async nextChangeAfter(at: Date): Promise<Date | null> {
      const r = await sql<{ next: Date | null }>`
        select min(t) as next from (
          select visible_from as t from cms.publications
          where visible_from > ${at} and (visible_to is null or visible_to > visible_from)
          union all
          select visible_to from cms.publications where visible_to > ${at} and visible_to > visible_from
          union all
          select published_at from cms.questions where status = 'published' and published_at > ${at}
        ) changes`.execute(db);
      const next = r.rows[0]?.next;
      return next ? new Date(next) : null;
    },

    /** Whether a file belongs to an article the public sees at `at`. */
    async fileIsPublic(id: string, at: Date): Promise<boolean> {
      const r = await db
        .selectFrom('cms.publications as p')
        .select('p.id')
        .where(visibleAt(at) as never)
        .where(sql<boolean>`${id} = any(p.file_ids)`)
        .executeTakeFirst();
      return !!r;
    },
  };
}
export type PublicReads = ReturnType<typeof createPublicReads>;
