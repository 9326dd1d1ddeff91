import type { Migration } from 'kysely';
import * as search from './20261126_1300_site_search.ts';

export const siteMigrations: Record<string, Migration> = {
  '20261126_1300_site_search': search,
};
