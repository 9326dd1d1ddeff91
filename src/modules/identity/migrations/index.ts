import type { Migration } from 'kysely';
import * as init from './20261125_0200_identity_init.ts';
import * as websiteRoles from './20261126_0900_identity_website_roles.ts';

export const identityMigrations: Record<string, Migration> = {
  '20261125_0200_identity_init': init,
  '20261126_0900_identity_website_roles': websiteRoles,
};
