/** The statistical database's SQL (schema `statdb`): table types and the vintage-aware reads. */
import type { Generated, Kysely } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { periods } from '../surveys/index.ts';
import { FREQUENCY_OF } from './domain/dims.ts';

export interface StatdbTables {
  'statdb.indicators': {
    code: string;
    name_zh: string;
    name_en: string;
    unit_zh: string;
    unit_en: string;
    definition_zh: string;
    definition_en: string;
    source: string;
    frequency: 'M' | 'Q' | 'A';
    kind: 'flow' | 'stock' | 'index';
    decimals: number;
    footnotes: { zh: string; en: string }[];
    dimensions: string[];
    updated_by: string;
    updated_at: Generated<Date>;
  };
  'statdb.codes': {
    dimension: string;
    code: string;
    name_zh: string;
    name_en: string;
    parent: string | null;
    level: string;
    ord: number;
  };
  'statdb.observations': {
    id: Generated<number>;
    period: string;
    indicator: string;
    dims_key: string;
    dims: Record<string, string>;
    period_ord: number;
    value: string | null;
    status: 'preliminary' | 'revised' | 'final';
    note: string | null;
    source: string;
    recorded_by: string;
    valid_from: Date;
    valid_to: Date | null;
  };
}

export type StatdbDb = Kysely<StatdbTables>;
export const statdbDb = (db: Db) => db as unknown as StatdbDb;
export type IndicatorRow = StatdbTables['statdb.indicators'] & { updated_at: Date };

/** Observations in force at `asOf` (now when absent). */
export function inForce(db: StatdbDb, asOf: Date | undefined) {
  const q = db.selectFrom('statdb.observations');
  if (!asOf) return q.where('valid_to', 'is', null);
  return q
    .where('valid_from', '<=', asOf)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', asOf)]));
}

/** Values in force of some series of one indicator, over a range of period ordinals. */
export async function readSeries(
  db: StatdbDb,
  q: { indicator: string; keys: string[]; fromOrd?: number; toOrd?: number; asOf?: Date },
) {
  let query = inForce(db, q.asOf)
    .select(['dims_key', 'period', 'period_ord', 'value', 'status', 'note'])
    .where('indicator', '=', q.indicator)
    .where('dims_key', 'in', q.keys);
  if (q.fromOrd !== undefined) query = query.where('period_ord', '>=', q.fromOrd);
  if (q.toOrd !== undefined) query = query.where('period_ord', '<=', q.toOrd);
  return query.orderBy('dims_key').orderBy('period_ord').execute();
}

/** The first and last period with observations in force, per indicator. */
export async function periodSpans(db: StatdbDb, codes: string[]) {
  const out = new Map<string, { first: string; last: string }>();
  if (!codes.length) return out;
  // Ordinals, not texts: min/max of an int column, read back into periods of the indicator's frequency.
  const rows = await db
    .selectFrom('statdb.observations as o')
    .innerJoin('statdb.indicators as i', 'i.code', 'o.indicator')
    .select(['o.indicator', 'i.frequency'])
    .select((eb) => [eb.fn.min('o.period_ord').as('first'), eb.fn.max('o.period_ord').as('last')])
    .where('o.valid_to', 'is', null)
    .where('o.indicator', 'in', codes)
    .groupBy(['o.indicator', 'i.frequency'])
    .execute();
  for (const r of rows) {
    const frequency = FREQUENCY_OF[r.frequency];
    const at = (n: number) =>
      periods.formatPeriod(periods.shiftPeriod({ frequency, year: 0, index: 1 }, Number(n)));
    out.set(r.indicator, { first: at(r.first), last: at(r.last) });
  }
  return out;
}

/** Every observation in force of some indicators (all their series), over a range of period ordinals. */
export async function readIndicators(
  db: StatdbDb,
  q: { indicators: string[]; fromOrd?: number; toOrd?: number },
) {
  if (!q.indicators.length) return [];
  let query = inForce(db, undefined)
    .select(['indicator', 'dims', 'period', 'period_ord', 'value', 'status', 'note'])
    .where('indicator', 'in', q.indicators);
  if (q.fromOrd !== undefined) query = query.where('period_ord', '>=', q.fromOrd);
  if (q.toOrd !== undefined) query = query.where('period_ord', '<=', q.toOrd);
  return query.orderBy('indicator').orderBy('dims_key').orderBy('period_ord').execute();
}
