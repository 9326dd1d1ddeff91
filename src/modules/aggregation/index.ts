/**
 * Aggregation (汇总) and the original microdata database (统计原始数据库): approved values by unit,
 * with vintages, and the aggregate cells kept live in the approval transaction (maintenance.ts);
 * summary tables with disclosure control outside the bureau (tables.ts), series, sign-off into
 * the statistical database, and a full recompute.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { createLivePublisher } from './live.ts';
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
    /** Collection's demo summary: which periods are the demo's history (demo seed only). */
    demoHistory?: () => { forms: { formId: string; history: string[] }[] } | null;
  },
) {
  const maintenance = createMaintenance(deps);
  const service = createAggregationService({ ...deps, maintenance });
  const live = createLivePublisher({ publish: service.publishPreliminary, logger: deps.logger });
  /** What review's decisions call: maintenance, plus marking the period for preliminary publishing. */
  const decisions = {
    prepare: maintenance.prepare,
    async approve(...a: Parameters<typeof maintenance.approve>) {
      await maintenance.approve(...a);
      live.mark(a[1].formId, a[1].period);
    },
    async withdraw(...a: Parameters<typeof maintenance.withdraw>) {
      const withdrawn = await maintenance.withdraw(...a);
      if (withdrawn) live.mark(a[1].formId, a[1].period);
      return withdrawn;
    },
  };
  return {
    name: 'aggregation',
    migrations: aggregationMigrations,
    routes: async (app) => {
      await aggregationRoutes(service)(app);
      app.addHook('onClose', () => live.stop());
    },
    /** The demo's approved history (written by collection and review directly) into the microdata and cells, signed off. */
    async seedDemo() {
      await maintenance.syncFromCollection(deps.db, {}, 'demo', { recompute: false });
      // Past periods signed off (final in the statistical database), the open one preliminary.
      const summary = deps.demoHistory?.();
      await service.signOffDemoHistory(
        summary ? new Map(summary.forms.map((f) => [f.formId, f.history])) : undefined,
      );
    },
    api: {
      service,
      /**
       * For review's decisions: `prepare` before the transaction, `approve` / `withdraw` inside it,
       * so the aggregates change with the approval or not at all.
       */
      maintenance: decisions,
      /** The maintenance itself (recompute, sync; the tests' random runs). */
      cells: maintenance,
      /** Preliminary publishing after approvals: `flush()` waits for what is marked. */
      live,
    },
  } satisfies PlatformModule;
}

export type AggregationApi = ReturnType<typeof createAggregationModule>['api'];
