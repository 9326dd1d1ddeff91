/**
 * The open data API (开放数据): PxWeb API v2 and SDMX REST style, JSON-stat 2.0, CSV, XLSX and
 * SDMX-CSV, over what publication has made public. See docs/design/publication.md. (Being built.)
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { PublicationApi } from '../publication/index.ts';

export function createOpendataModule(_deps: ModuleDeps & { publication: () => PublicationApi }) {
  return {
    name: 'opendata',
    migrations: {},
    api: {},
  } satisfies PlatformModule;
}
