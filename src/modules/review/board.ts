/**
 * What reviewers see (审核台): each level's list of its area's handed-in submissions with review
 * state and open problems, and one submission with its values, each failed rule beside the
 * unit's explanation and any verdict, the decisions so far and the query threads.
 */
import type { z } from 'zod';
import { type Actor, assertRole } from '../../platform/auth.ts';
import { type Access, READERS, type ReviewDeps } from './access.ts';
import type { Anomalies } from './anomalies.ts';
import type { ListQuery, ReviewDetail, ReviewItem } from './contract.ts';
import { type EffectiveState, effectiveState, levelOfRole } from './domain/levels.ts';
import { inDivision } from './domain/violations.ts';
import { type ReviewDb, reviewRepo, type StateRow, type SubmissionKey } from './repo.ts';
import { problemCounts } from './tallies.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function pushTo<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A stored state in the domain's shape. */
export const storedOf = (row: StateRow | undefined) =>
  row ? { level: row.level, status: row.status, round: row.round, version: row.version } : undefined;

export function createBoard(deps: ReviewDeps, db: ReviewDb, access: Access, anomalies: Anomalies) {
  /** One handed-in submission for review (its reporter may read it too). */
  async function detail(actor: Actor, k: SubmissionKey): Promise<z.infer<typeof ReviewDetail>> {
    const { unit, sub, form, levels } = await access.load(actor, k);
    const [stored, contents, decisions, queries, verdicts, flagged] = await Promise.all([
      reviewRepo.state(db, k),
      deps.collection().contents(deps.db, k),
      reviewRepo.decisions(db, k),
      reviewRepo.queries(db, k),
      reviewRepo.verdicts(db, k),
      anomalies.anomaliesOf(actor, form, k),
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
      ...itemOf(unit, form.code, sub, state, counts, flagged.length),
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
      anomalies: flagged,
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
      const formList = await deps.surveys().listForms(actor);
      const forms = new Map(formList.map((f) => [f.id, f.code]));
      const visible = subs.filter((s) => {
        const u = units.get(s.unitId);
        return u && forms.has(s.formId) && (!q.divisionCode || inDivision(u.townshipCode, q.divisionCode));
      });
      const formIds = [...new Set(visible.map((s) => s.formId))];
      const [levels, states, verdicts, openQueries, anomalous] = await Promise.all([
        access.levelsOf(formIds),
        reviewRepo.statesOf(db, q),
        reviewRepo.verdictsOf(db, q),
        reviewRepo.openQueriesOf(db, q),
        anomalies.anomalyCounts(
          formList.filter((f) => formIds.includes(f.id)),
          q.period,
        ),
      ]);
      const keyOf = (r: { unit_id: string; form_id: string }) => `${r.unit_id}/${r.form_id}`;
      const failing = new Map<string, Parameters<typeof problemCounts>[0]>();
      for await (const page of collection.failures(deps.db, { period: q.period, formId: q.formId })) {
        for (const f of page) pushTo(failing, `${f.unitId}/${f.formId}`, f);
      }
      const verdictsBy = new Map<string, typeof verdicts>();
      for (const v of verdicts) pushTo(verdictsBy, keyOf(v), v);
      const queriesBy = new Map<string, { lastRole: string | null }[]>();
      for (const o of openQueries) pushTo(queriesBy, keyOf(o), { lastRole: o.last_role ?? null });
      const stateBy = new Map(states.map((s) => [keyOf(s), s]));
      const mineLevel = levelOfRole(actor.role);
      const needle = q.q?.toLowerCase();
      const items: z.infer<typeof ReviewItem>[] = [];
      const tally = { pending: { township: 0, county: 0, city: 0 }, returned: 0, approved: 0 };
      for (const s of visible) {
        const key = `${s.unitId}/${s.formId}`;
        const state = effectiveState(s.status, storedOf(stateBy.get(key)), levels.get(s.formId)!);
        if (state.status === 'pending') tally.pending[state.level] += 1;
        else tally[state.status] += 1;
        if (q.status && state.status !== q.status) continue;
        if (q.level && state.level !== q.level) continue;
        if (q.mine === 'true' && !(state.status === 'pending' && state.level === mineLevel)) continue;
        const flagged = anomalous.get(key) ?? 0;
        if (q.anomalies === 'true' && !flagged) continue;
        if (needle) {
          const u = units.get(s.unitId)!;
          if (!u.name.toLowerCase().includes(needle) && !u.creditCode.toLowerCase().startsWith(needle))
            continue;
        }
        const counts = problemCounts(
          failing.get(key) ?? [],
          verdictsBy.get(key) ?? [],
          queriesBy.get(key) ?? [],
        );
        items.push(itemOf(units.get(s.unitId)!, forms.get(s.formId)!, s, state, counts, flagged));
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
        counts: tally,
      };
    },

    detail,
  };
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
  anomalies: number,
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
    anomalies,
  };
}
