/**
 * The public statistics website (统计网站): server-rendered pages under /site (home, data with
 * query, table, chart and downloads, articles with live data embeds, release calendar, 政务公开,
 * 互动交流, search), RSS, sitemap and robots.txt; zh-CN and en-US; an elder-friendly mode.
 * Reads only publication.api.public and cms.api.public (ports.ts); docs/design/publication.md.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { createFreshness } from './freshness.ts';
import { siteMigrations } from './migrations/index.ts';
import type { CmsPublic, PublicationPublic, SitePorts } from './ports.ts';
import { createReadMemo } from './read-memo.ts';
import { siteRoutes } from './routes.ts';
import { createSiteSearch } from './search/index.ts';

export function createSiteModule(
  deps: ModuleDeps & { publication: () => { public: PublicationPublic }; cms: () => { public: CmsPublic } },
) {
  const ports: SitePorts = { publication: () => deps.publication().public, cms: () => deps.cms().public };
  const freshness = createFreshness(ports);
  const search = createSiteSearch({ db: deps.db, logger: deps.logger, ports, freshness });
  const memo = createReadMemo(freshness);
  let listening = false;
  // Both modules tell us after every committed change; the window ends, and with it every cached
  // page and the search index's validity.
  const listen = () => {
    if (listening) return;
    listening = true;
    ports.publication().onChanged(() => freshness.invalidate());
    ports.cms().onChanged(() => freshness.invalidate());
  };

  return {
    name: 'site',
    migrations: siteMigrations,
    // The search index is rebuilt from what is public now, after every module's reference data.
    loadReference: async () => {
      listen();
      await search.rebuild(deps.clock.now());
    },
    routes: async (app) => {
      listen();
      await app.register(
        siteRoutes({
          clock: deps.clock,
          publicBaseUrl: deps.config.publicBaseUrl,
          freshness,
          pages: () => ({
            publication: memo.publication(ports.publication()),
            cms: memo.cms(ports.cms()),
            search,
          }),
        }),
      );
    },
    api: {
      /** Site search at an instant (also what the search page shows). */
      search: search.search,
    },
  } satisfies PlatformModule;
}
