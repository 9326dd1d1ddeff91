import type { Migration } from 'kysely';
import * as init from './20261126_1200_publication_init.ts';
import * as codes from './20261126_1300_publication_codes.ts';

export const publicationMigrations: Record<string, Migration> = {
  '20261126_1200_publication_init': init,
  '20261126_1300_publication_codes': codes,
};
