import { type Kysely, sql } from 'kysely';

/**
 * Monitoring and reminders (报送监测, 催报). Per-unit tables carry `unit_id` first in their key so
 * under Citus they distribute with the unit's reports. No foreign keys to other modules.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists monitoring`.execute(db);

  // When to remind, per form: days relative to the period's deadline (-3 = three days before).
  await sql`
    create table monitoring.reminder_schedules (
      form_id uuid primary key,
      offsets_days jsonb not null,
      set_by text,
      set_at timestamptz not null default now()
    )`.execute(db);

  // One row per reminder step sent to a unit: the primary key makes every step go out once,
  // however many processes run the scheduler or how often it restarts.
  await sql`
    create table monitoring.reminder_sends (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      step text not null,
      notification_id uuid not null,
      sent_at timestamptz not null default now(),
      primary key (unit_id, form_id, period, step)
    )`.execute(db);

  // In-app notifications: to a reporting unit (its reporters see them) or to one account.
  await sql`
    create table monitoring.notifications (
      id uuid not null,
      unit_id uuid,
      account_id text,
      kind text not null,
      form_id uuid,
      period text,
      text_zh text not null,
      text_en text not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      read_by text,
      check (unit_id is not null or account_id is not null),
      primary key (id)
    )`.execute(db);
  await sql`create index notifications_unit_idx on monitoring.notifications (unit_id, created_at)`.execute(
    db,
  );
  await sql`create index notifications_account_idx on monitoring.notifications (account_id, created_at)`.execute(
    db,
  );

  // What each delivery channel was handed (the log channel's record; others log here too).
  await sql`
    create table monitoring.deliveries (
      id bigserial primary key,
      unit_id uuid,
      account_id text,
      notification_id uuid not null,
      channel text not null,
      payload jsonb not null,
      delivered_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index deliveries_unit_idx on monitoring.deliveries (unit_id, delivered_at)`.execute(db);
  await sql`create index deliveries_notification_idx on monitoring.deliveries (notification_id)`.execute(db);
}
