/**
 * What aggregation needs of other modules, handed in by app.ts. Functions that take a `Db` run on
 * the caller's handle, so an approval reads and writes inside its own transaction.
 */
import type { Db } from '../../platform/db.ts';
import type { StlOptions, StlResult } from '../analysis/index.ts';
import type { AggregationReads } from '../collection/aggregation-reads.ts';
import type { UnitClassificationRow } from '../registry/index.ts';
import type { IndicatorDefinition, PublishInput, PublishResult } from '../statdb/index.ts';
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
  defineIndicators(trx: Db, defs: IndicatorDefinition[], by: string): Promise<unknown>;
  /** Inside the caller's transaction; `announce()` after it commits tells statdb's listeners. */
  publish(trx: Db, input: PublishInput): Promise<PublishResult & { announce(): void }>;
}

export type CollectionPort = AggregationReads;
