/**
 * What aggregation needs of other modules, handed in by app.ts. Functions that take a `Db` run on
 * the caller's handle, so an approval reads and writes inside its own transaction.
 */
import type { Db } from '../../platform/db.ts';
import type { StlOptions, StlResult } from '../analysis/index.ts';
import type { AggregationReads } from '../collection/aggregation-reads.ts';
import type { UnitClassificationRow } from '../registry/index.ts';
import type { FormModel } from '../surveys/index.ts';

export interface RegistryPort {
  classifications(db: Db, unitIds: readonly string[]): Promise<Map<string, UnitClassificationRow>>;
  names(unitIds: readonly string[]): Promise<Map<string, { name: string; creditCode: string }>>;
  groupings(): Promise<{ id: string; name: string; nameEn: string | null; codes: string[] }[]>;
  refs(): Promise<{
    divisions: Map<string, { code: string; name: string; level: string; parentCode: string | null }>;
    industries: Map<string, { code: string; name: string; level: string; section: string }>;
  }>;
}

export interface SurveysPort {
  versionByNumber(
    formId: string,
    number: number,
  ): Promise<{ number: number; model: FormModel; definition: unknown } | null>;
  definitionFor(formId: string, period: string): Promise<{ number: number; definition: unknown } | null>;
}

export interface AnalysisPort {
  stl(values: ArrayLike<number>, frequency: number, options: StlOptions): StlResult;
}

/** The statistical database (综合数据库), filled at sign-off. */
export interface StatdbPort {
  defineIndicators(
    trx: Db,
    defs: {
      code: string;
      name: { zh: string; en: string };
      unit: { zh: string; en: string };
      definition: { zh: string; en: string };
      source: { zh: string; en: string };
      frequency: 'M' | 'Q' | 'A';
      dimensions: string[];
    }[],
    by: string,
  ): Promise<unknown>;
  publish(
    trx: Db,
    input: {
      source: string;
      by: string;
      observations: {
        indicator: string;
        dims: Record<string, string>;
        period: string;
        value: string | null;
        status: 'preliminary' | 'revised' | 'final';
        note?: string;
      }[];
    },
  ): Promise<{ written: number; unchanged: number }>;
}

export type CollectionPort = AggregationReads;
