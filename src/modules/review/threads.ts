/**
 * Conversations about a submission: cell-level queries (查询) — a reviewer asks about a cell, the
 * unit answers, the thread is kept — and verdicts on the unit's explanations (说明) of failing
 * verify rules. Each write is one transaction with its audit event.
 */
import { randomUUID } from 'node:crypto';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { assertRole } from '../../platform/auth.ts';
import { type Access, entityId, REVIEWERS, type ReviewDeps } from './access.ts';
import { effectiveState, levelOfRole, type ReviewLevel } from './domain/levels.ts';
import { reviewProblems as P } from './problems.ts';
import { type ReviewDb, reviewRepo, type SubmissionKey } from './repo.ts';
import { recordSeenFailures } from './tallies.ts';

const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });

export function createThreads(deps: ReviewDeps, db: ReviewDb, access: Access) {
  /** The level a reviewer speaks for: their own, or (administrators) the submission's current one. */
  async function speakingLevel(
    ctx: RequestContext,
    k: SubmissionKey,
    levels: readonly ReviewLevel[],
    status: string,
  ) {
    const own = levelOfRole(ctx.actor.role);
    if (own) return own;
    const stored = await reviewRepo.state(db, k);
    return effectiveState(status as 'submitted', stored, levels).level;
  }

  async function addMessage(
    trx: ReviewDb,
    ctx: RequestContext,
    unitId: string,
    queryId: string,
    body: string,
  ) {
    const last = await trx
      .selectFrom('review.query_messages')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('unit_id', '=', unitId)
      .where('query_id', '=', queryId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await trx
      .insertInto('review.query_messages')
      .values({
        unit_id: unitId,
        query_id: queryId,
        seq,
        author_id: ctx.actor.accountId,
        author_name: ctx.actor.username,
        author_role: ctx.actor.role,
        body,
      })
      .execute();
    return seq;
  }

  return {
    /** A reviewer asks about one cell of a handed-in submission. */
    async openQuery(ctx: RequestContext, k: SubmissionKey, input: { cell: string; body: string }) {
      assertRole(ctx.actor, REVIEWERS);
      const { sub, levels } = await access.load(ctx.actor, k, REVIEWERS);
      const version = await deps.surveys().definitionFor(k.formId, k.period);
      if (!version?.model.cells.has(input.cell)) throw P.unknown_cell({ cell: input.cell });
      const level = await speakingLevel(ctx, k, levels, sub.status);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('review.queries')
          .values({
            unit_id: k.unitId,
            id,
            form_id: k.formId,
            period: k.period,
            cell: input.cell,
            level,
            status: 'open',
            opened_by: ctx.actor.username,
          })
          .execute();
        await addMessage(trx, ctx, k.unitId, id, input.body);
        await recordAudit(trx, who(ctx), {
          action: 'review.query_opened',
          entityType: 'submission',
          entityId: entityId(k),
          after: { queryId: id, cell: input.cell, level },
          details: { body: input.body },
        });
      });
      return id;
    },

    /** The unit (or a reviewer) adds to an open query's thread. */
    async reply(ctx: RequestContext, k: SubmissionKey, queryId: string, body: string) {
      await access.load(ctx.actor, k, [...REVIEWERS, 'enterprise']);
      await db.transaction().execute(async (trx) => {
        const q = await reviewRepo.query(trx, k.unitId, queryId);
        if (!q || q.form_id !== k.formId || q.period !== k.period) throw P.query_not_found();
        if (q.status !== 'open') throw P.query_closed();
        const seq = await addMessage(trx, ctx, k.unitId, queryId, body);
        await recordAudit(trx, who(ctx), {
          action: 'review.query_answered',
          entityType: 'submission',
          entityId: entityId(k),
          after: { queryId, seq },
          details: { body },
        });
      });
    },

    /** A reviewer closes a query (answered, or no longer relevant). */
    async closeQuery(ctx: RequestContext, k: SubmissionKey, queryId: string) {
      assertRole(ctx.actor, REVIEWERS);
      await access.load(ctx.actor, k, REVIEWERS);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('review.queries')
          .set({ status: 'closed', closed_by: ctx.actor.username, closed_at: new Date() })
          .where('unit_id', '=', k.unitId)
          .where('id', '=', queryId)
          .where('form_id', '=', k.formId)
          .where('period', '=', k.period)
          .where('status', '=', 'open')
          .returning('id')
          .executeTakeFirst();
        if (!row) {
          const q = await reviewRepo.query(trx, k.unitId, queryId);
          throw q && q.form_id === k.formId && q.period === k.period ? P.query_closed() : P.query_not_found();
        }
        await recordAudit(trx, who(ctx), {
          action: 'review.query_closed',
          entityType: 'submission',
          entityId: entityId(k),
          after: { queryId, status: 'closed' },
        });
      });
    },

    /** A reviewer accepts or rejects the unit's explanation of a failing verify rule. */
    async judgeExplanation(
      ctx: RequestContext,
      k: SubmissionKey,
      ruleId: string,
      input: { verdict: 'accepted' | 'rejected'; note?: string },
    ) {
      assertRole(ctx.actor, REVIEWERS);
      const { sub, levels } = await access.load(ctx.actor, k, REVIEWERS);
      if (sub.status === 'approved') throw P.not_pending({ status: sub.status });
      const level = await speakingLevel(ctx, k, levels, sub.status);
      const contents = await deps.collection().contents(deps.db, k);
      const failing = contents.results.find(
        (r) => r.ruleId === ruleId && r.outcome === 'fail' && r.severity === 'verify',
      );
      const explanation = contents.explanations.find((e) => e.ruleId === ruleId);
      if (!failing || !explanation) throw P.no_explanation({ ruleId });
      const note = input.note?.trim() || null;
      await db.transaction().execute(async (trx) => {
        const before = (await reviewRepo.verdicts(trx, k)).find((v) => v.rule_id === ruleId);
        const values = {
          verdict: input.verdict,
          note,
          explanation: explanation.body,
          level,
          reviewer_id: ctx.actor.accountId,
          reviewer_name: ctx.actor.username,
          reviewed_at: new Date(),
        };
        await trx
          .insertInto('review.explanation_reviews')
          .values({ unit_id: k.unitId, form_id: k.formId, period: k.period, rule_id: ruleId, ...values })
          .onConflict((oc) => oc.columns(['unit_id', 'form_id', 'period', 'rule_id']).doUpdateSet(values))
          .execute();
        await recordSeenFailures(trx, k, contents.results);
        await recordAudit(trx, who(ctx), {
          action:
            input.verdict === 'accepted' ? 'review.explanation_accepted' : 'review.explanation_rejected',
          entityType: 'submission',
          entityId: entityId(k),
          before: before ? { verdict: before.verdict, note: before.note } : null,
          after: { ruleId, verdict: input.verdict, note },
          details: { explanation: explanation.body },
        });
      });
    },
  };
}
