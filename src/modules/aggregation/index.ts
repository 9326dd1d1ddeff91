/**
 * Aggregation (汇总) and the original microdata database (统计原始数据库): approved values by unit,
 * with vintages, and the aggregate cells kept live in the approval transaction.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';

export function createAggregationModule(_deps: ModuleDeps) {
  return {
    name: 'aggregation',
    api: {},
  } satisfies PlatformModule;
}
