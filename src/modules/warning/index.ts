/**
 * Macro early warning (预警): the signal-light system (经济景气预警信号灯) and threshold alerts on
 * series of the statistical database, with notifications to subscribed staff.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';

export function createWarningModule(_deps: ModuleDeps) {
  return {
    name: 'warning',
    api: {},
  } satisfies PlatformModule;
}
