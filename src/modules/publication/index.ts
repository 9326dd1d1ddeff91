/**
 * Publication (发布): the release calendar and the public datasets with their vintages; the
 * embargo every public channel follows. See docs/design/publication.md. (Being built.)
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';

export function createPublicationModule(
  _deps: ModuleDeps & {
    statdb: () => import('../statdb/index.ts').StatdbApi;
  },
) {
  return {
    name: 'publication',
    migrations: {},
    api: {},
  } satisfies PlatformModule;
}
export type PublicationApi = ReturnType<typeof createPublicationModule>['api'];
