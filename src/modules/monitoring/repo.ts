/** The monitoring module's SQL (schema `monitoring`): its own tables only. */
import type { Generated, Kysely } from 'kysely';
import type { Db } from '../../platform/db.ts';

export interface MonitoringTables {
  'monitoring.reminder_schedules': {
    form_id: string;
    offsets_days: unknown;
    set_by: string | null;
    set_at: Generated<Date>;
  };
  'monitoring.reminder_sends': {
    unit_id: string;
    form_id: string;
    period: string;
    step: string;
    notification_id: string;
    sent_at: Generated<Date>;
  };
  'monitoring.notifications': {
    id: string;
    unit_id: string | null;
    account_id: string | null;
    kind: string;
    form_id: string | null;
    period: string | null;
    text_zh: string;
    text_en: string;
    created_at: Generated<Date>;
    read_at: Date | null;
    read_by: string | null;
  };
  'monitoring.deliveries': {
    id: Generated<number>;
    unit_id: string | null;
    account_id: string | null;
    notification_id: string;
    channel: string;
    payload: unknown;
    delivered_at: Generated<Date>;
    outcome: Generated<'delivered' | 'no_address' | 'failed'>;
    detail: string | null;
  };
}

export type MonitoringDb = Kysely<MonitoringTables>;
export const monitoringDb = (db: Db) => db as unknown as MonitoringDb;

/** Whose notifications an actor sees: its unit's (reporters) and its own account's. */
export interface Recipient {
  accountId: string;
  unitId: string | null;
}

export function monitoringRepo(db: MonitoringDb) {
  const visible = <Q extends { where: (...a: any[]) => Q }>(q: Q, r: Recipient): Q =>
    q.where((eb: any) =>
      r.unitId
        ? eb.or([eb('unit_id', '=', r.unitId), eb('account_id', '=', r.accountId)])
        : eb('account_id', '=', r.accountId),
    );

  return {
    schedule: (formId: string) =>
      db
        .selectFrom('monitoring.reminder_schedules')
        .selectAll()
        .where('form_id', '=', formId)
        .executeTakeFirst(),

    schedules: () => db.selectFrom('monitoring.reminder_schedules').selectAll().execute(),

    async notifications(r: Recipient, q: { unread: boolean; page: number; pageSize: number }) {
      let list = visible(db.selectFrom('monitoring.notifications').selectAll(), r);
      if (q.unread) list = list.where('read_at', 'is', null);
      const [items, counts] = await Promise.all([
        list
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        visible(
          db
            .selectFrom('monitoring.notifications')
            .select(({ fn }) => [
              fn.countAll<number>().as('total'),
              fn.count<number>('id').filterWhere('read_at', 'is', null).as('unread'),
            ]),
          r,
        ).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(counts.total), unread: Number(counts.unread) };
    },

    findNotification: (id: string, r: Recipient, trx: MonitoringDb = db) =>
      visible(
        trx.selectFrom('monitoring.notifications').selectAll().where('id', '=', id),
        r,
      ).executeTakeFirst(),
  };
}

export type MonitoringRepo = ReturnType<typeof monitoringRepo>;
