/**
 * Public questions (互动交流): asked by anyone through the website (plain text, length limits, a
 * rate limit per address), answered by editors, published or rejected by publishers. Text is
 * stored exactly as typed and never interpreted as markup; the website escapes it on output.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { assertRole } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AskInput, type QuestionStatus, type QuestionView } from './contract.ts';
import { PUBLISHERS, WRITERS } from './domain/workflow.ts';
import { cmsProblems as P } from './problems.ts';
import type { CmsDb, Notifier, QuestionChange, QuestionRow } from './repo.ts';

/** At most this many questions from one address within the window. */
export const ASK_LIMIT = 3;
export const ASK_WINDOW_MINUTES = 10;

const STATUS_ZH: Record<QuestionStatus, string> = {
  pending: '待处理',
  answered: '已答复待发布',
  published: '已公开',
  rejected: '不予公开',
};

const FIELD_ZH: Record<string, string> = { title: '标题', body: '内容', name: '姓名', contact: '联系方式' };

/** One problem of a question, said plainly in both languages (the site shows it beside the form). */
function describeIssue(i: {
  code: string;
  path: PropertyKey[];
  message: string;
  maximum?: unknown;
  keys?: string[];
}) {
  const field = String(i.path[0] ?? '');
  const zhField = FIELD_ZH[field] ?? field;
  switch (i.code) {
    case 'too_small':
      return { field, zh: `请填写${zhField}`, en: `${field} is required` };
    case 'too_big':
      return {
        field,
        zh: `${zhField}不能超过 ${i.maximum} 个字`,
        en: `${field} may have at most ${i.maximum} characters`,
      };
    case 'invalid_type':
      return { field, zh: `请填写${zhField}`, en: `${field} must be text` };
    case 'unrecognized_keys':
      return {
        field,
        zh: `不接受的字段：${(i.keys ?? []).join('、')}`,
        en: `unknown fields: ${(i.keys ?? []).join(', ')}`,
      };
    default:
      return { field, zh: `${zhField}含有不允许的控制字符`, en: `${field}: ${i.message}` };
  }
}

export function createQuestions(deps: { db: Db; clock: Clock; notifier: Notifier }) {
  const db = deps.db as CmsDb;

  const present = (r: QuestionRow): QuestionView => ({
    id: r.id,
    title: r.title,
    body: r.body,
    name: r.asker_name,
    contact: r.contact,
    askedAt: r.asked_at.toISOString(),
    status: r.status,
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at?.toISOString() ?? null,
    publishedAt: r.published_at?.toISOString() ?? null,
    moderationNote: r.moderation_note,
  });

  async function locked(trx: CmsDb, id: string) {
    const r = await trx
      .selectFrom('cms.questions')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw P.question_not_found({ id });
    return r;
  }

  function wrongState(status: QuestionStatus, zh: string, en: string) {
    return P.question_state({ status, actionZh: zh, actionEn: en, statusZh: STATUS_ZH[status] });
  }

  /** One moderation step in a transaction, audited; `emit` when the public list changes. */
  async function step(
    ctx: RequestContext,
    id: string,
    action: string,
    change: (r: QuestionRow) => QuestionChange,
    emit = false,
  ) {
    const out = await db.transaction().execute(async (trx) => {
      const r = await locked(trx, id);
      const set = change(r);
      const updated = await trx
        .updateTable('cms.questions')
        .set(set)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: `cms.question_${action}`,
        entityType: 'cms.question',
        entityId: id,
        before: { status: r.status },
        after: { status: updated.status },
      });
      return present(updated);
    });
    if (emit) deps.notifier.emit();
    return out;
  }

  return {
    /** The website's ask form: 400 listing what is wrong, 429 past the rate limit. */
    async ask(input: unknown, origin: { ip: string }): Promise<{ id: string }> {
      const parsed = AskInput.safeParse(input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map(describeIssue);
        throw P.ask_invalid(
          { zh: issues.map((i) => i.zh).join('；'), en: issues.map((i) => i.en).join('; ') },
          { issues },
        );
      }
      const q = parsed.data;
      // A keyed hash, not the address: enough to count, nothing to show.
      const askerKey = createHash('sha256').update(`cms.ask:${origin.ip}`).digest('hex');
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        // One asker at a time, so two quick requests cannot both pass the count.
        await sql`select pg_advisory_xact_lock(hashtext(${askerKey}))`.execute(trx);
        const recent = await trx
          .selectFrom('cms.questions')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('asker_key', '=', askerKey)
          .where('asked_at', '>', sql<Date>`now() - make_interval(mins => ${ASK_WINDOW_MINUTES})`)
          .executeTakeFirstOrThrow();
        if (Number(recent.n) >= ASK_LIMIT)
          throw P.ask_rate_limited({ limit: ASK_LIMIT, minutes: ASK_WINDOW_MINUTES });
        await trx
          .insertInto('cms.questions')
          .values({
            id,
            title: q.title,
            body: q.body,
            asker_name: q.name || null,
            contact: q.contact || null,
            asker_key: askerKey,
            status: 'pending',
          })
          .execute();
        await recordAudit(
          trx,
          { actor: null, ip: origin.ip, userAgent: null },
          {
            action: 'cms.question_ask',
            entityType: 'cms.question',
            entityId: id,
            after: { title: q.title },
          },
        );
      });
      return { id };
    },

    async list(ctx: RequestContext, q: { status?: QuestionStatus; page: number; pageSize: number }) {
      assertRole(ctx.actor, WRITERS);
      const rows = await db
        .selectFrom('cms.questions')
        .selectAll()
        .select(sql<number>`count(*) over ()`.as('total'))
        .$if(!!q.status, (x) => x.where('status', '=', q.status as QuestionStatus))
        .orderBy('asked_at', 'desc')
        .orderBy('id')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return { items: rows.map(present), total: Number(rows[0]?.total ?? 0) };
    },

    /** 答复: editors draft (or redraft) the answer; a published answer changes only by unpublishing first. */
    answer(ctx: RequestContext, id: string, answer: string) {
      assertRole(ctx.actor, WRITERS);
      return step(ctx, id, 'answer', (r) => {
        if (r.status !== 'pending' && r.status !== 'answered') throw wrongState(r.status, '答复', 'answered');
        return { status: 'answered', answer, answered_by: ctx.actor.username, answered_at: deps.clock.now() };
      });
    },

    /** 公开: the answered question appears on the website from now. */
    publish(ctx: RequestContext, id: string) {
      assertRole(ctx.actor, PUBLISHERS);
      return step(
        ctx,
        id,
        'publish',
        (r) => {
          if (r.status !== 'answered') throw wrongState(r.status, '公开', 'published');
          return { status: 'published', published_at: deps.clock.now(), published_by: ctx.actor.username };
        },
        true,
      );
    },

    /** 撤回: back to answered, off the website. */
    unpublish(ctx: RequestContext, id: string) {
      assertRole(ctx.actor, PUBLISHERS);
      return step(
        ctx,
        id,
        'unpublish',
        (r) => {
          if (r.status !== 'published') throw wrongState(r.status, '撤回', 'unpublished');
          return { status: 'answered', published_at: null, published_by: null };
        },
        true,
      );
    },

    /** 不予公开: spam or out of scope, with the reason kept for the record. */
    reject(ctx: RequestContext, id: string, note: string) {
      assertRole(ctx.actor, PUBLISHERS);
      return step(ctx, id, 'reject', (r) => {
        if (r.status === 'published' || r.status === 'rejected')
          throw wrongState(r.status, '不予公开', 'rejected');
        return { status: 'rejected', moderation_note: note };
      });
    },
  };
}
export type Questions = ReturnType<typeof createQuestions>;
