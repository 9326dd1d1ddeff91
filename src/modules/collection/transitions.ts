/**
 * What the review module (审核) may do to and read of a submission. Collection owns its tables,
 * so review changes a submission's status only through these functions, inside the transaction
 * the caller passes (with the review state and the audit event), each guarded by the row
 * `version` the caller read: a change in between makes the transition return null, never a lost
 * update. Reads take a Kysely handle too, so they work inside or outside a transaction.
 */
import type { Db } from '../../platform/db.ts';
import {
  byRuleId,
  type CollectionDb,
  collectionDb,
  type StoredResult,
  type SubmissionKey,
  valuesOf,
} from './repo.ts';

export type { SubmissionKey } from './repo.ts';

/** A submission as review sees it. */
export interface ReviewedSubmission {
  unitId: string;
  formId: string;
  period: string;
  status: 'draft' | 'submitted' | 'returned' | 'approved';
  version: number;
  formVersionNumber: number;
  late: boolean;
  submittedAt: Date | null;
  submittedBy: string | null;
  updatedAt: Date;
}

const toView = (r: {
  unit_id: string;
  form_id: string;
  period: string;
  status: ReviewedSubmission['status'];
  version: number;
  form_version_number: number;
  late: boolean;
  submitted_at: Date | null;
  submitted_by: string | null;
  updated_at: Date;
}): ReviewedSubmission => ({
  unitId: r.unit_id,
  formId: r.form_id,
  period: r.period,
  status: r.status,
  version: r.version,
  formVersionNumber: r.form_version_number,
  late: r.late,
  submittedAt: r.submitted_at,
  submittedBy: r.submitted_by,
  updatedAt: r.updated_at,
});

const COLUMNS = [
  'unit_id',
  'form_id',
  'period',
  'status',
  'version',
  'form_version_number',
  'late',
  'submitted_at',
  'submitted_by',
  'updated_at',
] as const;

async function move(
  db: Db,
  k: SubmissionKey,
  from: readonly ReviewedSubmission['status'][],
  to: ReviewedSubmission['status'],
  expectedVersion: number,
  by: string,
): Promise<ReviewedSubmission | null> {
  const row = await collectionDb(db)
    .updateTable('collection.submissions')
    .set((eb) => ({ status: to, version: eb('version', '+', 1), updated_at: new Date(), updated_by: by }))
    .where('unit_id', '=', k.unitId)
    .where('form_id', '=', k.formId)
    .where('period', '=', k.period)
    .where('version', '=', expectedVersion)
    .where('status', 'in', [...from])
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? toView(row) : null;
}

/** Returns a submitted form to the unit (退回): it may edit and submit again. Null on a stale version. */
export const markReturned = (trx: Db, k: SubmissionKey, expectedVersion: number, by: string) =>
  move(trx, k, ['submitted'], 'returned', expectedVersion, by);

/** Final approval (审核通过) at the top review level. Null on a stale version. */
export const markApproved = (trx: Db, k: SubmissionKey, expectedVersion: number, by: string) =>
  move(trx, k, ['submitted'], 'approved', expectedVersion, by);

/** Reopens an approved form for review (back to submitted). Null on a stale version. */
export const reopen = (trx: Db, k: SubmissionKey, expectedVersion: number, by: string) =>
  move(trx, k, ['approved'], 'submitted', expectedVersion, by);

/** One submission, or undefined when the unit has not started the form. */
export async function submission(db: Db, k: SubmissionKey): Promise<ReviewedSubmission | undefined> {
  const row = await collectionDb(db)
    .selectFrom('collection.submissions')
    .select(COLUMNS)
    .where('unit_id', '=', k.unitId)
    .where('form_id', '=', k.formId)
    .where('period', '=', k.period)
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** Submissions handed in for a period (submitted, returned or approved; drafts are the unit's own). */
export async function handedIn(
  db: Db,
  q: { period: string; formId?: string },
): Promise<ReviewedSubmission[]> {
  let query = collectionDb(db)
    .selectFrom('collection.submissions')
    .select(COLUMNS)
    .where('period', '=', q.period)
    .where('status', '<>', 'draft');
  if (q.formId) query = query.where('form_id', '=', q.formId);
  return (await query.orderBy('unit_id').orderBy('form_id').execute()).map(toView);
}

/** A submission's values, every rule result with its message, and the unit's explanations. */
export async function contents(db: Db, k: SubmissionKey) {
  const c: CollectionDb = collectionDb(db);
  const where = <Q extends { where: (...a: any[]) => Q }>(q: Q) =>
    q.where('unit_id', '=', k.unitId).where('form_id', '=', k.formId).where('period', '=', k.period);
  const [cells, check, explanations] = await Promise.all([
    where(
      c.selectFrom('collection.cell_values').select(['indicator', 'column_code', 'num', 'txt']),
    ).execute(),
    where(c.selectFrom('collection.checks').select(['results', 'checked_at'])).executeTakeFirst(),
    where(c.selectFrom('collection.explanations').selectAll()).orderBy('rule_id').execute(),
  ]);
  return {
    values: valuesOf(cells),
    results: byRuleId((check?.results ?? []) as StoredResult[]).map((r) => ({
      ruleId: r.ruleId,
      severity: r.severity,
      outcome: r.outcome,
      values: r.values,
      message: (r.message as { 'zh-CN': string; 'en-US': string } | null) ?? null,
      checkedAt: check!.checked_at,
    })),
    explanations: explanations.map((e) => ({
      ruleId: e.rule_id,
      body: e.body,
      writtenBy: e.written_by,
      writtenAt: e.written_at,
    })),
  };
}

/** A failing rule of a handed-in submission, with the unit's explanation if any. */
export interface Failure {
  unitId: string;
  formId: string;
  period: string;
  ruleId: string;
  severity: 'fatal' | 'verify' | 'hint';
  message: { 'zh-CN': string; 'en-US': string } | null;
  values: Record<string, string | null>;
  explanation: string | null;
}

/**
 * Failing rules of handed-in submissions in a period (optionally one form or one submission),
 * with explanations. Read in pages by key so a whole period never sits in one result set.
 */
export async function* failures(
  db: Db,
  q: { period: string; formId?: string; unitId?: string },
  pageSize = 5000,
): AsyncGenerator<Failure[]> {
  const c = collectionDb(db);
  let after: [string, string, string] | null = null;
  for (;;) {
    let query = c
      .selectFrom('collection.rule_results as r')
      .innerJoin('collection.submissions as s', (j) =>
        j
          .onRef('s.unit_id', '=', 'r.unit_id')
          .onRef('s.form_id', '=', 'r.form_id')
          .onRef('s.period', '=', 'r.period'),
      )
      .leftJoin('collection.explanations as e', (j) =>
        j
          .onRef('e.unit_id', '=', 'r.unit_id')
          .onRef('e.form_id', '=', 'r.form_id')
          .onRef('e.period', '=', 'r.period')
          .onRef('e.rule_id', '=', 'r.rule_id'),
      )
      .select([
        'r.unit_id',
        'r.form_id',
        'r.period',
        'r.rule_id',
        'r.severity',
        'r.message',
        'r.used_values',
        'e.body',
      ])
      .where('r.period', '=', q.period)
      .where('r.outcome', '=', 'fail')
      .where('s.status', '<>', 'draft');
    if (q.formId) query = query.where('r.form_id', '=', q.formId);
    if (q.unitId) query = query.where('r.unit_id', '=', q.unitId);
    if (after) {
      const [u, f, rule] = after;
      query = query.where((eb) =>
        eb(eb.refTuple('r.unit_id', 'r.form_id', 'r.rule_id'), '>', eb.tuple(u, f, rule)),
      );
    }
    const rows = await query
      .orderBy('r.unit_id')
      .orderBy('r.form_id')
      .orderBy('r.rule_id')
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    yield rows.map((r) => ({
      unitId: r.unit_id,
      formId: r.form_id,
      period: r.period,
      ruleId: r.rule_id,
      severity: r.severity,
      message: (r.message as Failure['message']) ?? null,
      values: r.used_values as Record<string, string | null>,
      explanation: r.body ?? null,
    }));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = [last.unit_id, last.form_id, last.rule_id];
  }
}

/** A form's numbers in one period: the units that handed it in, and per cell their numbers. */
export interface PeriodColumns {
  period: string;
  unitIds: string[];
  /** By cell ref, one number per unit in `unitIds` order; NaN where blank or not a number. */
  cells: Map<string, Float64Array>;
}

/**
 * Numbers of some cells of a form for unit-level anomaly detection (异常值识别): of every
 * handed-in submission of `period` (submitted, returned or approved — what reviewers are looking
 * at), and only of the approved submissions of the `bases` (the previous period, the same period
 * last year), the figures the current ones are compared with. Read from each submission's last
 * saved version (one document per submission, as the submission path reads previous periods):
 * 6,000 documents for 2,000 units in three periods instead of 600,000 cell rows grouped in SQL;
 * returned as columns so the caller pairs units once per period, not once per value.
 */
export async function cellColumns(
  db: Db,
  q: { formId: string; period: string; bases: string[]; cells: string[] },
): Promise<PeriodColumns[]> {
  const bases = q.bases.filter((p) => p !== q.period);
  const rows = await collectionDb(db)
    .selectFrom('collection.submissions as s')
    .innerJoin('collection.submission_versions as v', (j) =>
      j
        .onRef('v.unit_id', '=', 's.unit_id')
        .onRef('v.form_id', '=', 's.form_id')
        .onRef('v.period', '=', 's.period')
        .onRef('v.seq', '=', 's.last_seq'),
    )
    .select(['s.unit_id', 's.period', 'v.cell_values'])
    .where('s.form_id', '=', q.formId)
    .where((eb) =>
      eb.or([
        eb.and([eb('s.period', '=', q.period), eb('s.status', '<>', 'draft')]),
        ...(bases.length ? [eb.and([eb('s.period', 'in', bases), eb('s.status', '=', 'approved')])] : []),
      ]),
    )
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.period, (counts.get(r.period) ?? 0) + 1);
  const out = new Map<string, PeriodColumns>();
  for (const [period, n] of counts)
    out.set(period, {
      period,
      unitIds: [],
      cells: new Map(q.cells.map((ref) => [ref, new Float64Array(n).fill(Number.NaN)])),
    });
  const columns = (c: PeriodColumns) => q.cells.map((ref) => c.cells.get(ref)!);
  const byPeriod = new Map([...out].map(([period, c]) => [period, { c, cols: columns(c) }]));
  for (const r of rows) {
    const { c, cols } = byPeriod.get(r.period)!;
    const i = c.unitIds.length;
    c.unitIds.push(r.unit_id);
    const values = r.cell_values as Record<string, string | null>;
    for (let k = 0; k < cols.length; k++) {
      const text = values[q.cells[k]];
      if (text !== undefined && text !== null && text !== '') cols[k][i] = Number(text);
    }
  }
  return [...out.values()];
}
