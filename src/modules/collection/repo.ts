/** The collection module's SQL (schema `collection`): its own tables only, always by unit first. */
import { type Generated, type Kysely, type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

export type SubmissionStatus = 'draft' | 'submitted' | 'returned' | 'approved';
export type SaveReason = 'autosave' | 'save' | 'submit' | 'api';

interface Key {
  unit_id: string;
  form_id: string;
  period: string;
}

export interface CollectionTables {
  'collection.submissions': Key & {
    status: SubmissionStatus;
    form_version_id: string;
    form_version_number: number;
    version: Generated<number>;
    last_seq: Generated<number>;
    late: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    updated_by: string | null;
    submitted_at: Date | null;
    submitted_by: string | null;
    submitted_via: 'session' | 'token' | null;
    /** The version whose rules produced the stored results, when not form_version_id (a re-check). */
    checked_version_id: Generated<string | null>;
  };
  'collection.cell_values': Key & {
    indicator: string;
    column_code: string;
    num: string | null;
    txt: string | null;
    computed: Generated<boolean>;
  };
  'collection.submission_versions': Key & {
    seq: number;
    reason: SaveReason;
    status: SubmissionStatus;
    form_version_id: string;
    cell_values: unknown;
    explanations: unknown;
    actor_id: string | null;
    actor_name: string | null;
    created_at: Generated<Date>;
  };
  /** A submission's last check: every rule's result (`StoredResult[]`) in one json array. */
  'collection.checks': Key & {
    results: unknown;
    checked_at: Date;
  };
  /** Failing rules only (the rows reviewers' lists and counts query); all results are in checks. */
  'collection.rule_results': Key & {
    rule_id: string;
    severity: 'fatal' | 'verify' | 'hint';
    outcome: 'pass' | 'fail' | 'na';
    used_values: unknown;
    message: unknown;
    na_reason: unknown;
    checked_at: Generated<Date>;
  };
  'collection.explanations': Key & {
    rule_id: string;
    body: string;
    written_by: string | null;
    written_at: Generated<Date>;
  };
  'collection.idempotency_keys': {
    unit_id: string;
    key: string;
    request_hash: string;
    form_id: string;
    period: string;
    status_code: number;
    response: unknown;
    account_id: string | null;
    created_at: Generated<Date>;
  };
  'collection.period_closures': {
    form_id: string;
    period: string;
    reason: string;
    closed_by: string | null;
    closed_at: Generated<Date>;
  };
}

export type CollectionDb = Kysely<CollectionTables>;
export type SubmissionRow = Selectable<CollectionTables['collection.submissions']>;
export type VersionRow = Selectable<CollectionTables['collection.submission_versions']>;
/** One rule's result as a check keeps it. */
export interface StoredResult {
  ruleId: string;
  severity: 'fatal' | 'verify' | 'hint';
  outcome: 'pass' | 'fail' | 'na';
  values: Record<string, string | null>;
  message?: unknown;
  reason?: unknown;
}
export type ExplanationRow = Selectable<CollectionTables['collection.explanations']>;

export const collectionDb = (db: Db) => db as unknown as CollectionDb;

export type SubmissionKey = { unitId: string; formId: string; period: string };

/** Cell rows as `{ "A01.current": "1250.5" }`. */
export function valuesOf(
  rows: { indicator: string; column_code: string; num: string | null; txt: string | null }[],
) {
  const out: Record<string, string> = {};
  for (const r of rows) out[`${r.indicator}.${r.column_code}`] = (r.num ?? r.txt) as string;
  return out;
}

/** Results in rule-id order (the order readers have always had). */
export const byRuleId = (results: StoredResult[]) =>
  [...results].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));

export function collectionRepo(db: CollectionDb) {
  const byKey = <Q extends { where: (...a: any[]) => Q }>(q: Q, k: SubmissionKey): Q =>
    q.where('unit_id', '=', k.unitId).where('form_id', '=', k.formId).where('period', '=', k.period);

  return {
    findSubmission: (k: SubmissionKey, trx: CollectionDb = db) =>
      byKey(trx.selectFrom('collection.submissions').selectAll(), k).executeTakeFirst(),

    submissionsOf: (unitId: string, formIds: string[]) =>
      formIds.length
        ? db
            .selectFrom('collection.submissions')
            .selectAll()
            .where('unit_id', '=', unitId)
            .where('form_id', 'in', formIds)
            .execute()
        : Promise.resolve([] as SubmissionRow[]),

    /** Current values of a submission (every non-blank cell). */
    async valuesFor(k: SubmissionKey) {
      const rows = await byKey(
        db.selectFrom('collection.cell_values').select(['indicator', 'column_code', 'num', 'txt']),
        k,
      ).execute();
      return valuesOf(rows);
    },

    /**
     * Values of a form in several periods, only where the unit reported (submitted or approved):
     * one query, joined on the distribution key. Periods without a report are absent.
     */
    async reportedValues(unitId: string, formId: string, periods: string[]) {
      const out = new Map<string, Record<string, string>>();
      if (!periods.length) return out;
      const rows = await db
        .selectFrom('collection.submissions as s')
        .leftJoin('collection.cell_values as c', (j) =>
          j
            .onRef('c.unit_id', '=', 's.unit_id')
            .onRef('c.form_id', '=', 's.form_id')
            .onRef('c.period', '=', 's.period'),
        )
        .select(['s.period', 'c.indicator', 'c.column_code', 'c.num', 'c.txt'])
        .where('s.unit_id', '=', unitId)
        .where('s.form_id', '=', formId)
        .where('s.period', 'in', periods)
        .where('s.status', 'in', ['submitted', 'approved'])
        .execute();
      for (const r of rows) {
        let values = out.get(r.period);
        if (!values) {
          values = {};
          out.set(r.period, values);
        }
        if (r.indicator !== null) values[`${r.indicator}.${r.column_code}`] = (r.num ?? r.txt) as string;
      }
      return out;
    },

    /** Submissions of a form and period for some units (a statistician's area). */
    submissionsFor: (formId: string, period: string, unitIds: string[]) =>
      unitIds.length
        ? db
            .selectFrom('collection.submissions')
            .selectAll()
            .where('form_id', '=', formId)
            .where('period', '=', period)
            .where('unit_id', 'in', unitIds)
            .execute()
        : Promise.resolve([] as SubmissionRow[]),

    /** Failing rules by unit and severity for a form and period. */
    failingByUnit: (formId: string, period: string, unitIds: string[]) =>
      unitIds.length
        ? db
            .selectFrom('collection.rule_results')
            .select(({ fn }) => ['unit_id', 'severity', fn.countAll<number>().as('n')])
            .where('form_id', '=', formId)
            .where('period', '=', period)
            .where('unit_id', 'in', unitIds)
            .where('outcome', '=', 'fail')
            .groupBy(['unit_id', 'severity'])
            .execute()
        : Promise.resolve([]),

    /** The last check's results, by rule id, and when it ran (none when never checked). */
    async ruleResults(k: SubmissionKey, trx: CollectionDb = db) {
      const row = await byKey(
        trx.selectFrom('collection.checks').select(['results', 'checked_at']),
        k,
      ).executeTakeFirst();
      return row ? { results: byRuleId(row.results as StoredResult[]), checkedAt: row.checked_at } : null;
    },

    explanations: (k: SubmissionKey) =>
      byKey(db.selectFrom('collection.explanations').selectAll(), k).orderBy('rule_id').execute(),

    versions: (k: SubmissionKey) =>
      byKey(
        db
          .selectFrom('collection.submission_versions')
          .select(['seq', 'reason', 'status', 'form_version_id', 'actor_id', 'actor_name', 'created_at']),
        k,
      )
        .orderBy('seq')
        .execute(),

    version: (k: SubmissionKey, seq: number) =>
      byKey(db.selectFrom('collection.submission_versions').selectAll(), k)
        .where('seq', '=', seq)
        .executeTakeFirst(),

    closure: (formId: string, period: string) =>
      db
        .selectFrom('collection.period_closures')
        .selectAll()
        .where('form_id', '=', formId)
        .where('period', '=', period)
        .executeTakeFirst(),

    closuresOf: (formIds: string[]) =>
      formIds.length
        ? db.selectFrom('collection.period_closures').selectAll().where('form_id', 'in', formIds).execute()
        : Promise.resolve([]),

    /** Failing rules of the unit's submissions by severity (for the task list). */
    failingCounts: (unitId: string) =>
      db
        .selectFrom('collection.rule_results')
        .select(({ fn }) => ['form_id', 'period', 'severity', fn.countAll<number>().as('n')])
        .where('unit_id', '=', unitId)
        .where('outcome', '=', 'fail')
        .groupBy(['form_id', 'period', 'severity'])
        .execute(),

    /** A page of a form and period's submissions by unit (optionally only some units), for batch work. */
    submissionsPage: (
      formId: string,
      period: string,
      after: string | null,
      limit: number,
      unitIds?: string[],
    ) => {
      let q = db
        .selectFrom('collection.submissions')
        .select(['unit_id', 'version', 'status', 'form_version_id', 'checked_version_id'])
        .where('form_id', '=', formId)
        .where('period', '=', period);
      if (unitIds) q = q.where('unit_id', '=', (eb) => eb.fn.any(eb.val(unitIds).$castTo<string[]>()));
      if (after) q = q.where('unit_id', '>', after);
      return q.orderBy('unit_id').limit(limit).execute();
    },

    /**
     * Current values of many units' submissions of one form and period, by unit: one row per
     * submission (its cells as one JSON object), not one per cell, so batches read fast.
     */
    async valuesOfUnits(formId: string, period: string, unitIds: string[]) {
      const out = new Map<string, Record<string, string>>();
      if (!unitIds.length) return out;
      const rows = await sql<{ unit_id: string; v: Record<string, string> }>`
        select unit_id, json_object_agg(indicator || '.' || column_code, coalesce(num::text, txt)) as v
        from collection.cell_values
        where unit_id = any(${unitIds}::uuid[]) and form_id = ${formId} and period = ${period}
        group by unit_id`.execute(db);
      for (const r of rows.rows) out.set(r.unit_id, r.v);
      return out;
    },

    /** Stored outcomes of many units' submissions of one form and period: unit → rule → outcome. */
    async outcomesOfUnits(formId: string, period: string, unitIds: string[]) {
      const out = new Map<string, Record<string, 'pass' | 'fail' | 'na'>>();
      if (!unitIds.length) return out;
      const rows = await sql<{ unit_id: string; o: Record<string, 'pass' | 'fail' | 'na'> }>`
        select c.unit_id, json_object_agg(r->>'ruleId', r->>'outcome') as o
        from collection.checks c cross join lateral json_array_elements(c.results) r
        where c.unit_id = any(${unitIds}::uuid[]) and c.form_id = ${formId} and c.period = ${period}
        group by c.unit_id`.execute(db);
      for (const r of rows.rows) out.set(r.unit_id, r.o);
      return out;
    },

    /** reportedValues for many units at once: unit → period → values (reported ones only). */
    async reportedValuesOfUnits(unitIds: string[], formId: string, periods: string[]) {
      const out = new Map<string, Map<string, Record<string, string>>>();
      if (!unitIds.length || !periods.length) return out;
      const rows = await sql<{ unit_id: string; period: string; v: Record<string, string> | null }>`
        select s.unit_id, s.period,
               json_object_agg(c.indicator || '.' || c.column_code, coalesce(c.num::text, c.txt))
                 filter (where c.indicator is not null) as v
        from collection.submissions s
        left join collection.cell_values c
          on c.unit_id = s.unit_id and c.form_id = s.form_id and c.period = s.period
        where s.unit_id = any(${unitIds}::uuid[]) and s.form_id = ${formId}
          and s.period = any(${periods}::text[]) and s.status in ('submitted', 'approved')
        group by s.unit_id, s.period`.execute(db);
      for (const r of rows.rows) {
        let byPeriod = out.get(r.unit_id);
        if (!byPeriod) {
          byPeriod = new Map();
          out.set(r.unit_id, byPeriod);
        }
        byPeriod.set(r.period, r.v ?? {});
      }
      return out;
    },

    idempotencyKey: (unitId: string, key: string, trx: CollectionDb = db) =>
      trx
        .selectFrom('collection.idempotency_keys')
        .selectAll()
        .where('unit_id', '=', unitId)
        .where('key', '=', key)
        .executeTakeFirst(),
  };
}

export type CollectionRepo = ReturnType<typeof collectionRepo>;
