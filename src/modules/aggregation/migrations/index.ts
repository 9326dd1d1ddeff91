import type { Migration } from 'kysely';
import * as init from './20261126_1000_aggregation_init.ts';
import * as cellArrays from './20261126_1200_aggregation_cell_arrays.ts';

export const aggregationMigrations: Record<string, Migration> = {
  '20261126_1000_aggregation_init': init,
  '20261126_1200_aggregation_cell_arrays': cellArrays,
};
