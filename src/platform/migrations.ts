/**
 * Versioned migrations, collected from every module and run in name order (names start with a
 * timestamp). Kysely's Migrator keeps its ledger in the `platform` schema and takes a lock, so two
 * processes starting together do not both migrate.
 */
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Db } from './db.ts';

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

export interface MigrationState {
  applied: string[];
  pending: string[];
}

function migrator(db: Db, migrations: Record<string, Migration>) {
  return new Migrator({
    db,
    provider: new StaticProvider(migrations),
    migrationTableSchema: 'platform',
    // Work that was written in parallel lands with timestamps older than migrations a database
    // may already have applied. Each module owns its schema and its migrations keep their order,
    // so a late one with an earlier name is applied after the fact instead of refusing to start.
    allowUnorderedMigrations: true,
  });
}

/** Applies every pending migration; throws with the failing migration's name and error. */
export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<string[]> {
  await sql`create schema if not exists platform`.execute(db);
  const { error, results } = await migrator(db, migrations).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Which migrations are applied and which are pending. */
export async function migrationState(db: Db, migrations: Record<string, Migration>): Promise<MigrationState> {
  const all = await migrator(db, migrations).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt).map((m) => m.name),
    pending: all.filter((m) => !m.executedAt).map((m) => m.name),
  };
}
