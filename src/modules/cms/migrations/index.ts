import type { Migration } from 'kysely';
import * as init from './20261126_1100_cms_init.ts';
import * as versionIndex from './20261126_1130_cms_publication_version_index.ts';

export const cmsMigrations: Record<string, Migration> = {
  '20261126_1100_cms_init': init,
  '20261126_1130_cms_publication_version_index': versionIndex,
};
