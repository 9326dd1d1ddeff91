import type { Migration } from 'kysely';
import * as init from './20261126_1100_cms_init.ts';

export const cmsMigrations: Record<string, Migration> = {
  '20261126_1100_cms_init': init,
};
