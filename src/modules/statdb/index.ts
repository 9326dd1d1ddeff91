/**
 * The comprehensive statistical database (综合数据库): macro time series keyed by indicator ×
 * dimensions (region, industry, …) × period, with metadata and vintages. Filled by aggregation at
 * sign-off and by importing historical series.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';

export function createStatdbModule(_deps: ModuleDeps) {
  return {
    name: 'statdb',
    api: {},
  } satisfies PlatformModule;
}
