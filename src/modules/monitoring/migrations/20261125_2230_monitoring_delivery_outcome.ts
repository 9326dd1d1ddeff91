import { type Kysely, sql } from 'kysely';

/**
 * What happened to each message handed to an outside channel: delivered, no address on record
 * (the unit has no contact email or phone), or failed (the relay or gateway refused it) — so an
 * office can see which units a reminder did not reach besides the in-app notification.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table monitoring.deliveries
      add column outcome text not null default 'delivered'
        check (outcome in ('delivered', 'no_address', 'failed')),
      add column detail text`.execute(db);
}
