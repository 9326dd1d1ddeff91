/**
 * In-app notifications (站内通知): an actor reads those addressed to its account and, for an
 * enterprise reporter, to its unit; marking one read records who read it and when.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { monitoringProblems as P } from './problems.ts';
import type { MonitoringDb, MonitoringRepo, MonitoringTables, Recipient } from './repo.ts';

type Row = import('kysely').Selectable<MonitoringTables['monitoring.notifications']>;

const recipientOf = (actor: Actor): Recipient => ({
  accountId: actor.accountId,
  unitId: actor.role === 'enterprise' ? actor.unitId : null,
});

function view(r: Row) {
  return {
    id: r.id,
    kind: r.kind,
    unitId: r.unit_id,
    formId: r.form_id,
    period: r.period,
    text: { zh: r.text_zh, en: r.text_en },
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

export function createNotificationService(deps: { db: MonitoringDb; repo: MonitoringRepo; now: () => Date }) {
  return {
    /**
     * Writes one in-app notification to each account inside the caller's transaction, so a
     * notification exists exactly when the caller's change commits (other modules' alerts).
     * Returns how many were written.
     */
    async notifyAccounts(
      trx: Db,
      accountIds: readonly string[],
      n: { kind: string; text: { zh: string; en: string }; period?: string | null },
    ): Promise<number> {
      const ids = [...new Set(accountIds)];
      if (!ids.length) return 0;
      await (trx as MonitoringDb)
        .insertInto('monitoring.notifications')
        .values(
          ids.map((accountId) => ({
            id: randomUUID(),
            unit_id: null,
            account_id: accountId,
            kind: n.kind,
            form_id: null,
            period: n.period ?? null,
            text_zh: n.text.zh,
            text_en: n.text.en,
          })),
        )
        .execute();
      return ids.length;
    },

    /** The actor's notifications, newest first, with the unread count. */
    async list(actor: Actor, q: { unread?: 'true' | 'false'; page: number; pageSize: number }) {
      const unread = q.unread === 'true';
      const r = await deps.repo.notifications(recipientOf(actor), {
        unread,
        page: q.page,
        pageSize: q.pageSize,
      });
      return {
        items: r.items.map(view),
        total: unread ? r.unread : r.total,
        unread: r.unread,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Marks one of the actor's notifications read (already read: unchanged); 404 for anyone else's. */
    async markRead(actor: Actor, id: string) {
      const who = recipientOf(actor);
      const row = await deps.db.transaction().execute(async (trx) => {
        const found = await deps.repo.findNotification(id, who, trx);
        if (!found) throw P.notification_not_found();
        if (found.read_at) return found;
        return trx
          .updateTable('monitoring.notifications')
          .set({ read_at: deps.now(), read_by: actor.accountId })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      return view(row);
    },
  };
}
