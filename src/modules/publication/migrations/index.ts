import type { Migration } from 'kysely';
import * as init from './20261126_1200_publication_init.ts';

export const publicationMigrations: Record<string, Migration> = {
  '20261126_1200_publication_init': init,
};
