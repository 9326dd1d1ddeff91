/**
 * Publication's staff use cases: the release calendar (发布日程), public datasets (公开数据表) and
 * staging statdb's figures into a release. One transaction per write, audited in it; the public
 * read side learns of committed changes through `changed()`.
 */
import { createDatasets } from './datasets.ts';
import { createReleases } from './releases.ts';
import { createServiceCore, type ServiceDeps } from './service-core.ts';
import { createStagings } from './stagings.ts';

export { RELEASE_MANAGERS, type Who } from './service-core.ts';

export function createPublicationService(deps: ServiceDeps) {
  const core = createServiceCore(deps);
  return {
    ...createReleases(deps, core),
    ...createStagings(deps, core),
    ...createDatasets(deps, core),
  };
}
export type PublicationService = ReturnType<typeof createPublicationService>;
