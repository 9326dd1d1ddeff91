/**
 * Reads for aggregation (汇总): the numeric values of approved submissions. Aggregation keeps its
 * own copy of what was approved (the microdata database, with vintages); these reads are where
 * that copy comes from — one submission inside the approving transaction, or every approved
 * submission of a form and period in pages for a full recompute.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { collectionDb, type SubmissionKey } from './repo.ts';

/** An approved submission's numeric values by cell (`indicator.column` → decimal text). */
export interface ApprovedValues {
  unitId: string;
  formId: string;
  period: string;
  formVersionNumber: number;
  values: Record<string, string>;
}

export function createAggregationReads() {
  return {
    /** One submission's numeric values (any status: the caller approves it in the same transaction). */
    async numericValues(db: Db, k: SubmissionKey): Promise<Record<string, string>> {
      const rows = await collectionDb(db)
        .selectFrom('collection.cell_values')
        .select(['indicator', 'column_code', 'num'])
        .where('unit_id', '=', k.unitId)
        .where('form_id', '=', k.formId)
        .where('period', '=', k.period)
        .where('num', 'is not', null)
        .execute();
      const out: Record<string, string> = {};
      for (const r of rows) out[`${r.indicator}.${r.column_code}`] = r.num as string;
      return out;
    },

    /**
     * Every approved submission (optionally of one form and/or period), in pages of whole
     * submissions ordered by key, each with its numeric values gathered in SQL.
     */
    async *approved(
      db: Db,
      q: { formId?: string; period?: string },
      pageSize = 2000,
    ): AsyncGenerator<ApprovedValues[]> {
      let after: [string, string, string] | null = null;
      for (;;) {
        const rows: {
          unit_id: string;
          form_id: string;
          period: string;
          form_version_number: number;
          items: string[] | null;
          nums: string[] | null;
        }[] = (
          await sql<{
            unit_id: string;
            form_id: string;
            period: string;
            form_version_number: number;
            items: string[] | null;
            nums: string[] | null;
          }>`
            select s.unit_id, s.form_id, s.period, s.form_version_number,
                   array_agg(v.indicator || '.' || v.column_code order by v.indicator, v.column_code)
                     filter (where v.num is not null) as items,
                   array_agg(v.num::text order by v.indicator, v.column_code)
                     filter (where v.num is not null) as nums
              from (select unit_id, form_id, period, form_version_number
                      from collection.submissions
                     where status = 'approved'
                       ${q.formId ? sql`and form_id = ${q.formId}` : sql``}
                       ${q.period ? sql`and period = ${q.period}` : sql``}
                       ${after ? sql`and (period, form_id, unit_id) > (${after[0]}, ${after[1]}, ${after[2]})` : sql``}
                     order by period, form_id, unit_id
                     limit ${pageSize}) s
              left join collection.cell_values v
                on v.unit_id = s.unit_id and v.form_id = s.form_id and v.period = s.period
             group by s.period, s.form_id, s.unit_id, s.form_version_number
             order by s.period, s.form_id, s.unit_id`.execute(db)
        ).rows;
        if (!rows.length) return;
        yield rows.map((r) => {
          const values: Record<string, string> = {};
          const items = r.items ?? [];
          const nums = r.nums ?? [];
          for (let i = 0; i < items.length; i++) values[items[i]!] = nums[i]!;
          return {
            unitId: r.unit_id,
            formId: r.form_id,
            period: r.period,
            formVersionNumber: r.form_version_number,
            values,
          };
        });
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1]!;
        after = [last.period, last.form_id, last.unit_id];
      }
    },

    /** Status of one submission, read in the caller's transaction. */
    async status(db: Db, k: SubmissionKey) {
      const row = await collectionDb(db)
        .selectFrom('collection.submissions')
        .select(['status', 'form_version_number'])
        .where('unit_id', '=', k.unitId)
        .where('form_id', '=', k.formId)
        .where('period', '=', k.period)
        .executeTakeFirst();
      return row ?? null;
    },
  };
}

export type AggregationReads = ReturnType<typeof createAggregationReads>;
