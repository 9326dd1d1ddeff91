/** Small key-value state of the installation (e.g. whether the demo was seeded). */
import { type Migration, sql } from 'kysely';
import type { Db } from './db.ts';

export const settingsMigrations: Record<string, Migration> = {
  '20261125_0001_platform_settings': {
    async up(db) {
      await sql`create schema if not exists platform`.execute(db);
      await sql`create table platform.settings (key text primary key, value jsonb not null, updated_at timestamptz not null default now())`.execute(
        db,
      );
    },
  },
};

export async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const row = await db
    .selectFrom('platform.settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value as T | undefined;
}

export async function setSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('platform.settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: sql`now()` }),
    )
    .execute();
}
