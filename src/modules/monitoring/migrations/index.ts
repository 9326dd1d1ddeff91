import type { Migration } from 'kysely';
import * as init from './20261125_0600_monitoring_init.ts';

export const monitoringMigrations: Record<string, Migration> = {
  '20261125_0600_monitoring_init': init,
};
