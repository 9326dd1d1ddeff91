import type { Migration } from 'kysely';
import * as init from './20261126_1000_statdb_init.ts';

export const statdbMigrations: Record<string, Migration> = {
  '20261126_1000_statdb_init': init,
};
