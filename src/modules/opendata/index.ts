/**
 * The open data API (开放数据): PxWeb API v2 style tables (`/open/api/v2`) and SDMX REST style
 * dataflows (`/open/sdmx`) in JSON-stat 2.0, CSV, XLSX and SDMX-CSV, over what publication has
 * made public — it reads nothing but `publication.api.public`. See docs/design/publication.md.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { createAnswerCache } from './answer-cache.ts';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitSettings } from './domain/rate-limit.ts';
import type { PublicData } from './ports.ts';
import { opendataRoutes } from './routes.ts';
import { createOpendataService, type OpendataService } from './service.ts';

export { MAX_CELLS } from './domain/cube.ts';
export type { PublicData } from './ports.ts';

export function createOpendataModule(deps: ModuleDeps & { publication: () => { public: PublicData } }) {
  const cache = createAnswerCache();
  const limiter = createRateLimiter(DEFAULT_RATE_LIMIT);
  let service: OpendataService | null = null;
  // Built on first use: publication's api exists only once every module is created.
  const serviceOf = () => {
    if (!service) {
      const pub = deps.publication().public;
      const created = createOpendataService({ pub: () => pub, clock: deps.clock, cache });
      pub.onChanged(() => created.changed());
      service = created;
    }
    return service;
  };
  return {
    name: 'opendata',
    migrations: {},
    routes: opendataRoutes({ service: serviceOf, limiter }),
    api: {
      /** Changes the per-client rate limit (tests; benchmarks turn it off). */
      configureRateLimit: (settings: Partial<RateLimitSettings>) => limiter.configure(settings),
      /** Turns the in-process answer cache on or off (benchmarks measure both). */
      setAnswerCache: (on: boolean) => cache.setEnabled(on),
    },
  } satisfies PlatformModule;
}
export type OpendataApi = ReturnType<typeof createOpendataModule>['api'];
