/**
 * The audit log (审计日志): every sign-in and every change — who, when, from where, what, before and
 * after. Written in the same transaction as the change it describes, so one never exists without
 * the other. The table is append-only: a trigger rejects UPDATE and DELETE for every database user.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from './auth.ts';

/** Where a request came from; built once per request and passed to services. */
export interface RequestContext {
  actor: Actor;
  ip: string;
  userAgent: string | null;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

export interface AuditTables {
  'audit.events': {
    id: import('kysely').Generated<number>;
    occurred_at: import('kysely').Generated<Date>;
    actor_id: string | null;
    actor_name: string | null;
    actor_role: string | null;
    ip: string | null;
    user_agent: string | null;
    action: string;
    entity_type: string;
    entity_id: string | null;
    before: unknown;
    after: unknown;
    details: unknown;
  };
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

const listeners = new Set<(event: AuditEvent) => void>();

/**
 * Calls `listener` with every audit event this process records (every change is audited, so
 * in-process caches of rarely changing facts learn of changes here). It runs when the event is
 * written, before the change commits; a listener must not trust reads made just after it.
 * Returns the unsubscribe function.
 */
export function onAudited(listener: (event: AuditEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type Who = {
  actor: Pick<Actor, 'accountId' | 'username' | 'role'> | null;
  ip: string | null;
  userAgent: string | null;
};

/**
 * The `audit.events` row of an event, for a writer that inserts it in the same statement as its
 * change (one round trip); it then calls `announceAudited(event)`.
 */
export function auditRow(who: Who, event: AuditEvent) {
  return {
    actor_id: who.actor?.accountId ?? null,
    actor_name: who.actor?.username ?? null,
    actor_role: who.actor?.role ?? null,
    ip: who.ip,
    user_agent: who.userAgent ? who.userAgent.slice(0, 500) : null,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId ?? null,
    before: json(event.before),
    after: json(event.after),
    details: json(event.details),
  };
}

/** Tells the `onAudited` listeners of an event written with `auditRow`. */
export function announceAudited(event: AuditEvent): void {
  for (const listener of listeners) listener(event);
}

/** Appends one audit event inside the caller's transaction (or on its own). */
export async function recordAudit(db: Kysely<any>, who: Who, event: AuditEvent): Promise<void> {
  await (db as Kysely<AuditTables>).insertInto('audit.events').values(auditRow(who, event)).execute();
  announceAudited(event);
}

/** Frozen migrations of the audit schema. */
export const auditMigrations: Record<string, Migration> = {
  '20261125_0000_audit_init': {
    async up(db) {
      await sql`create schema if not exists audit`.execute(db);
      await sql`
        create table audit.events (
          id bigserial primary key,
          occurred_at timestamptz not null default now(),
          actor_id text,
          actor_name text,
          actor_role text,
          ip text,
          user_agent text,
          action text not null,
          entity_type text not null,
          entity_id text,
          before jsonb,
          after jsonb,
          details jsonb
        )`.execute(db);
      await sql`create index events_entity_idx on audit.events (entity_type, entity_id, occurred_at)`.execute(
        db,
      );
      await sql`create index events_actor_idx on audit.events (actor_id, occurred_at)`.execute(db);
      await sql`create index events_time_idx on audit.events (occurred_at)`.execute(db);
      await sql`
        create function audit.reject_change() returns trigger language plpgsql as $$
        begin
          raise exception 'audit.events is append-only' using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`
        create trigger events_append_only before update or delete on audit.events
        for each row execute function audit.reject_change()`.execute(db);
      await sql`
        create trigger events_no_truncate before truncate on audit.events
        for each statement execute function audit.reject_change()`.execute(db);
    },
  },
};
