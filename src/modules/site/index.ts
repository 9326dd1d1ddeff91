/**
 * The public statistics website (统计网站), server-rendered under /site, with search, feeds and
 * sitemap. See docs/design/publication.md. (Being built.)
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { CmsApi } from '../cms/index.ts';
import type { PublicationApi } from '../publication/index.ts';

export function createSiteModule(
  _deps: ModuleDeps & { publication: () => PublicationApi; cms: () => CmsApi },
) {
  return {
    name: 'site',
    migrations: {},
    api: {},
  } satisfies PlatformModule;
}
