/**
 * Decisions (审核决定): approve (up one level; final at the top), return to the unit or to a lower
 * level with a reason, reopen after final approval (top level only, with a reason). Each is one
 * transaction: review's state (guarded by the version the reviewer read), the decision row,
 * collection's status through its transitions (guarded by collection's row version), the
 * failures seen and the audit event. Everything else is read before the transaction opens.
 */
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type { PreparedApproval } from '../aggregation/index.ts';
import { type Access, entityId, REVIEWERS, type ReviewDeps } from './access.ts';
import { storedOf } from './board.ts';
import type { DecisionRequest } from './contract.ts';
import {
  type Decision,
  decide,
  type EffectiveState,
  effectiveState,
  levelOfRole,
  type ReviewLevel,
  topLevel,
} from './domain/levels.ts';
import { reviewProblems as P } from './problems.ts';
import { type ReviewDb, reviewRepo, type SubmissionKey } from './repo.ts';
import { recordSeenFailures } from './tallies.ts';

export const LEVEL_NAME: Record<ReviewLevel, { 'zh-CN': string; 'en-US': string }> = {
  township: { 'zh-CN': '乡镇', 'en-US': 'township' },
  county: { 'zh-CN': '区县', 'en-US': 'county' },
  city: { 'zh-CN': '市', 'en-US': 'city' },
};

const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });

function isUniqueViolation(e: unknown) {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

/** Whether the actor decides at a level (administrators act for any level). */
function assertAtLevel(actor: Actor, level: ReviewLevel) {
  if (actor.role === 'admin') return;
  if (levelOfRole(actor.role) !== level) throw P.not_your_level({ level: LEVEL_NAME[level] });
}

/** What review's decisions need of aggregation (汇总): see aggregation/maintenance.ts. */
export interface ReviewAggregation {
  prepare(k: SubmissionKey): Promise<PreparedApproval | null>;
  approve(trx: Db, k: SubmissionKey, by: string, prepared: PreparedApproval): Promise<void>;
  withdraw(trx: Db, k: SubmissionKey, by: string): Promise<boolean>;
}

export function createDecisions(deps: ReviewDeps, db: ReviewDb, access: Access) {
  /**
   * Writes review's new state, guarded by the version the reviewer read: 0 rows updated, or a
   * first state inserted twice, is someone else's decision in between (409).
   */
  async function writeState(
    trx: ReviewDb,
    k: SubmissionKey,
    expected: number,
    next: { level: ReviewLevel; status: EffectiveState['status']; round: number; reason: string | null },
    by: string,
  ) {
    const values = { ...next, updated_by: by, updated_at: new Date() };
    if (expected === 0) {
      await trx
        .insertInto('review.states')
        .values({ unit_id: k.unitId, form_id: k.formId, period: k.period, ...values, version: 1 })
        .execute();
      return 1;
    }
    const row = await trx
      .updateTable('review.states')
      .set({ ...values, version: expected + 1 })
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .where('version', '=', expected)
      .returning('version')
      .executeTakeFirst();
    if (!row) throw P.conflict({ current: expected + 1 });
    return row.version;
  }

  async function appendDecision(
    trx: ReviewDb,
    ctx: RequestContext,
    k: SubmissionKey,
    d: {
      round: number;
      level: ReviewLevel;
      decision: 'approve' | 'return_to_unit' | 'return_to_level' | 'reopen';
      toLevel: ReviewLevel | null;
      reason: string | null;
    },
  ) {
    const last = await trx
      .selectFrom('review.decisions')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .executeTakeFirst();
    await trx
      .insertInto('review.decisions')
      .values({
        unit_id: k.unitId,
        form_id: k.formId,
        period: k.period,
        seq: Number(last?.seq ?? 0) + 1,
        round: d.round,
        level: d.level,
        decision: d.decision,
        to_level: d.toLevel,
        reason: d.reason,
        actor_id: ctx.actor.accountId,
        actor_name: ctx.actor.username,
        actor_role: ctx.actor.role,
      })
      .execute();
  }

  /** Turns a racing first decision (both inserting the state) into the same 409 as a stale version. */
  async function guarded<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isUniqueViolation(e)) throw P.conflict({ current: 1 });
      throw e;
    }
  }

  /**
   * Inside the decision's transaction: the handed-in submission and its review state, refused as a
   * conflict unless the caller decided on the state version it read.
   */
  async function current(trx: ReviewDb, k: SubmissionKey, levels: readonly ReviewLevel[], version: number) {
    const sub = await deps.collection().submission(trx, k);
    if (!sub || sub.status === 'draft') throw P.submission_not_found();
    const stored = await reviewRepo.state(trx, k);
    const state = effectiveState(sub.status, storedOf(stored), levels);
    if (state.version !== version) throw P.conflict({ current: state.version });
    return { sub, state };
  }

  return {
    /** Approve, or return to the unit or a lower level (with a reason), at the current level. */
    async decide(ctx: RequestContext, k: SubmissionKey, input: z.infer<typeof DecisionRequest>) {
      assertRole(ctx.actor, REVIEWERS);
      const { levels } = await access.load(ctx.actor, k, REVIEWERS);
      const decision = decisionOf(input, levels);
      const collection = deps.collection();
      // What adding the submission to the aggregates needs outside the transaction (form
      // version, classification cuts); only used if this turns out to be the final approval.
      const prepared = decision.kind === 'approve' ? await deps.aggregation().prepare(k) : null;
      await guarded(() =>
        db.transaction().execute(async (trx) => {
          const { sub, state } = await current(trx, k, levels, input.version);
          if (input.submissionVersion !== undefined && input.submissionVersion !== sub.version) {
            throw P.conflict({ current: state.version });
          }
          assertAtLevel(ctx.actor, state.level);
          const outcome = decide(levels, state, decision);
          if (!outcome.ok) {
            if (outcome.why === 'not_pending') throw P.not_pending({ status: state.status });
            throw P.not_lower_level({ levels: levels.join(', ') });
          }
          const contents = await collection.contents(trx, k);
          if (decision.kind === 'approve') {
            const verdicts = await reviewRepo.verdicts(trx, k);
            const rejected = verdicts.filter(
              (v) =>
                v.verdict === 'rejected' &&
                contents.explanations.some((e) => e.ruleId === v.rule_id && e.body === v.explanation) &&
                contents.results.some((r) => r.ruleId === v.rule_id && r.outcome === 'fail'),
            );
            if (rejected.length)
              throw P.explanation_rejected({ rules: rejected.map((v) => v.rule_id).join(', ') });
          }
          const by = ctx.actor.username;
          if (outcome.final || decision.kind === 'return_to_unit') {
            const moved = outcome.final
              ? await collection.markApproved(trx, k, sub.version, by)
              : await collection.markReturned(trx, k, sub.version, by);
            if (!moved) throw P.conflict({ current: state.version });
            // 审核通过 adds the values to the aggregates in this same transaction.
            if (outcome.final) {
              if (!prepared) throw P.conflict({ current: state.version });
              await deps.aggregation().approve(trx, k, by, prepared);
            }
          }
          const reason = decision.kind === 'approve' ? null : decision.reason;
          const version = await writeState(
            trx,
            k,
            state.version,
            { level: outcome.next.level, status: outcome.next.status, round: state.round, reason },
            by,
          );
          await appendDecision(trx, ctx, k, {
            round: state.round,
            level: state.level,
            decision: decision.kind,
            toLevel: decision.kind === 'return_to_level' ? decision.level : null,
            reason,
          });
          await recordSeenFailures(trx, k, contents.results);
          await recordAudit(trx, who(ctx), {
            action: outcome.final
              ? 'review.approved_final'
              : `review.${decision.kind === 'approve' ? 'approved' : 'returned'}`,
            entityType: 'submission',
            entityId: entityId(k),
            before: { level: state.level, status: state.status, round: state.round, version: state.version },
            after: { ...outcome.next, round: state.round, version },
            details: {
              decision: decision.kind,
              reason,
              toLevel: decision.kind === 'return_to_level' ? decision.level : null,
            },
          });
        }),
      );
    },

    /** Reopens an approved submission for review at the top level (top-level reviewers only, with a reason). */
    async reopen(ctx: RequestContext, k: SubmissionKey, input: { reason: string; version: number }) {
      assertRole(ctx.actor, REVIEWERS);
      const { levels } = await access.load(ctx.actor, k, REVIEWERS);
      const top = topLevel(levels);
      if (ctx.actor.role !== 'admin' && levelOfRole(ctx.actor.role) !== top) {
        throw P.top_level_only({ level: LEVEL_NAME[top] });
      }
      const collection = deps.collection();
      await guarded(() =>
        db.transaction().execute(async (trx) => {
          const { sub, state } = await current(trx, k, levels, input.version);
          if (state.status !== 'approved') throw P.not_approved();
          const moved = await collection.reopen(trx, k, sub.version, ctx.actor.username);
          if (!moved) throw P.conflict({ current: state.version });
          // The approved values leave the aggregates with the approval (a new vintage follows
          // when it is approved again).
          await deps.aggregation().withdraw(trx, k, ctx.actor.username);
          const version = await writeState(
            trx,
            k,
            state.version,
            { level: top, status: 'pending', round: state.round, reason: input.reason },
            ctx.actor.username,
          );
          await appendDecision(trx, ctx, k, {
            round: state.round,
            level: top,
            decision: 'reopen',
            toLevel: null,
            reason: input.reason,
          });
          await recordAudit(trx, who(ctx), {
            action: 'review.reopened',
            entityType: 'submission',
            entityId: entityId(k),
            before: { level: state.level, status: state.status, version: state.version },
            after: { level: top, status: 'pending', version },
            details: { reason: input.reason },
          });
        }),
      );
    },
  };
}

function decisionOf(input: z.infer<typeof DecisionRequest>, levels: readonly ReviewLevel[]): Decision {
  if (input.decision === 'approve') return { kind: 'approve' };
  const reason = input.reason?.trim();
  if (!reason) throw P.reason_required();
  if (!input.to || input.to === 'unit') return { kind: 'return_to_unit', reason };
  if (!levels.includes(input.to)) throw P.not_lower_level({ levels: levels.join(', ') });
  return { kind: 'return_to_level', level: input.to, reason };
}
