import type { Migration } from 'kysely';
import * as init from './20261125_0200_identity_init.ts';

export const identityMigrations: Record<string, Migration> = {
  '20261125_0200_identity_init': init,
};
