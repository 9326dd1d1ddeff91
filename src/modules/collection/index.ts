/**
 * Collection (联网直报): the enterprise's side of online direct reporting — task lists, entry
 * forms, drafts, submission checked on the server, every saved version and their differences.
 * Reads the survey system (definitions, scope) and the register (the unit) through their APIs.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { collectionFileRoutes, type FileRegister } from './file-routes.ts';
import { collectionMigrations } from './migrations/index.ts';
import { createMonitoringReads } from './monitoring-reads.ts';
import { collectionRoutes } from './routes.ts';
import { type CollectionRegister, type CollectionSurveys, createCollectionService } from './service.ts';
import * as transitions from './transitions.ts';

export type { CollectionRegister, CollectionSurveys } from './service.ts';

export function createCollectionModule(
  deps: ModuleDeps & {
    surveys: () => CollectionSurveys;
    registry: () => CollectionRegister & FileRegister;
    returnReasons?: () => (unitId: string) => Promise<Map<string, string | null>>;
  },
) {
  const service = createCollectionService({
    db: deps.db,
    logger: deps.logger,
    surveys: deps.surveys,
    registry: deps.registry,
    returnReasons: deps.returnReasons,
  });
  return {
    name: 'collection',
    migrations: collectionMigrations,
    routes: async (app) => {
      await collectionRoutes(service)(app);
      await app.register(collectionFileRoutes(service, deps.registry)); // Excel template, upload, PDF
    },
    api: { service, transitions, monitoring: createMonitoringReads(deps.db) },
  } satisfies PlatformModule;
}
