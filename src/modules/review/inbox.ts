/**
 * What review asks of a unit (its reporter's inbox): forms returned with the reason, open
 * queries, and explanations rejected and not yet rewritten — so the enterprise sees on its task
 * list why a form came back and what to fix.
 */
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { ReviewDeps } from './access.ts';
import { reviewProblems as P } from './problems.ts';
import type { ReviewDb } from './repo.ts';

export function createInbox(deps: ReviewDeps, db: ReviewDb) {
  /** Review's open business with one unit (optionally one period), by form and period. */
  async function notesFor(unitId: string, period?: string) {
    let states = db
      .selectFrom('review.states')
      .select(['form_id', 'period', 'reason', 'updated_by', 'updated_at'])
      .where('unit_id', '=', unitId)
      .where('status', '=', 'returned');
    let queries = db
      .selectFrom('review.queries')
      .select(['id', 'form_id', 'period', 'cell', 'opened_at'])
      .where('unit_id', '=', unitId)
      .where('status', '=', 'open');
    let verdicts = db
      .selectFrom('review.explanation_reviews')
      .select(['form_id', 'period', 'rule_id', 'note', 'explanation'])
      .where('unit_id', '=', unitId)
      .where('verdict', '=', 'rejected');
    if (period) {
      states = states.where('period', '=', period);
      queries = queries.where('period', '=', period);
      verdicts = verdicts.where('period', '=', period);
    }
    const [s, q, v] = await Promise.all([states.execute(), queries.execute(), verdicts.execute()]);
    const collection = deps.collection();
    const items = new Map<
      string,
      {
        formId: string;
        period: string;
        returned: { reason: string | null; by: string | null; at: string } | null;
        openQueries: { id: string; cell: string; openedAt: string }[];
        rejectedExplanations: { ruleId: string; note: string | null }[];
      }
    >();
    const item = (formId: string, p: string) => {
      const key = `${formId}/${p}`;
      let it = items.get(key);
      if (!it) {
        it = { formId, period: p, returned: null, openQueries: [], rejectedExplanations: [] };
        items.set(key, it);
      }
      return it;
    };
    for (const r of s) {
      // Still returned in collection (not yet submitted again)?
      const sub = await collection.submission(deps.db, { unitId, formId: r.form_id, period: r.period });
      if (sub?.status !== 'returned') continue;
      item(r.form_id, r.period).returned = {
        reason: r.reason,
        by: r.updated_by,
        at: r.updated_at.toISOString(),
      };
    }
    for (const r of q) {
      item(r.form_id, r.period).openQueries.push({
        id: r.id,
        cell: r.cell,
        openedAt: r.opened_at.toISOString(),
      });
    }
    for (const r of v) {
      const { explanations } = await collection.contents(deps.db, {
        unitId,
        formId: r.form_id,
        period: r.period,
      });
      if (explanations.find((e) => e.ruleId === r.rule_id)?.body !== r.explanation) continue;
      item(r.form_id, r.period).rejectedExplanations.push({ ruleId: r.rule_id, note: r.note });
    }
    return [...items.values()].sort(
      (a, b) => a.period.localeCompare(b.period) || a.formId.localeCompare(b.formId),
    );
  }

  return {
    notesFor,

    /**
     * Why review returned each of a unit's forms, by `formId/period` (for collection's task list,
     * which shows it while the form is returned).
     */
    async returnReasons(unitId: string): Promise<Map<string, string | null>> {
      const rows = await db
        .selectFrom('review.states')
        .select(['form_id', 'period', 'reason'])
        .where('unit_id', '=', unitId)
        .where('status', '=', 'returned')
        .execute();
      return new Map(rows.map((r) => [`${r.form_id}/${r.period}`, r.reason]));
    },
    /** The reporter's own unit's inbox. */
    async inbox(actor: Actor, period?: string) {
      assertRole(actor, ['enterprise']);
      if (!actor.unitId) throw P.submission_not_found();
      return { unitId: actor.unitId, items: await notesFor(actor.unitId, period) };
    },
  };
}
