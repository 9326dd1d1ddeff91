/**
 * Publication (发布): the release calendar, the public datasets with their vintages, and the
 * embargo every public channel follows (docs/design/publication.md). Staff stage statdb's figures
 * into a release in advance; `api.public` shows only what is visible at an instant.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { StatdbApi } from '../statdb/index.ts';
import { seedPublicationDemo } from './demo.ts';
import { publicationMigrations } from './migrations/index.ts';
import { createPublicReads } from './public.ts';
import { publicationRoutes } from './routes.ts';
import { createPublicationService } from './service.ts';

export type {
  PublicCell,
  PublicCode,
  PublicDatasetMeta,
  PublicDatasetSummary,
  PublicDimension,
  PublicDimensionId,
  PublicRelease,
  PublicSelection,
  PublicText,
} from './contract.ts';
export { SUBJECTS } from './contract.ts';

export function createPublicationModule(deps: ModuleDeps & { statdb: () => StatdbApi }) {
  const reads = createPublicReads({ db: deps.db, statdb: deps.statdb, logger: deps.logger });
  const service = createPublicationService({
    db: deps.db,
    clock: deps.clock,
    statdb: deps.statdb,
    changed: reads.tell,
  });
  return {
    name: 'publication',
    migrations: publicationMigrations,
    routes: publicationRoutes(service),
    /** Public datasets over statdb's demo indicators, released history and upcoming releases. */
    async seedDemo() {
      await seedPublicationDemo(service, deps.clock.now());
    },
    api: {
      /** The embargoed public view (every function takes the instant `at`). */
      public: reads.api,
      /** Staff use cases (tests and other modules' seeds). */
      service,
    },
  } satisfies PlatformModule;
}
export type PublicationApi = ReturnType<typeof createPublicationModule>['api'];
