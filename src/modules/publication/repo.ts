/** Publication's SQL (schema `publication`): table types and the visibility predicate. */
import type { ExpressionBuilder, Generated, Kysely } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { FREQUENCY_OF } from '../statdb/domain/dims.ts';
import { periods } from '../surveys/index.ts';

export interface PublicationTables {
  'publication.releases': {
    id: string;
    title_zh: string;
    title_en: string;
    kind: 'data' | 'bulletin' | 'analysis' | 'other';
    release_at: Date;
    description_zh: string;
    description_en: string;
    status: Generated<'scheduled' | 'cancelled'>;
    created_by: string;
    created_at: Generated<Date>;
    updated_by: string;
    updated_at: Generated<Date>;
  };
  'publication.datasets': {
    code: string;
    title_zh: string;
    title_en: string;
    description_zh: string;
    description_en: string;
    subject: string;
    frequency: 'M' | 'Q' | 'A';
    indicators: string[];
    dimensions: string[];
    notes: { zh: string; en: string }[];
    source: string;
    created_at: Generated<Date>;
    updated_by: string;
    updated_at: Generated<Date>;
  };
  'publication.stagings': {
    release_id: string;
    dataset: string;
    from_period: string | null;
    to_period: string | null;
    codes: Record<string, string[]>;
    note: string | null;
    added: number;
    revised: number;
    restated: number;
    unchanged: number;
    staged_by: string;
    staged_at: Generated<Date>;
  };
  'publication.dataset_codes': {
    dataset: string;
    dimension: string;
    code: string;
    ord: number;
    visible_from: Date;
  };
  'publication.observations': {
    dataset: string;
    period: string;
    id: Generated<number>;
    period_ord: number;
    indicator: string;
    region: string;
    industry: string;
    size: string;
    regtype: string;
    value: string;
    status: 'preliminary' | 'revised' | 'final';
    note: string | null;
    release_id: string;
    visible_from: Date;
    visible_to: Date | null;
  };
}

export type PubDb = Kysely<PublicationTables>;
export const pubDb = (db: Db) => db as unknown as PubDb;
export type ReleaseRow = PublicationTables['publication.releases'] & {
  status: 'scheduled' | 'cancelled';
  created_at: Date;
  updated_at: Date;
};
export type DatasetRow = PublicationTables['publication.datasets'] & { created_at: Date; updated_at: Date };

/** Rows of `publication.observations` the public sees at `at`. */
export const visibleAt =
  (at: Date) => (eb: ExpressionBuilder<PublicationTables, 'publication.observations'>) =>
    eb.and([
      eb('publication.observations.visible_from', '<=', at),
      eb.or([
        eb('publication.observations.visible_to', 'is', null),
        eb('publication.observations.visible_to', '>', at),
      ]),
    ]);

/** The period of an ordinal (periods.ordinal's inverse) for a frequency code. */
export function periodOfOrdinal(frequency: 'M' | 'Q' | 'A', ord: number): string {
  return periods.formatPeriod(
    periods.shiftPeriod({ frequency: FREQUENCY_OF[frequency], year: 0, index: 1 }, Number(ord)),
  );
}

/** The ordinal of a period text of a frequency (null when it is not one). */
export function ordinalOfPeriod(frequency: 'M' | 'Q' | 'A', text: string): number | null {
  const p = periods.parsePeriodOf(text, FREQUENCY_OF[frequency]);
  return p ? periods.ordinal(p) : null;
}

/** The minute of the latest released release that staged each dataset (only those released by `at`). */
export async function releasedMinutes(db: PubDb, at: Date, datasets?: string[]) {
  let q = db
    .selectFrom('publication.stagings as s')
    .innerJoin('publication.releases as r', 'r.id', 's.release_id')
    .select('s.dataset')
    .select((eb) => eb.fn.max('r.release_at').as('latest'))
    .where('r.status', '=', 'scheduled')
    .where('r.release_at', '<=', at)
    .groupBy('s.dataset');
  if (datasets) {
    if (!datasets.length) return new Map<string, Date>();
    q = q.where('s.dataset', 'in', datasets);
  }
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.dataset, new Date(r.latest as unknown as Date)]));
}

/** First and last visible period ordinal of each dataset at `at` (only datasets with visible data). */
export async function visibleSpans(db: PubDb, at: Date, dataset?: string) {
  let q = db
    .selectFrom('publication.dataset_codes')
    .select('dataset')
    .select((eb) => [eb.fn.min('ord').as('first'), eb.fn.max('ord').as('last')])
    .where('dimension', '=', 'period')
    .where('visible_from', '<=', at)
    .groupBy('dataset');
  if (dataset) q = q.where('dataset', '=', dataset);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.dataset, { first: Number(r.first), last: Number(r.last) }]));
}
