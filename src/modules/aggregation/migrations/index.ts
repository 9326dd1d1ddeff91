import type { Migration } from 'kysely';
import * as init from './20261126_1000_aggregation_init.ts';

export const aggregationMigrations: Record<string, Migration> = {
  '20261126_1000_aggregation_init': init,
};
