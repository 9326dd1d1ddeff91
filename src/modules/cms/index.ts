/**
 * Content management (内容管理) and public questions (互动交流): articles and bulletins with a
 * review workflow, versions, files and live data embeds. See docs/design/publication.md. (Being built.)
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { PublicationApi } from '../publication/index.ts';

export function createCmsModule(_deps: ModuleDeps & { publication: () => PublicationApi }) {
  return {
    name: 'cms',
    migrations: {},
    api: {},
  } satisfies PlatformModule;
}
export type CmsApi = ReturnType<typeof createCmsModule>['api'];
