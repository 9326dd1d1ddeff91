import { type Kysely, sql } from 'kysely';

/**
 * A submission's last check is kept as one row (`collection.checks`: every rule's result in one
 * `json` array) instead of one row per rule: a 60-rule submission wrote 60 rows, each with its
 * index entry and three jsonb values parsed. `collection.rule_results` keeps only failing rules,
 * the rows that reviewers' lists, counts and paging query. Existing results move over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table collection.checks (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      results json not null,
      checked_at timestamptz not null,
      primary key (unit_id, form_id, period)
    )`.execute(db);
  await sql`
    insert into collection.checks (unit_id, form_id, period, results, checked_at)
    select unit_id, form_id, period,
           json_agg(json_build_object('ruleId', rule_id, 'severity', severity, 'outcome', outcome,
                                      'values', used_values, 'message', message, 'reason', na_reason)
                    order by rule_id),
           max(checked_at)
    from collection.rule_results
    group by unit_id, form_id, period`.execute(db);
  await sql`delete from collection.rule_results where outcome <> 'fail'`.execute(db);
}
