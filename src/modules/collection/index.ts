/**
 * Collection (联网直报): the enterprise's side of online direct reporting — task lists, entry
 * forms, drafts, submission checked on the server, every saved version and their differences.
 * Reads the survey system (definitions, scope) and the register (the unit) through their APIs.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { createAggregationReads } from './aggregation-reads.ts';
import {
  type DemoDirectory,
  type DemoSurveys,
  demoReviewerOf,
  type HistorySummary,
  seedDemoHistory,
} from './demo-history.ts';
import { collectionFileRoutes, type FileRegister } from './file-routes.ts';
import { createHousekeeping } from './housekeeping.ts';
import { collectionMigrations } from './migrations/index.ts';
import { createMonitoringReads } from './monitoring-reads.ts';
import { collectionDb } from './repo.ts';
import { collectionRoutes } from './routes.ts';
import { type CollectionRegister, type CollectionSurveys, createCollectionService } from './service.ts';
import * as transitions from './transitions.ts';

export type { CollectionRegister, CollectionSurveys } from './service.ts';

export function createCollectionModule(
  deps: ModuleDeps & {
    surveys: () => CollectionSurveys & DemoSurveys;
    registry: () => CollectionRegister & FileRegister;
    returnReasons?: () => (unitId: string) => Promise<Map<string, string | null>>;
    /** The register's lookup of the units demo accounts are bound to (demo seed only). */
    demoDirectory?: () => DemoDirectory;
  },
) {
  const service = createCollectionService({
    db: deps.db,
    logger: deps.logger,
    surveys: deps.surveys,
    registry: deps.registry,
    returnReasons: deps.returnReasons,
  });
  const housekeeping = createHousekeeping({ db: collectionDb(deps.db), logger: deps.logger });
  let demoSummary: HistorySummary | null = null;
  return {
    name: 'collection',
    migrations: collectionMigrations,
    routes: async (app) => {
      await collectionRoutes(service)(app);
      await app.register(collectionFileRoutes(service, deps.registry)); // Excel template, upload, PDF
    },
    /** Approved history of the demo units and an open period to try reporting in (demo-history.ts). */
    seedDemo: async () => {
      demoSummary = await seedDemoHistory({ ...deps, directory: deps.demoDirectory });
    },
    api: {
      service,
      transitions,
      monitoring: createMonitoringReads(deps.db),
      /** Approved values for aggregation's microdata database (aggregation-reads.ts). */
      aggregation: createAggregationReads(),
      /** Daily pruning of old idempotency keys: `start` from `serve` only; tests call it directly. */
      housekeeping,
      /** What the demo seed wrote (for review's part of the history) and who reviewed it. */
      demo: { periods: () => demoSummary, reviewer: demoReviewerOf },
    },
  } satisfies PlatformModule;
}
