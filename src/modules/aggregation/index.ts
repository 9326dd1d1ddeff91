/**
 * Aggregation (汇总) and the original microdata database (统计原始数据库): approved values by unit,
 * with vintages, and the aggregate cells kept live in the approval transaction (maintenance.ts);
 * summary tables with disclosure control outside the bureau (tables.ts), series, sign-off into
 * the statistical database, and a full recompute.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { createMaintenance } from './maintenance.ts';
import { aggregationMigrations } from './migrations/index.ts';
import type { AnalysisPort, CollectionPort, RegistryPort, StatdbPort, SurveysPort } from './ports.ts';
import { aggregationRoutes } from './routes.ts';
import { createAggregationService } from './service.ts';

export type { PreparedApproval, SubmissionKey } from './maintenance.ts';

export function createAggregationModule(
  deps: ModuleDeps & {
    collection: () => CollectionPort;
    registry: () => RegistryPort;
    surveys: () => SurveysPort;
    analysis: () => AnalysisPort;
    statdb: () => StatdbPort | null;
  },
) {
  const maintenance = createMaintenance(deps);
  const service = createAggregationService({ ...deps, maintenance });
  return {
    name: 'aggregation',
    migrations: aggregationMigrations,
    routes: aggregationRoutes(service),
    /** The demo's approved history (written by collection and review directly) into the microdata and cells. */
    async seedDemo() {
      await maintenance.syncFromCollection(deps.db, {}, 'demo');
    },
    api: {
      service,
      /**
       * For review's decisions: `prepare` before the transaction, `approve` / `withdraw` inside it,
       * so the aggregates change with the approval or not at all.
       */
      maintenance,
    },
  } satisfies PlatformModule;
}

export type AggregationApi = ReturnType<typeof createAggregationModule>['api'];
