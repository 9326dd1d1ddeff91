import type { Migration } from 'kysely';
import * as init from './20261125_0500_review_init.ts';

export const reviewMigrations: Record<string, Migration> = {
  '20261125_0500_review_init': init,
};
