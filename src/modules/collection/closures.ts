/**
 * Reporting windows set by people: the grace after deadlines during which late reports are still
 * taken (宽限期, for every form), and periods closed by hand (关闭报送) — a city office may end
 * reporting for a form and period before the grace runs out, and reopen it. Audited like every
 * change.
 */
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { assertRole, type Role } from '../../platform/auth.ts';
import { setSetting } from '../../platform/settings.ts';
import { periods } from '../surveys/index.ts';
import type { ContextLoader } from './context.ts';
import { collectionProblems as P } from './problems.ts';
import type { CollectionDb } from './repo.ts';

/** Who may close a period by hand. */
const CLOSERS: readonly Role[] = ['city_statistician', 'admin'];
/** Who may change the grace after deadlines. */
const SETTERS: readonly Role[] = ['admin'];

const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });

export function createClosureService(deps: { db: CollectionDb; loader: ContextLoader }) {
  const { db, loader } = deps;
  return {
    /** The grace after deadlines, in days. */
    async windowSettings() {
      return { graceDays: await loader.graceDays() };
    },

    /** Changes the grace after deadlines (every form, every open period). */
    async setWindowSettings(ctx: RequestContext, input: { graceDays: number }) {
      assertRole(ctx.actor, SETTERS);
      const before = await loader.graceDays();
      await db.transaction().execute(async (trx) => {
        await setSetting(trx, 'collection.graceDays', input.graceDays);
        await recordAudit(trx, who(ctx), {
          action: 'collection.settings_changed',
          entityType: 'setting',
          entityId: 'collection.graceDays',
          before: { graceDays: before },
          after: { graceDays: input.graceDays },
        });
      });
      return { graceDays: input.graceDays };
    },

    /** Closes a period by hand before its grace ends (no more saves or submissions). */
    async closePeriod(ctx: RequestContext, formId: string, periodText: string, reason: string) {
      assertRole(ctx.actor, CLOSERS);
      const form = await loader.formFor(ctx.actor, formId);
      const period = periods.formatPeriod(loader.periodOf(form, periodText));
      const row = await db.transaction().execute(async (trx) => {
        const closed = await trx
          .insertInto('collection.period_closures')
          .values({ form_id: form.id, period, reason, closed_by: ctx.actor.username })
          .onConflict((oc) => oc.columns(['form_id', 'period']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (closed) {
          await recordAudit(trx, who(ctx), {
            action: 'collection.period_closed',
            entityType: 'form_period',
            entityId: `${form.id}/${period}`,
            after: { reason },
            details: { form: form.code, period },
          });
        }
        return (
          closed ??
          (await trx
            .selectFrom('collection.period_closures')
            .selectAll()
            .where('form_id', '=', form.id)
            .where('period', '=', period)
            .executeTakeFirstOrThrow())
        );
      });
      return {
        formId: form.id,
        period,
        closed: true,
        reason: row.reason,
        closedBy: row.closed_by,
        closedAt: row.closed_at.toISOString(),
      };
    },

    /** Reopens a period closed by hand (the grace rule applies again). */
    async reopenPeriod(ctx: RequestContext, formId: string, periodText: string) {
      assertRole(ctx.actor, CLOSERS);
      const form = await loader.formFor(ctx.actor, formId);
      const period = periods.formatPeriod(loader.periodOf(form, periodText));
      await db.transaction().execute(async (trx) => {
        const removed = await trx
          .deleteFrom('collection.period_closures')
          .where('form_id', '=', form.id)
          .where('period', '=', period)
          .returningAll()
          .executeTakeFirst();
        if (!removed) throw P.not_closed();
        await recordAudit(trx, who(ctx), {
          action: 'collection.period_reopened',
          entityType: 'form_period',
          entityId: `${form.id}/${period}`,
          before: { reason: removed.reason, closedBy: removed.closed_by },
          details: { form: form.code, period },
        });
      });
      return { formId: form.id, period, closed: false, reason: null, closedBy: null, closedAt: null };
    },
  };
}
