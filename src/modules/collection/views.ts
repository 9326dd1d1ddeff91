/** Mapping rows and results to the contract's shapes: the only place they turn into API values. */
import type { RuleResult } from '../validation/index.ts';
import type { Loaded } from './context.ts';
import type { RuleResultView, SubmissionView } from './contract.ts';
import type { SaveReason, StoredResult, SubmissionRow } from './repo.ts';

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

type ResultLike = Pick<RuleResult, 'ruleId' | 'severity' | 'outcome' | 'values'> & {
  message?: unknown;
  reason?: unknown;
};

/** Results with the unit's explanation of each. */
export function resultViews(results: ResultLike[], explanations: Record<string, string>): RuleResultView[] {
  return results.map((r) => ({
    ruleId: r.ruleId,
    severity: r.severity,
    outcome: r.outcome,
    values: r.values,
    message: (r.message as RuleResultView['message']) ?? null,
    reason: (r.reason as RuleResultView['reason']) ?? null,
    explanation: explanations[r.ruleId] ?? null,
  }));
}

/** Stored results in the evaluator's shape. */
export const storedResults = (stored: { results: StoredResult[] } | null): ResultLike[] =>
  (stored?.results ?? []).map((r) => ({
    ruleId: r.ruleId,
    severity: r.severity,
    outcome: r.outcome,
    values: r.values,
    message: r.message ?? null,
    reason: r.reason ?? null,
  }));

/** Failing rules by severity, and undecided ones. */
export function counts(results: RuleResultView[]) {
  const c = { fatal: 0, verify: 0, hint: 0, na: 0 };
  for (const r of results) {
    if (r.outcome === 'fail') c[r.severity] += 1;
    else if (r.outcome === 'na') c.na += 1;
  }
  return c;
}

export function submissionView(
  l: Loaded,
  row: SubmissionRow | undefined,
  values: Record<string, string | null>,
  results: RuleResultView[],
  window: SubmissionView['window'],
  now: Date,
): SubmissionView {
  const nonBlank: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined) nonBlank[k] = v;
  return {
    unitId: l.key.unitId,
    formId: l.key.formId,
    formCode: l.form.code,
    period: l.key.period,
    status: row?.status ?? 'not_started',
    version: row?.version ?? 0,
    lastSeq: row?.last_seq ?? 0,
    formVersion: row ? { id: row.form_version_id, number: row.form_version_number } : null,
    late:
      row && (row.status === 'submitted' || row.status === 'approved') ? row.late : now > l.window.deadline,
    submittedAt: iso(row?.submitted_at),
    submittedBy: row?.submitted_by ?? null,
    updatedAt: iso(row?.updated_at),
    window,
    values: nonBlank,
    results,
    counts: counts(results),
  };
}

export function versionItem(r: {
  seq: number;
  reason: SaveReason;
  status: SubmissionRow['status'];
  form_version_id: string;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date;
}) {
  return {
    seq: r.seq,
    reason: r.reason,
    status: r.status,
    formVersionId: r.form_version_id,
    actorId: r.actor_id,
    actorName: r.actor_name,
    createdAt: r.created_at.toISOString(),
  };
}
