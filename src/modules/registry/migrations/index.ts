import type { Migration } from 'kysely';
import * as init from './20261125_0100_registry_init.ts';
import * as imports from './20261125_0110_registry_imports.ts';
import * as search from './20261125_0120_registry_search.ts';
import * as importCounts from './20261125_0130_registry_import_counts.ts';

export const registryMigrations: Record<string, Migration> = {
  '20261125_0100_registry_init': init,
  '20261125_0110_registry_imports': imports,
  '20261125_0120_registry_search': search,
  '20261125_0130_registry_import_counts': importCounts,
};
