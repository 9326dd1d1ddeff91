import type { Migration } from 'kysely';
import * as init from './20261125_0400_collection_init.ts';
import * as checkedVersion from './20261125_2300_collection_checked_version.ts';
import * as idempotencyJson from './20261125_2310_collection_idempotency_json.ts';
import * as idempotencyAge from './20261125_2340_collection_idempotency_age.ts';
import * as checks from './20261126_0000_collection_checks.ts';
import * as checksLz4 from './20261126_0010_collection_checks_lz4.ts';

export const collectionMigrations: Record<string, Migration> = {
  '20261125_0400_collection_init': init,
  '20261125_2300_collection_checked_version': checkedVersion,
  '20261125_2310_collection_idempotency_json': idempotencyJson,
  '20261125_2340_collection_idempotency_age': idempotencyAge,
  '20261126_0000_collection_checks': checks,
  '20261126_0010_collection_checks_lz4': checksLz4,
};
