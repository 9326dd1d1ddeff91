/**
 * A submission's state, read and written in one round trip each.
 *
 * `readCurrent` reads, in one query, the row, its cells and explanations, the answer kept for
 * the request's idempotency key and the values reported in the periods the rules read (from
 * each period's last saved version: one document, the same values as its cell rows — only
 * writeSubmission and the demo writer write cells, each with a version — instead of
 * aggregating a hundred rows per period).
 * `writeSubmission` writes the new state as one statement — hence atomically and durably
 * committed on its own, never half-written: the row (guarded by the version it read: a save in
 * between makes it write nothing and answer 409), the cells that changed, the rule results, the
 * explanations if they changed, one saved version (a snapshot kept for ever), the audit event
 * with the cells that changed and the idempotency key with its answer. Rows travel as a few
 * arrays (`unnest`), so the statement's text, parameters and plan stay the same size whatever
 * the number of cells and rules.
 */
import { type RawBuilder, sql } from 'kysely';
import { announceAudited, auditRow, type RequestContext } from '../../platform/audit.ts';
import { PREPARED_MARK } from '../../platform/db.ts';
import type { FormModel } from '../surveys/index.ts';
import type { RuleResult } from '../validation/index.ts';
import type { InForce, Loaded } from './context.ts';
import { diffValues } from './domain/diff.ts';
import { collectionProblems as P } from './problems.ts';
import type { CollectionDb, SaveReason, StoredResult, SubmissionKey, SubmissionRow } from './repo.ts';

// Both statements take few shapes (which parts a write has), so PostgreSQL keeps them prepared.
const prepared = sql.raw(PREPARED_MARK);
const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });
export const entityId = (k: SubmissionKey) => `${k.unitId}/${k.formId}/${k.period}`;

/** What a submission holds now. */
export interface Saved {
  /** Every non-blank cell, entered and computed (the last saved version's values). */
  cells: Record<string, string>;
  /** Only the cells the unit entered. */
  entered: Record<string, string>;
  explanations: Map<string, { body: string; written_by: string | null; written_at: Date }>;
}

export const NOTHING_SAVED: Saved = { cells: {}, entered: {}, explanations: new Map() };

/** A submission as it is, with what the request needs beside it. */
export interface Current {
  existing: SubmissionRow | undefined;
  saved: Saved;
  /** The first answer to the request's idempotency key (any form and period of the unit). */
  seen: { request_hash: string; response: unknown } | null;
  /** This form's values by period, where the unit reported them (submitted or approved). */
  reported: Map<string, Record<string, string>>;
}

const SUBMISSION_COLUMNS = [
  'unit_id',
  'form_id',
  'period',
  'status',
  'form_version_id',
  'form_version_number',
  'version',
  'last_seq',
  'late',
  'created_at',
  'updated_at',
  'updated_by',
  'submitted_at',
  'submitted_by',
  'submitted_via',
  'checked_version_id',
] as const;

/** A snapshot's values without blanks (as the cell rows hold them). */
function nonBlank(v: Record<string, string>): Record<string, string> {
  for (const x of Object.values(v)) {
    if (x === '') return Object.fromEntries(Object.entries(v).filter(([, y]) => y !== ''));
  }
  return v;
}

/** Reads a submission's current state, an idempotency key's answer and reported periods in one query. */
export async function readCurrent(
  db: CollectionDb,
  k: SubmissionKey,
  opts: { idempotencyKey?: string; reportedPeriods?: string[] } = {},
): Promise<Current> {
  const key = (alias: string) =>
    sql`${sql.ref(`${alias}.unit_id`)} = ${k.unitId} and ${sql.ref(`${alias}.form_id`)} = ${k.formId} and ${sql.ref(`${alias}.period`)} = ${k.period}`;
  const periods = opts.reportedPeriods ?? [];
  const { rows } = await sql<Record<string, any>>`${prepared}
    select ${sql.join(SUBMISSION_COLUMNS.map((c) => sql.ref(`s.${c}`)))},
      (select json_object_agg(c.indicator || '.' || c.column_code,
                              json_build_array(coalesce(c.num::text, c.txt), c.computed))
         from collection.cell_values c where ${key('c')}) as saved_cells,
      (select json_agg(json_build_array(e.rule_id, e.body, e.written_by, e.written_at))
         from collection.explanations e where ${key('e')}) as saved_explanations,
      i.request_hash as seen_hash, i.response as seen_response,
      (select json_object_agg(r.period, v.cell_values)
         from collection.submissions r
         join collection.submission_versions v
           on v.unit_id = r.unit_id and v.form_id = r.form_id and v.period = r.period and v.seq = r.last_seq
         where r.unit_id = ${k.unitId} and r.form_id = ${k.formId} and r.period = any(${periods}::text[])
           and r.status in ('submitted', 'approved')) as reported
    from (values (1)) as one (x)
    left join collection.submissions s on ${key('s')}
    left join collection.idempotency_keys i on i.unit_id = ${k.unitId} and i.key = ${opts.idempotencyKey ?? null}::text`.execute(
    db,
  );
  const r = rows[0];
  let existing: SubmissionRow | undefined;
  if (r.unit_id !== null) {
    existing = Object.fromEntries(SUBMISSION_COLUMNS.map((c) => [c, r[c]])) as SubmissionRow;
  }
  const cells: Record<string, string> = {};
  const entered: Record<string, string> = {};
  for (const [ref, [v, computed]] of Object.entries(
    (r.saved_cells ?? {}) as Record<string, [string, boolean]>,
  )) {
    cells[ref] = v;
    if (!computed) entered[ref] = v;
  }
  const explanations: Saved['explanations'] = new Map();
  for (const [ruleId, body, by, at] of (r.saved_explanations ?? []) as [
    string,
    string,
    string | null,
    string,
  ][]) {
    explanations.set(ruleId, { body, written_by: by, written_at: new Date(at) });
  }
  return {
    existing,
    saved: existing ? { cells, entered, explanations } : NOTHING_SAVED,
    seen: r.seen_hash === null ? null : { request_hash: r.seen_hash, response: r.seen_response },
    reported: new Map(
      Object.entries((r.reported ?? {}) as Record<string, Record<string, string>>).map(([period, v]) => [
        period,
        nonBlank(v),
      ]),
    ),
  };
}

/**
 * Writes the submission's new state as one statement (see above) and returns its row; throws
 * `version_conflict` when the row moved since `existing` was read. `answer` makes the response
 * kept for an idempotency key from the row as it will be.
 */
export async function writeSubmission(
  db: CollectionDb,
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
    idempotency?: { key: string; hash: string; answer: (row: SubmissionRow) => unknown };
  },
  t: Date,
): Promise<SubmissionRow> {
  const k = l.key;
  const seq = (existing?.last_seq ?? 0) + 1;
  const actor = ctx.actor;
  // The row as the statement will leave it (the answer kept for an idempotency key needs it).
  const row: SubmissionRow = {
    unit_id: k.unitId,
    form_id: k.formId,
    period: k.period,
    status: state.status,
    form_version_id: f.version.versionId,
    form_version_number: f.version.number,
    version: (existing?.version ?? 0) + 1,
    last_seq: seq,
    late: state.submitted ? state.submitted.late : (existing?.late ?? false),
    created_at: existing?.created_at ?? t,
    updated_at: t,
    updated_by: actor.username,
    submitted_at: state.submitted ? t : (existing?.submitted_at ?? null),
    submitted_by: state.submitted ? actor.username : (existing?.submitted_by ?? null),
    submitted_via: state.submitted ? actor.via : (existing?.submitted_via ?? null),
    checked_version_id: null,
  };
  const ctes: RawBuilder<unknown>[] = [];
  const cte = (name: string, body: RawBuilder<unknown>) => ctes.push(sql`${sql.raw(name)} as (${body})`);
  const isKey = sql`unit_id = ${k.unitId} and form_id = ${k.formId} and period = ${k.period}`;
  const written = sql`exists (select 1 from s)`;

  cte(
    's',
    existing
      ? sql`
        update collection.submissions
        set status = ${row.status}, form_version_id = ${row.form_version_id},
            form_version_number = ${row.form_version_number}, version = ${row.version},
            last_seq = ${row.last_seq}, late = ${row.late}, updated_at = ${t}, updated_by = ${row.updated_by},
            submitted_at = ${row.submitted_at}, submitted_by = ${row.submitted_by},
            submitted_via = ${row.submitted_via}, checked_version_id = null
        where ${isKey} and version = ${existing.version}
        returning *`
      : sql`
        insert into collection.submissions
          (unit_id, form_id, period, status, form_version_id, form_version_number, version, last_seq, late,
           created_at, updated_at, updated_by, submitted_at, submitted_by, submitted_via)
        values (${k.unitId}, ${k.formId}, ${k.period}, ${row.status}, ${row.form_version_id},
                ${row.form_version_number}, ${row.version}, ${seq}, ${row.late}, ${t}, ${t}, ${row.updated_by},
                ${row.submitted_at}, ${row.submitted_by}, ${row.submitted_via})
        returning *`,
  );

  // Cells: only those that changed are written, blanked ones deleted.
  const model = f.version.model;
  const cells = diffCells(saved, state.values, (ref) => model.cells.get(ref)!);
  if (cells.remove.length) {
    const d = cells.remove;
    cte(
      'cells_removed',
      sql`
      delete from collection.cell_values c
      using unnest(${d.map((c) => c.indicator)}::text[], ${d.map((c) => c.column)}::text[]) as g(indicator, column_code)
      where c.unit_id = ${k.unitId} and c.form_id = ${k.formId} and c.period = ${k.period}
        and c.indicator = g.indicator and c.column_code = g.column_code and ${written}`,
    );
  }
  if (cells.upsert.length) {
    const u = cells.upsert;
    cte(
      'cells_written',
      sql`
      insert into collection.cell_values (unit_id, form_id, period, indicator, column_code, num, txt, computed)
      select ${k.unitId}, ${k.formId}, ${k.period}, g.*
      from unnest(${u.map((c) => c.indicator)}::text[], ${u.map((c) => c.column)}::text[],
                  ${u.map((c) => c.num)}::numeric[], ${u.map((c) => c.txt)}::text[],
                  ${u.map((c) => c.computed)}::boolean[])
        as g(indicator, column_code, num, txt, computed)
      where ${written}
      on conflict (unit_id, form_id, period, indicator, column_code) do update
        set num = excluded.num, txt = excluded.txt, computed = excluded.computed`,
    );
  }

  // Rule results: the whole check as one row; failing rules also as rows of their own (rules
  // that no longer fail lose theirs).
  cte(
    'checked',
    sql`
    insert into collection.checks (unit_id, form_id, period, results, checked_at)
    select unit_id, form_id, period, ${checkJson(state.results)}::json, ${t} from s
    on conflict (unit_id, form_id, period) do update
      set results = excluded.results, checked_at = excluded.checked_at`,
  );
  const failing = resultArrays([{ unitId: k.unitId, results: state.results }]);
  if (existing) {
    cte(
      'results_removed',
      sql`delete from collection.rule_results
          where ${isKey} and rule_id <> all(${failing.rules}::text[]) and ${written}`,
    );
  }
  if (failing.rules.length) cte('results_written', upsertResults(k.formId, k.period, failing, t, written));

  // An explanation kept unchanged keeps its author and time; nothing is written when none changed.
  if (!sameExplanations(saved.explanations, state.explanations)) {
    const ids = Object.keys(state.explanations);
    cte(
      'explanations_removed',
      sql`delete from collection.explanations where ${isKey} and rule_id <> all(${ids}::text[]) and ${written}`,
    );
    if (ids.length) {
      const kept = ids.map((id) => {
        const old = saved.explanations.get(id);
        return old && old.body === state.explanations[id] ? old : null;
      });
      cte(
        'explanations_written',
        sql`
        insert into collection.explanations (unit_id, form_id, period, rule_id, body, written_by, written_at)
        select ${k.unitId}, ${k.formId}, ${k.period}, g.*
        from unnest(${ids}::text[], ${ids.map((id) => state.explanations[id])}::text[],
                    ${kept.map((o) => (o ? o.written_by : actor.username))}::text[],
                    ${kept.map((o) => (o ? o.written_at : t))}::timestamptz[])
          as g(rule_id, body, written_by, written_at)
        where ${written}
        on conflict (unit_id, form_id, period, rule_id) do update
          set body = excluded.body, written_by = excluded.written_by, written_at = excluded.written_at`,
      );
    }
  }

  const snapshot: Record<string, string> = {};
  for (const [ref, v] of Object.entries(state.values)) if (v !== null && v !== undefined) snapshot[ref] = v;
  cte(
    'saved_version',
    sql`
    insert into collection.submission_versions
      (unit_id, form_id, period, seq, reason, status, form_version_id, cell_values, explanations,
       actor_id, actor_name, created_at)
    select unit_id, form_id, period, last_seq, ${state.reason}, status, form_version_id,
           ${JSON.stringify(snapshot)}::jsonb, ${JSON.stringify(state.explanations)}::jsonb,
           ${actor.accountId}, ${actor.username}, ${t}
    from s`,
  );

  const event = {
    action: state.submitted ? 'collection.submitted' : 'collection.draft_saved',
    entityType: 'submission',
    entityId: entityId(k),
    before: existing ? { status: existing.status, version: existing.version, seq: existing.last_seq } : null,
    after: { status: row.status, version: row.version, seq },
    details: {
      form: l.form.code,
      formVersion: f.version.number,
      reason: state.reason,
      changes: diffValues(saved.cells, snapshot, model.order),
      failing: state.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId),
      explained: Object.keys(state.explanations),
    },
  };
  const a = auditRow(who(ctx), event);
  cte(
    'audited',
    sql`
    insert into audit.events
      (actor_id, actor_name, actor_role, ip, user_agent, action, entity_type, entity_id, before, after, details)
    select ${a.actor_id}, ${a.actor_name}, ${a.actor_role}, ${a.ip}, ${a.user_agent}, ${a.action},
           ${a.entity_type}, ${a.entity_id}, ${a.before}::jsonb, ${a.after}::jsonb, ${a.details}::jsonb
    from s`,
  );

  const idem = state.idempotency;
  if (idem) {
    cte(
      'idempotency',
      sql`
      insert into collection.idempotency_keys
        (unit_id, key, request_hash, form_id, period, status_code, response, account_id)
      select unit_id, ${idem.key}, ${idem.hash}, form_id, period, 200,
             ${JSON.stringify(idem.answer(row))}::json, ${actor.accountId}
      from s`,
    );
  }

  const { rows } = await sql<SubmissionRow>`${prepared} with ${sql.join(ctes)} select * from s`.execute(db);
  if (!rows.length) throw P.version_conflict({ current: (existing?.version ?? 0) + 1 });
  announceAudited(event);
  return rows[0];
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

const jsonOrNull = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

type ResultToStore = Pick<RuleResult, 'ruleId' | 'severity' | 'outcome' | 'values' | 'message' | 'reason'>;

/** A check's results as `collection.checks` keeps them (`StoredResult[]`). */
function checkJson(results: readonly ResultToStore[]): string {
  const out: StoredResult[] = [];
  for (const r of results) {
    const x: StoredResult = { ruleId: r.ruleId, severity: r.severity, outcome: r.outcome, values: r.values };
    if (r.message !== undefined && r.message !== null) x.message = r.message;
    if (r.reason !== undefined && r.reason !== null) x.reason = r.reason;
    out.push(x);
  }
  return JSON.stringify(out);
}

/** The failing rule results of one or many units as column arrays, for `unnest`. */
function resultArrays(batch: readonly { unitId: string; results: readonly ResultToStore[] }[]) {
  const a = {
    units: [] as string[],
    rules: [] as string[],
    severities: [] as string[],
    outcomes: [] as string[],
    used: [] as string[],
    messages: [] as (string | null)[],
    reasons: [] as (string | null)[],
  };
  for (const b of batch) {
    for (const r of b.results) {
      if (r.outcome !== 'fail') continue;
      a.units.push(b.unitId);
      a.rules.push(r.ruleId);
      a.severities.push(r.severity);
      a.outcomes.push(r.outcome);
      a.used.push(JSON.stringify(r.values));
      a.messages.push(jsonOrNull(r.message));
      a.reasons.push(jsonOrNull(r.reason));
    }
  }
  return a;
}

function upsertResults(
  formId: string,
  period: string,
  a: ReturnType<typeof resultArrays>,
  t: Date,
  when: RawBuilder<unknown> = sql`true`,
) {
  return sql`
    insert into collection.rule_results
      (unit_id, form_id, period, rule_id, severity, outcome, used_values, message, na_reason, checked_at)
    select g.unit_id, ${formId}, ${period}, g.rule_id, g.severity, g.outcome,
           g.used_values::jsonb, g.message::jsonb, g.na_reason::jsonb, ${t}
    from unnest(${a.units}::uuid[], ${a.rules}::text[], ${a.severities}::text[], ${a.outcomes}::text[],
                ${a.used}::text[], ${a.messages}::text[], ${a.reasons}::text[])
      as g(unit_id, rule_id, severity, outcome, used_values, message, na_reason)
    where ${when}
    on conflict (unit_id, form_id, period, rule_id) do update
      set severity = excluded.severity, outcome = excluded.outcome, used_values = excluded.used_values,
          message = excluded.message, na_reason = excluded.na_reason, checked_at = excluded.checked_at`;
}

/**
 * Rule results of many units of one form and period checked with one rule set (a batch
 * re-check), in the caller's transaction: one statement writes each unit's check, one deletes
 * the units' failing rows, one writes the rules failing now.
 */
export async function writeRuleResultsOf(
  trx: CollectionDb,
  formId: string,
  period: string,
  batch: readonly { unitId: string; results: readonly ResultToStore[] }[],
  t: Date,
): Promise<void> {
  if (!batch.length) return;
  const units = batch.map((b) => b.unitId);
  await sql`
    insert into collection.checks (unit_id, form_id, period, results, checked_at)
    select g.unit_id, ${formId}, ${period}, g.results::json, ${t}
    from unnest(${units}::uuid[], ${batch.map((b) => checkJson(b.results))}::text[]) as g(unit_id, results)
    on conflict (unit_id, form_id, period) do update
      set results = excluded.results, checked_at = excluded.checked_at`.execute(trx);
  // The units' failing rows are replaced whole: which rules fail differs from unit to unit.
  await sql`
    delete from collection.rule_results r
    using unnest(${units}::uuid[]) as u(unit_id)
    where r.unit_id = u.unit_id and r.form_id = ${formId} and r.period = ${period}`.execute(trx);
  const a = resultArrays(batch);
  if (a.rules.length) await upsertResults(formId, period, a, t).execute(trx);
}

function sameExplanations(saved: Saved['explanations'], next: Record<string, string>): boolean {
  const keys = Object.keys(next);
  if (keys.length !== saved.size) return false;
  return keys.every((id) => saved.get(id)?.body === next[id]);
}
