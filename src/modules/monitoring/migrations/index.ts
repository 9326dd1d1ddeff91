import type { Migration } from 'kysely';
import * as init from './20261125_0600_monitoring_init.ts';
import * as deliveryOutcome from './20261125_2230_monitoring_delivery_outcome.ts';

export const monitoringMigrations: Record<string, Migration> = {
  '20261125_0600_monitoring_init': init,
  '20261125_2230_monitoring_delivery_outcome': deliveryOutcome,
};
