/**
 * The comprehensive statistical database (综合数据库): macro time series keyed by indicator ×
 * dimensions (region, industry, …) × period, with metadata and vintages. Filled by aggregation at
 * sign-off (`api.publish`) and by importing historical series; read by the early-warning board
 * (`api.series`, `api.onChanged`) and by bureau staff through its routes.
 */
import type { Db } from '../../platform/db.ts';
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { AnalysisStl } from './analysis-port.ts';
import { codesFromRegister, createCodeLists, type StatdbRegister, storeCodes } from './codelists.ts';
import { DIMENSIONS, type IndicatorDefinition, type IndicatorView } from './contract.ts';
import { seedStatdbDemo } from './demo.ts';
import { createImports } from './imports.ts';
import { statdbMigrations } from './migrations/index.ts';
import { statdbProblems } from './problems.ts';
import { createQueries } from './queries.ts';
import { readIndicators, statdbDb } from './repo.ts';
import { statdbRoutes } from './routes.ts';
import {
  createStore,
  indicatorView,
  type PublishInput,
  type SeriesChange,
  type SeriesQuery,
} from './store.ts';

export type { StatdbRegister } from './codelists.ts';
export type {
  Dimension,
  IndicatorDefinition,
  IndicatorKind,
  IndicatorView,
  ObservationStatus,
} from './contract.ts';
export type { PublishInput, PublishResult, SeriesChange, SeriesQuery, Writer } from './store.ts';

export function createStatdbModule(
  deps: ModuleDeps & {
    /** The register's reference data: the code lists of region and industry. */
    registry: () => StatdbRegister;
    /** STL for seasonal adjustment (the analysis module's `api.stl`). */
    analysis: () => { stl: AnalysisStl };
  },
) {
  const lists = createCodeLists();
  const store = createStore({ db: deps.db, lists, logger: deps.logger });
  const queries = createQueries({ db: deps.db, store, lists, stl: () => deps.analysis().stl });
  const imports = createImports({ db: deps.db, store, lists });
  return {
    name: 'statdb',
    migrations: statdbMigrations,
    routes: statdbRoutes({ db: deps.db, store, queries, imports, config: deps.config }),
    /** Copies the dimensions' code lists from the register (after the register loaded its own). */
    async loadReference() {
      await storeCodes(deps.db, await codesFromRegister(deps.registry()));
      lists.reset();
    },
    /** Headline indicators as monthly series since 2015 for the city and its counties. */
    async seedDemo() {
      await seedStatdbDemo(deps.db, store, lists);
    },
    api: {
      /** Upserts indicator metadata (audited in `trx`); 422 listing every problem. */
      defineIndicators: (trx: Db, defs: IndicatorDefinition[], by: string) =>
        store.defineIndicators(trx, defs, by),
      /**
       * Validates and writes observations: a new vintage only where value, status or note changed;
       * 422 listing every problem, nothing written. With the root `db` it commits and tells the
       * `onChanged` listeners itself; inside a caller's transaction the caller calls
       * `result.announce()` after its commit.
       */
      publish: (trx: Db, input: PublishInput) => store.publish(trx, input),
      /** One series, now or `asOf` an instant; 404 for an unknown indicator, 400 for bad dims or periods. */
      series: (q: SeriesQuery) => store.series(q),
      /** Indicator metadata (all, or the codes named; unknown codes are left out). */
      indicators: async (codes?: string[], db: Db = deps.db): Promise<IndicatorView[]> =>
        [...(await store.indicatorRows(db, codes)).values()].map((r) => indicatorView(r)),
      /** The dimensions' code lists in display order, with the code a query defaults to. */
      dimensions: async (db: Db = deps.db) => {
        const all = await lists.get(db);
        return DIMENSIONS.map((d) => ({
          dimension: d,
          name: all[d].name,
          defaultCode: all[d].defaultCode,
          codes: [...all[d].codes.values()],
        }));
      },
      /**
       * Every observation in force of one indicator (all its series), optionally within periods
       * `from`–`to`; through `db` when the caller holds a transaction. 404 unknown indicator, 400 bad period.
       */
      observations: async (q: { indicator: string; from?: string; to?: string }, db: Db = deps.db) => {
        const row = (await store.indicatorRows(db, [q.indicator])).get(q.indicator);
        if (!row) throw statdbProblems.indicator_not_found({ code: q.indicator });
        const rows = await readIndicators(statdbDb(db), {
          indicators: [row.code],
          fromOrd: store.bound(row, q.from, 'from'),
          toOrd: store.bound(row, q.to, 'to'),
        });
        return rows.map((r) => ({
          indicator: r.indicator,
          dims: r.dims,
          period: r.period,
          value: r.value,
          status: r.status,
          note: r.note,
        }));
      },
      /** Listens to committed changes; returns the unsubscribe function. */
      onChanged: (listener: (change: SeriesChange) => void) => store.onChanged(listener),
    },
  } satisfies PlatformModule;
}
export type StatdbApi = ReturnType<typeof createStatdbModule>['api'];
