import type { Migration } from 'kysely';
import * as init from './20261126_1400_warning_init.ts';

export const warningMigrations: Record<string, Migration> = {
  '20261126_1400_warning_init': init,
};
