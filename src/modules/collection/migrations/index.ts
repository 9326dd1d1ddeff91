import type { Migration } from 'kysely';
import * as init from './20261125_0400_collection_init.ts';

export const collectionMigrations: Record<string, Migration> = {
  '20261125_0400_collection_init': init,
};
