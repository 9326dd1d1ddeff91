/**
 * Writing a submission's new state in the caller's transaction: the row (optimistic version
 * check), every non-blank cell, the rule results, the explanations, one saved version (a
 * snapshot kept for ever) and the audit event with the cells that changed.
 */
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import type { RuleResult } from '../validation/index.ts';
import type { InForce, Loaded } from './context.ts';
import { diffValues } from './domain/diff.ts';
import { collectionProblems as P } from './problems.ts';
import {
  type CollectionDb,
  type SaveReason,
  type SubmissionKey,
  type SubmissionRow,
  valuesOf,
} from './repo.ts';

const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });
export const entityId = (k: SubmissionKey) => `${k.unitId}/${k.formId}/${k.period}`;

/** What a submission holds now, read once inside the write transaction. */
export interface Saved {
  /** Every non-blank cell, entered and computed (the last saved version's values). */
  cells: Record<string, string>;
  /** Only the cells the unit entered. */
  entered: Record<string, string>;
  explanations: Map<string, { body: string; written_by: string | null; written_at: Date }>;
}

export const NOTHING_SAVED: Saved = { cells: {}, entered: {}, explanations: new Map() };

export async function readSaved(trx: CollectionDb, k: SubmissionKey): Promise<Saved> {
  const [cells, explanations] = await Promise.all([
    trx
      .selectFrom('collection.cell_values')
      .select(['indicator', 'column_code', 'num', 'txt', 'computed'])
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .execute(),
    trx
      .selectFrom('collection.explanations')
      .select(['rule_id', 'body', 'written_by', 'written_at'])
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .execute(),
  ]);
  return {
    cells: valuesOf(cells),
    entered: valuesOf(cells.filter((c) => !c.computed)),
    explanations: new Map(explanations.map((e) => [e.rule_id, e])),
  };
}

/**
 * Writes the submission's new state: the row, every cell, the rule results, explanations, one
 * saved version and the audit event — inside the caller's transaction.
 */
export async function writeSubmission(
  trx: CollectionDb,
  ctx: RequestContext,
  l: Loaded,
  f: InForce,
  existing: SubmissionRow | undefined,
  saved: Saved,
  state: {
    status: SubmissionRow['status'];
    reason: SaveReason;
    values: Record<string, string | null>;
    results: RuleResult[];
    explanations: Record<string, string>;
    submitted?: { late: boolean };
  },
  t: Date,
): Promise<SubmissionRow> {
  const k = l.key;
  const seq = (existing?.last_seq ?? 0) + 1;
  const submittedFields = state.submitted
    ? {
        submitted_at: t,
        submitted_by: ctx.actor.username,
        submitted_via: ctx.actor.via,
        late: state.submitted.late,
      }
    : {};
  let row: SubmissionRow | undefined;
  if (existing) {
    row = await trx
      .updateTable('collection.submissions')
      .set({
        status: state.status,
        form_version_id: f.version.versionId,
        form_version_number: f.version.number,
        version: existing.version + 1,
        last_seq: seq,
        updated_at: t,
        updated_by: ctx.actor.username,
        ...submittedFields,
      })
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .where('version', '=', existing.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw P.version_conflict({ current: existing.version + 1 });
  } else {
    row = await trx
      .insertInto('collection.submissions')
      .values({
        unit_id: k.unitId,
        form_id: k.formId,
        period: k.period,
        status: state.status,
        form_version_id: f.version.versionId,
        form_version_number: f.version.number,
        last_seq: seq,
        updated_by: ctx.actor.username,
        ...submittedFields,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const where = <T extends { where: (...a: any[]) => T }>(q: T) =>
    q.where('unit_id', '=', k.unitId).where('form_id', '=', k.formId).where('period', '=', k.period);

  await where(trx.deleteFrom('collection.cell_values') as any).execute();
  const model = f.version.model;
  const cellRows = Object.entries(state.values)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([ref, v]) => {
      const cell = model.cells.get(ref)!;
      const numeric = cell.type === 'decimal' || cell.type === 'integer';
      return {
        unit_id: k.unitId,
        form_id: k.formId,
        period: k.period,
        indicator: cell.indicator,
        column_code: cell.column,
        num: numeric ? (v as string) : null,
        txt: numeric ? null : (v as string),
        computed: cell.source.kind !== 'entered',
      };
    });
  if (cellRows.length) await trx.insertInto('collection.cell_values').values(cellRows).execute();

  await where(trx.deleteFrom('collection.rule_results') as any).execute();
  if (state.results.length) {
    await trx
      .insertInto('collection.rule_results')
      .values(
        state.results.map((r) => ({
          unit_id: k.unitId,
          form_id: k.formId,
          period: k.period,
          rule_id: r.ruleId,
          severity: r.severity,
          outcome: r.outcome,
          used_values: JSON.stringify(r.values),
          message: r.message ? JSON.stringify(r.message) : null,
          na_reason: r.reason ? JSON.stringify(r.reason) : null,
          checked_at: t,
        })),
      )
      .execute();
  }

  // An explanation kept unchanged keeps its author and time.
  await where(trx.deleteFrom('collection.explanations') as any).execute();
  const explanationRows = Object.entries(state.explanations).map(([ruleId, body]) => {
    const old = saved.explanations.get(ruleId);
    const same = old && old.body === body;
    return {
      unit_id: k.unitId,
      form_id: k.formId,
      period: k.period,
      rule_id: ruleId,
      body,
      written_by: same ? old.written_by : ctx.actor.username,
      written_at: same ? old.written_at : t,
    };
  });
  if (explanationRows.length)
    await trx.insertInto('collection.explanations').values(explanationRows).execute();

  const snapshot: Record<string, string> = {};
  for (const [ref, v] of Object.entries(state.values)) if (v !== null && v !== undefined) snapshot[ref] = v;
  await trx
    .insertInto('collection.submission_versions')
    .values({
      unit_id: k.unitId,
      form_id: k.formId,
      period: k.period,
      seq,
      reason: state.reason,
      status: state.status,
      form_version_id: f.version.versionId,
      cell_values: JSON.stringify(snapshot),
      explanations: JSON.stringify(state.explanations),
      actor_id: ctx.actor.accountId,
      actor_name: ctx.actor.username,
      created_at: t,
    })
    .execute();
  const changes = diffValues(saved.cells, snapshot, model.order);
  await recordAudit(trx, who(ctx), {
    action: state.submitted ? 'collection.submitted' : 'collection.draft_saved',
    entityType: 'submission',
    entityId: entityId(k),
    before: existing ? { status: existing.status, version: existing.version, seq: existing.last_seq } : null,
    after: { status: row.status, version: row.version, seq },
    details: {
      form: l.form.code,
      formVersion: f.version.number,
      reason: state.reason,
      changes,
      failing: state.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId),
      explained: Object.keys(state.explanations),
    },
  });
  return row;
}
