/** Counting a submission's open problems, and keeping the failures review has seen. */
import type { ReviewDb, SubmissionKey } from './repo.ts';

/** Counts of failing rules by severity, rejected explanations not rewritten, open and unanswered queries. */
export function problemCounts(
  failing: { ruleId: string; severity: 'fatal' | 'verify' | 'hint'; explanation: string | null }[],
  verdicts: { rule_id: string; verdict: 'accepted' | 'rejected'; explanation: string }[],
  openQueries: { lastRole: string | null }[],
) {
  const c = {
    fatal: 0,
    verify: 0,
    hint: 0,
    rejectedExplanations: 0,
    pendingExplanations: 0,
    openQueries: openQueries.length,
    // the reviewer spoke last: the unit owes an answer
    unansweredQueries: openQueries.filter((q) => q.lastRole !== 'enterprise').length,
  };
  for (const f of failing) {
    c[f.severity] += 1;
    const v = verdicts.find((x) => x.rule_id === f.ruleId);
    if (v?.verdict === 'rejected' && v.explanation === f.explanation) c.rejectedExplanations += 1;
    // A verdict on an earlier wording does not judge the rewritten one.
    if (f.explanation && (!v || v.explanation !== f.explanation)) c.pendingExplanations += 1;
  }
  return c;
}

/** Records the submission's failing rules as seen by review (for "corrected" in the violations list). */
export async function recordSeenFailures(
  trx: ReviewDb,
  k: SubmissionKey,
  results: { ruleId: string; severity: 'fatal' | 'verify' | 'hint'; outcome: string; message: unknown }[],
) {
  const failing = results.filter((r) => r.outcome === 'fail');
  if (!failing.length) return;
  const now = new Date();
  await trx
    .insertInto('review.violations')
    .values(
      failing.map((r) => ({
        unit_id: k.unitId,
        form_id: k.formId,
        period: k.period,
        rule_id: r.ruleId,
        severity: r.severity,
        message: r.message ? JSON.stringify(r.message) : null,
        last_seen_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['unit_id', 'form_id', 'period', 'rule_id']).doUpdateSet((eb) => ({
        severity: eb.ref('excluded.severity'),
        message: eb.ref('excluded.message'),
        last_seen_at: now,
      })),
    )
    .execute();
}
