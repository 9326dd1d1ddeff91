/**
 * Writing a submission's new state in the caller's transaction: the row (optimistic version
 * check), the cells that changed, the rule results, the explanations if they changed, one saved
 * version (a snapshot kept for ever) and the audit event with the cells that changed.
 *
 * Each table takes one statement whatever the number of cells or rules: rows travel as a few
 * arrays (`unnest`), so the statement text, its parameters and its plan stay the same size.
 */
import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import type { FormModel } from '../surveys/index.ts';
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
        checked_version_id: null,
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
  const model = f.version.model;
  // Cells: only those that changed are written (one statement), blanked ones deleted.
  const cells = diffCells(saved, state.values, (ref) => model.cells.get(ref)!);
  if (cells.upsert.length || cells.remove.length) await writeCells(trx, k, cells);
  await writeRuleResults(trx, k, state.results, t, !!existing);

  // An explanation kept unchanged keeps its author and time; nothing is written when none changed.
  if (!sameExplanations(saved.explanations, state.explanations)) {
    await trx
      .deleteFrom('collection.explanations')
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .execute();
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
  }

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

type Cell = FormModel['cells'] extends Map<string, infer C> ? C : never;

/** The cell rows to write and to delete, from what is saved and the new values. */
export function diffCells(
  saved: Saved,
  values: Record<string, string | null>,
  cellOf: (ref: string) => Cell,
) {
  const upsert: {
    indicator: string;
    column: string;
    num: string | null;
    txt: string | null;
    computed: boolean;
  }[] = [];
  const remove: { indicator: string; column: string }[] = [];
  for (const [ref, v] of Object.entries(values)) {
    const cell = cellOf(ref);
    const computed = cell.source.kind !== 'entered';
    if (v === null || v === undefined || v === '') {
      if (saved.cells[ref] !== undefined) remove.push({ indicator: cell.indicator, column: cell.column });
      continue;
    }
    if (saved.cells[ref] === v && (saved.entered[ref] === undefined) === computed) continue;
    const numeric = cell.type === 'decimal' || cell.type === 'integer';
    upsert.push({
      indicator: cell.indicator,
      column: cell.column,
      num: numeric ? v : null,
      txt: numeric ? null : v,
      computed,
    });
  }
  // Cells saved under a form version that no longer has them.
  for (const ref of Object.keys(saved.cells)) {
    if (!(ref in values)) {
      const dot = ref.lastIndexOf('.');
      remove.push({ indicator: ref.slice(0, dot), column: ref.slice(dot + 1) });
    }
  }
  return { upsert, remove };
}

async function writeCells(trx: CollectionDb, k: SubmissionKey, d: ReturnType<typeof diffCells>) {
  if (d.remove.length) {
    await sql`
      delete from collection.cell_values c
      using unnest(${d.remove.map((c) => c.indicator)}::text[], ${d.remove.map((c) => c.column)}::text[]) as g(indicator, column_code)
      where c.unit_id = ${k.unitId} and c.form_id = ${k.formId} and c.period = ${k.period}
        and c.indicator = g.indicator and c.column_code = g.column_code`.execute(trx);
  }
  if (d.upsert.length) {
    const u = d.upsert;
    await sql`
      insert into collection.cell_values (unit_id, form_id, period, indicator, column_code, num, txt, computed)
      select ${k.unitId}, ${k.formId}, ${k.period}, g.*
      from unnest(${u.map((c) => c.indicator)}::text[], ${u.map((c) => c.column)}::text[],
                  ${u.map((c) => c.num)}::numeric[], ${u.map((c) => c.txt)}::text[],
                  ${u.map((c) => c.computed)}::boolean[])
        as g(indicator, column_code, num, txt, computed)
      on conflict (unit_id, form_id, period, indicator, column_code) do update
        set num = excluded.num, txt = excluded.txt, computed = excluded.computed`.execute(trx);
  }
}

const jsonOrNull = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

type StoredResult = Pick<RuleResult, 'ruleId' | 'severity' | 'outcome' | 'values' | 'message' | 'reason'>;

/**
 * The results of the last check, one row per rule, in one statement: rows of rules the check
 * no longer has are deleted (only when something was saved before), the others upserted.
 */
export function writeRuleResults(
  trx: CollectionDb,
  k: SubmissionKey,
  results: readonly StoredResult[],
  t: Date,
  hadResults: boolean,
): Promise<void> {
  return writeRuleResultsOf(trx, k.formId, k.period, [{ unitId: k.unitId, results }], t, hadResults);
}

/**
 * The same for many units of one form and period checked with one rule set (a batch re-check):
 * still one statement to delete rows of rules the set no longer has and one to upsert.
 */
export async function writeRuleResultsOf(
  trx: CollectionDb,
  formId: string,
  period: string,
  batch: readonly { unitId: string; results: readonly StoredResult[] }[],
  t: Date,
  deleteStale: boolean,
): Promise<void> {
  if (!batch.length) return;
  if (deleteStale) {
    const ids = batch[0].results.map((r) => r.ruleId);
    await sql`
      delete from collection.rule_results r
      using unnest(${batch.map((b) => b.unitId)}::uuid[]) as u(unit_id)
      where r.unit_id = u.unit_id and r.form_id = ${formId} and r.period = ${period}
        and r.rule_id <> all(${ids}::text[])`.execute(trx);
  }
  const units: string[] = [];
  const rules: string[] = [];
  const severities: string[] = [];
  const outcomes: string[] = [];
  const used: string[] = [];
  const messages: (string | null)[] = [];
  const reasons: (string | null)[] = [];
  for (const b of batch) {
    for (const r of b.results) {
      units.push(b.unitId);
      rules.push(r.ruleId);
      severities.push(r.severity);
      outcomes.push(r.outcome);
      used.push(JSON.stringify(r.values));
      messages.push(jsonOrNull(r.message));
      reasons.push(jsonOrNull(r.reason));
    }
  }
  if (!units.length) return;
  await sql`
    insert into collection.rule_results
      (unit_id, form_id, period, rule_id, severity, outcome, used_values, message, na_reason, checked_at)
    select g.unit_id, ${formId}, ${period}, g.rule_id, g.severity, g.outcome,
           g.used_values::jsonb, g.message::jsonb, g.na_reason::jsonb, ${t}
    from unnest(${units}::uuid[], ${rules}::text[], ${severities}::text[], ${outcomes}::text[],
                ${used}::text[], ${messages}::text[], ${reasons}::text[])
      as g(unit_id, rule_id, severity, outcome, used_values, message, na_reason)
    on conflict (unit_id, form_id, period, rule_id) do update
      set severity = excluded.severity, outcome = excluded.outcome, used_values = excluded.used_values,
          message = excluded.message, na_reason = excluded.na_reason, checked_at = excluded.checked_at`.execute(
    trx,
  );
}

function sameExplanations(saved: Saved['explanations'], next: Record<string, string>): boolean {
  const keys = Object.keys(next);
  if (keys.length !== saved.size) return false;
  return keys.every((id) => saved.get(id)?.body === next[id]);
}
