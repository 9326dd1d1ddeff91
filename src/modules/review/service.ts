/**
 * Multi-level review use cases (多级审核): each level's list of its area's submissions with their
 * open problems, one submission with values, failed rules and explanations side by side, and the
 * decisions — approve (up one level; final at the top), return to the unit or to a lower level,
 * reopen after final approval (top level only). Each decision is one transaction: review's state
 * (optimistic version), the decision row, collection's status (through its transitions, guarded
 * by its own row version), the failures seen, and the audit event.
 */

import type { z } from 'zod';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole } from '../../platform/auth.ts';
import { type Access, createAccess, entityId, READERS, REVIEWERS, type ReviewDeps } from './access.ts';
import type { DecisionRequest, ListQuery, ReviewDetail, ReviewItem } from './contract.ts';
import {
  DEFAULT_LEVELS,
  type Decision,
  decide,
  type EffectiveState,
  effectiveState,
  levelOfRole,
  type ReviewLevel,
  topLevel,
  validLevels,
} from './domain/levels.ts';
import { inDivision } from './domain/violations.ts';
import { createInbox } from './inbox.ts';
import { reviewProblems as P } from './problems.ts';
import { type ReviewDb, reviewDb, reviewRepo, type StateRow, type SubmissionKey } from './repo.ts';
import { problemCounts, recordSeenFailures } from './tallies.ts';
import { createThreads } from './threads.ts';
import { createViolations } from './violations.ts';

const LEVEL_NAME: Record<ReviewLevel, { 'zh-CN': string; 'en-US': string }> = {
  township: { 'zh-CN': '乡镇', 'en-US': 'township' },
  county: { 'zh-CN': '区县', 'en-US': 'county' },
  city: { 'zh-CN': '市', 'en-US': 'city' },
};

const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function isUniqueViolation(e: unknown) {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

/** Whether the actor decides at a level (administrators act for any level). */
function assertAtLevel(actor: Actor, level: ReviewLevel) {
  if (actor.role === 'admin') return;
  if (levelOfRole(actor.role) !== level) throw P.not_your_level({ level: LEVEL_NAME[level] });
}

const storedOf = (row: StateRow | undefined) =>
  row ? { level: row.level, status: row.status, round: row.round, version: row.version } : undefined;

export function createReviewService(deps: ReviewDeps) {
  const db = reviewDb(deps.db);
  const access: Access = createAccess(deps, db);

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

  async function detail(actor: Actor, k: SubmissionKey): Promise<z.infer<typeof ReviewDetail>> {
    const { unit, sub, form, levels } = await access.load(actor, k);
    const [stored, contents, decisions, queries, verdicts] = await Promise.all([
      reviewRepo.state(db, k),
      deps.collection().contents(deps.db, k),
      reviewRepo.decisions(db, k),
      reviewRepo.queries(db, k),
      reviewRepo.verdicts(db, k),
    ]);
    const messages = await reviewRepo.messagesOf(
      db,
      k.unitId,
      queries.map((q) => q.id),
    );
    const state = effectiveState(sub.status, storedOf(stored), levels);
    const explanations = new Map(contents.explanations.map((e) => [e.ruleId, e]));
    const failed = contents.results.filter((r) => r.outcome === 'fail');
    const counts = problemCounts(
      failed.map((r) => ({ ...r, explanation: explanations.get(r.ruleId)?.body ?? null })),
      verdicts,
      queries.filter((q) => q.status === 'open').map((q) => ({ lastRole: lastRole(messages, q.id) })),
    );
    return {
      ...itemOf(unit, form.code, sub, state, counts),
      levels: [...levels],
      reason: stored?.reason ?? null,
      values: contents.values,
      failedRules: failed.map((r) => {
        const e = explanations.get(r.ruleId);
        const v = verdicts.find((x) => x.rule_id === r.ruleId);
        return {
          ruleId: r.ruleId,
          severity: r.severity,
          message: r.message,
          values: r.values,
          explanation: e?.body ?? null,
          explanationBy: e?.writtenBy ?? null,
          verdict: v
            ? {
                verdict: v.verdict,
                note: v.note,
                explanation: v.explanation,
                current: v.explanation === e?.body,
                level: v.level,
                reviewerName: v.reviewer_name,
                reviewedAt: v.reviewed_at.toISOString(),
              }
            : null,
        };
      }),
      decisions: decisions.map((d) => ({
        seq: d.seq,
        round: d.round,
        level: d.level,
        decision: d.decision,
        toLevel: d.to_level,
        reason: d.reason,
        actorName: d.actor_name,
        actorRole: d.actor_role,
        decidedAt: d.decided_at.toISOString(),
      })),
      queries: queries.map((q) => ({
        id: q.id,
        cell: q.cell,
        level: q.level,
        status: q.status,
        openedBy: q.opened_by,
        openedAt: q.opened_at.toISOString(),
        closedBy: q.closed_by,
        closedAt: iso(q.closed_at),
        messages: messages
          .filter((m) => m.query_id === q.id)
          .map((m) => ({
            seq: m.seq,
            authorName: m.author_name,
            authorRole: m.author_role,
            body: m.body,
            writtenAt: m.written_at.toISOString(),
          })),
      })),
    };
  }

  return {
    /** Handed-in submissions of a period in the actor's area, with review state and open problems. */
    async list(actor: Actor, q: z.infer<typeof ListQuery>) {
      assertRole(actor, READERS);
      const collection = deps.collection();
      const subs = await collection.handedIn(deps.db, { period: q.period, formId: q.formId });
      const units = await access.unitsInScope(
        actor,
        subs.map((s) => s.unitId),
      );
      const forms = new Map((await deps.surveys().listForms(actor)).map((f) => [f.id, f.code]));
      const visible = subs.filter((s) => {
        const u = units.get(s.unitId);
        return u && forms.has(s.formId) && (!q.divisionCode || inDivision(u.townshipCode, q.divisionCode));
      });
      const formIds = [...new Set(visible.map((s) => s.formId))];
      const [levels, states, verdicts, openQueries] = await Promise.all([
        access.levelsOf(formIds),
        reviewRepo.statesOf(db, q),
        reviewRepo.verdictsOf(db, q),
        reviewRepo.openQueriesOf(db, q),
      ]);
      const failing = new Map<string, Parameters<typeof problemCounts>[0]>();
      for await (const page of collection.failures(deps.db, { period: q.period, formId: q.formId })) {
        for (const f of page) {
          const key = `${f.unitId}/${f.formId}`;
          const list = failing.get(key) ?? [];
          list.push(f);
          failing.set(key, list);
        }
      }
      const keyOf = (r: { unit_id: string; form_id: string }) => `${r.unit_id}/${r.form_id}`;
      const stateBy = new Map(states.map((s) => [keyOf(s), s]));
      const mineLevel = levelOfRole(actor.role);
      const items: z.infer<typeof ReviewItem>[] = [];
      for (const s of visible) {
        const key = `${s.unitId}/${s.formId}`;
        const state = effectiveState(s.status, storedOf(stateBy.get(key)), levels.get(s.formId)!);
        if (q.status && state.status !== q.status) continue;
        if (q.level && state.level !== q.level) continue;
        if (q.mine === 'true' && !(state.status === 'pending' && state.level === mineLevel)) continue;
        const counts = problemCounts(
          failing.get(key) ?? [],
          verdicts.filter((v) => keyOf(v) === key),
          openQueries.filter((o) => keyOf(o) === key).map((o) => ({ lastRole: o.last_role ?? null })),
        );
        items.push(itemOf(units.get(s.unitId)!, forms.get(s.formId)!, s, state, counts));
      }
      items.sort(
        (a, b) =>
          a.townshipCode.localeCompare(b.townshipCode) ||
          a.unitName.localeCompare(b.unitName, 'zh-CN') ||
          a.formCode.localeCompare(b.formCode),
      );
      const start = (q.page - 1) * q.pageSize;
      return {
        items: items.slice(start, start + q.pageSize),
        total: items.length,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    detail,

    /** Approve, or return to the unit or a lower level (with a reason), at the current level. */
    async decide(ctx: RequestContext, k: SubmissionKey, input: z.infer<typeof DecisionRequest>) {
      assertRole(ctx.actor, REVIEWERS);
      const { levels } = await access.load(ctx.actor, k, REVIEWERS);
      const decision = decisionOf(input, levels);
      const collection = deps.collection();
      await guarded(() =>
        db.transaction().execute(async (trx) => {
          const sub = await collection.submission(trx, k);
          if (!sub || sub.status === 'draft') throw P.submission_not_found();
          const stored = await reviewRepo.state(trx, k);
          const state = effectiveState(sub.status, storedOf(stored), levels);
          if (state.version !== input.version) throw P.conflict({ current: state.version });
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
      return detail(ctx.actor, k);
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
          const sub = await collection.submission(trx, k);
          if (!sub || sub.status === 'draft') throw P.submission_not_found();
          const stored = await reviewRepo.state(trx, k);
          const state = effectiveState(sub.status, storedOf(stored), levels);
          if (state.version !== input.version) throw P.conflict({ current: state.version });
          if (state.status !== 'approved') throw P.not_approved();
          const moved = await collection.reopen(trx, k, sub.version, ctx.actor.username);
          if (!moved) throw P.conflict({ current: state.version });
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
      return detail(ctx.actor, k);
    },

    /** The review levels of a form. */
    async levels(actor: Actor, formId: string) {
      assertRole(actor, READERS);
      if (!(await deps.surveys().listForms(actor)).some((f) => f.id === formId)) throw P.form_not_found();
      const rows = await reviewRepo.levelConfigs(db, [formId]);
      const levels = (await access.levelsOf([formId])).get(formId)!;
      return { formId, levels: [...levels], isDefault: !rows.length };
    },

    /** Sets a form's review levels (city statisticians, designers, administrators). */
    async setLevels(ctx: RequestContext, formId: string, levels: string[]) {
      assertRole(ctx.actor, ['city_statistician', 'designer', 'admin']);
      if (!validLevels(levels)) throw P.bad_levels();
      if (!(await deps.surveys().listForms(ctx.actor)).some((f) => f.id === formId)) throw P.form_not_found();
      await db.transaction().execute(async (trx) => {
        const before = await reviewRepo.levelConfigs(trx, [formId]);
        await trx
          .insertInto('review.level_configs')
          .values({ form_id: formId, levels: JSON.stringify(levels), updated_by: ctx.actor.username })
          .onConflict((oc) =>
            oc.column('form_id').doUpdateSet({
              levels: JSON.stringify(levels),
              updated_by: ctx.actor.username,
              updated_at: new Date(),
            }),
          )
          .execute();
        await recordAudit(trx, who(ctx), {
          action: 'review.levels_set',
          entityType: 'form',
          entityId: formId,
          before: before[0]?.levels ?? DEFAULT_LEVELS,
          after: levels,
        });
      });
      return { formId, levels: [...levels] as ReviewLevel[], isDefault: false };
    },

    ...createThreads(deps, db, access),
    ...createViolations(deps, db, access),
    ...createInbox(deps, db),
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

function lastRole(messages: { query_id: string; author_role: string }[], queryId: string) {
  const mine = messages.filter((m) => m.query_id === queryId);
  return mine.length ? mine[mine.length - 1].author_role : null;
}

function itemOf(
  unit: { id: string; name: string; townshipCode: string },
  formCode: string,
  sub: {
    formId: string;
    period: string;
    status: string;
    version: number;
    late: boolean;
    submittedAt: Date | null;
  },
  state: EffectiveState,
  counts: ReturnType<typeof problemCounts>,
): z.infer<typeof ReviewItem> {
  return {
    unitId: unit.id,
    unitName: unit.name,
    townshipCode: unit.townshipCode,
    formId: sub.formId,
    formCode,
    period: sub.period,
    status: sub.status as 'submitted' | 'returned' | 'approved',
    submissionVersion: sub.version,
    late: sub.late,
    submittedAt: iso(sub.submittedAt),
    review: { level: state.level, status: state.status, round: state.round, version: state.version },
    openProblems: counts,
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
