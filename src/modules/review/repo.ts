/** The review module's SQL (schema `review`): its own tables only, by unit first. */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ReviewLevel, ReviewStatus } from './domain/levels.ts';

interface Key {
  unit_id: string;
  form_id: string;
  period: string;
}

export interface ReviewTables {
  'review.level_configs': {
    form_id: string;
    levels: unknown;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  'review.states': Key & {
    level: ReviewLevel;
    status: ReviewStatus;
    round: number;
    version: number;
    reason: string | null;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  'review.decisions': Key & {
    seq: number;
    round: number;
    level: ReviewLevel;
    decision: 'approve' | 'return_to_unit' | 'return_to_level' | 'reopen';
    to_level: ReviewLevel | null;
    reason: string | null;
    actor_id: string | null;
    actor_name: string | null;
    actor_role: string | null;
    decided_at: Generated<Date>;
  };
  'review.queries': Key & {
    id: string;
    cell: string;
    level: ReviewLevel;
    status: 'open' | 'closed';
    opened_by: string | null;
    opened_at: Generated<Date>;
    closed_by: string | null;
    closed_at: Date | null;
  };
  'review.query_messages': {
    unit_id: string;
    query_id: string;
    seq: number;
    author_id: string | null;
    author_name: string | null;
    author_role: string;
    body: string;
    written_at: Generated<Date>;
  };
  'review.explanation_reviews': Key & {
    rule_id: string;
    verdict: 'accepted' | 'rejected';
    note: string | null;
    explanation: string;
    level: string | null;
    reviewer_id: string | null;
    reviewer_name: string | null;
    reviewed_at: Generated<Date>;
  };
  'review.violations': Key & {
    rule_id: string;
    severity: 'fatal' | 'verify' | 'hint';
    message: unknown;
    first_seen_at: Generated<Date>;
    last_seen_at: Generated<Date>;
  };
}

export type ReviewDb = Kysely<ReviewTables>;
export type StateRow = Selectable<ReviewTables['review.states']>;
export type QueryRow = Selectable<ReviewTables['review.queries']>;
export type VerdictRow = Selectable<ReviewTables['review.explanation_reviews']>;
export const reviewDb = (db: Db) => db as unknown as ReviewDb;

export type SubmissionKey = { unitId: string; formId: string; period: string };

const byKey = <Q extends { where: (...a: any[]) => Q }>(q: Q, k: SubmissionKey): Q =>
  q.where('unit_id', '=', k.unitId).where('form_id', '=', k.formId).where('period', '=', k.period);

/** Reads of review's tables; each takes the handle to read with (the database or a transaction). */
export const reviewRepo = {
  levelConfigs: (db: ReviewDb, formIds: string[]) =>
    formIds.length
      ? db.selectFrom('review.level_configs').selectAll().where('form_id', 'in', formIds).execute()
      : Promise.resolve([]),

  state: (db: ReviewDb, k: SubmissionKey) =>
    byKey(db.selectFrom('review.states').selectAll(), k).executeTakeFirst(),

  statesOf: (db: ReviewDb, q: { period: string; formId?: string }) => {
    let query = db.selectFrom('review.states').selectAll().where('period', '=', q.period);
    if (q.formId) query = query.where('form_id', '=', q.formId);
    return query.execute();
  },

  decisions: (db: ReviewDb, k: SubmissionKey) =>
    byKey(db.selectFrom('review.decisions').selectAll(), k).orderBy('seq').execute(),

  queries: (db: ReviewDb, k: SubmissionKey) =>
    byKey(db.selectFrom('review.queries').selectAll(), k).orderBy('opened_at').orderBy('id').execute(),

  query: (db: ReviewDb, unitId: string, id: string) =>
    db
      .selectFrom('review.queries')
      .selectAll()
      .where('unit_id', '=', unitId)
      .where('id', '=', id)
      .executeTakeFirst(),

  messagesOf: (db: ReviewDb, unitId: string, queryIds: string[]) =>
    queryIds.length
      ? db
          .selectFrom('review.query_messages')
          .selectAll()
          .where('unit_id', '=', unitId)
          .where('query_id', 'in', queryIds)
          .orderBy('query_id')
          .orderBy('seq')
          .execute()
      : Promise.resolve([]),

  /** Open queries per submission of a period, with the role of each one's last message. */
  openQueriesOf: (db: ReviewDb, q: { period: string; formId?: string }) => {
    let query = db
      .selectFrom('review.queries as q')
      .select((eb) => [
        'q.unit_id',
        'q.form_id',
        eb
          .selectFrom('review.query_messages as m')
          .select('m.author_role')
          .whereRef('m.unit_id', '=', 'q.unit_id')
          .whereRef('m.query_id', '=', 'q.id')
          .orderBy('m.seq', 'desc')
          .limit(1)
          .as('last_role'),
      ])
      .where('q.period', '=', q.period)
      .where('q.status', '=', 'open');
    if (q.formId) query = query.where('q.form_id', '=', q.formId);
    return query.execute();
  },

  verdicts: (db: ReviewDb, k: SubmissionKey) =>
    byKey(db.selectFrom('review.explanation_reviews').selectAll(), k).execute(),

  verdictsOf: (db: ReviewDb, q: { period: string; formId?: string }) => {
    let query = db.selectFrom('review.explanation_reviews').selectAll().where('period', '=', q.period);
    if (q.formId) query = query.where('form_id', '=', q.formId);
    return query.execute();
  },

  seenViolationsOf: (db: ReviewDb, q: { period: string; formId?: string }) => {
    let query = db.selectFrom('review.violations').selectAll().where('period', '=', q.period);
    if (q.formId) query = query.where('form_id', '=', q.formId);
    return query.execute();
  },
};
