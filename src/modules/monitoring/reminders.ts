/**
 * Reminders (催报): to units in a form's reporting scope that have not handed in a period's
 * report — scheduled steps relative to the deadline, and by hand from a statistician. Each
 * reminder is an in-app notification (in the same transaction as its idempotency row) and is
 * then handed to the delivery channel. A scheduled step goes to a unit once: the row
 * (unit, form, period, step) is inserted with ON CONFLICT DO NOTHING, and only units whose row
 * was new get a notification — so restarts and concurrent schedulers never double-send. The
 * outside channel (email, SMS) is called after the commit: a crash in between leaves the in-app
 * notification without its email — at most once, never twice. Steps are skipped once reporting
 * of the period has closed (grace over, or closed by an office).
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, type Role, STATISTICIAN_ROLES } from '../../platform/auth.ts';
import type { Logger } from '../../platform/logging.ts';
import { periods } from '../surveys/index.ts';
import type { DeliveryChannel, OutgoingMessage } from './channels.ts';
import { reminderText } from './domain/messages.ts';
import { candidatePeriods, currentPeriodAt, DEFAULT_OFFSETS, dueSteps } from './domain/schedule.ts';
import {
  type MonitoringCollection,
  type MonitoringForm,
  type MonitoringSurveys,
  SYSTEM_ACTOR,
} from './ports.ts';
import { monitoringProblems as P } from './problems.ts';
import type { RatesService } from './rates.ts';
import type { MonitoringDb, MonitoringRepo } from './repo.ts';

/** Who may send reminders by hand. */
export const REMINDERS_BY_HAND: readonly Role[] = [...STATISTICIAN_ROLES, 'admin'];
/** Who may set a form's reminder schedule. */
export const SCHEDULE_WRITERS: readonly Role[] = ['designer', 'admin', 'city_statistician'];
const CHUNK = 1000;
/**
 * A unit reminded of a form and period (by hand or by the schedule) is not reminded by hand
 * again within this many hours: two statisticians pressing 催报 on one morning must not send
 * every enterprise two SMS.
 */
export const MANUAL_REMINDER_QUIET_HOURS = 12;

export function createReminderService(deps: {
  db: MonitoringDb;
  repo: MonitoringRepo;
  logger: Logger;
  channel: () => DeliveryChannel;
  surveys: () => MonitoringSurveys;
  collection: () => MonitoringCollection;
  rates: RatesService;
  now: () => Date;
}) {
  const { db, repo } = deps;

  async function deliver(messages: OutgoingMessage[]) {
    if (!messages.length) return;
    try {
      await deps.channel().deliver(messages);
    } catch (e) {
      // The in-app notification stands; a failing channel must not undo or repeat it.
      deps.logger.error(
        { err: e, channel: deps.channel().name, count: messages.length },
        'reminder delivery failed',
      );
    }
  }

  async function offsetsOf(
    formId: string,
  ): Promise<{ offsets: number[]; row: Awaited<ReturnType<MonitoringRepo['schedule']>> }> {
    const row = await repo.schedule(formId);
    return { offsets: row ? (row.offsets_days as number[]) : DEFAULT_OFFSETS, row };
  }

  /** Sends one scheduled step to the units that have not reported; returns how many were new. */
  async function sendStep(form: MonitoringForm, period: string, deadline: Date, step: string, now: Date) {
    const { units } = await deps.surveys().expectedReporters(form.id, period);
    const targets = await deps.collection().nonReporters(
      form.id,
      period,
      units.map((u) => u.id),
    );
    const { subject, text } = reminderText(form, period, deadline, now);
    const out: OutgoingMessage[] = [];
    for (let i = 0; i < targets.length; i += CHUNK) {
      const chunk = targets.slice(i, i + CHUNK).map((unitId) => ({ unitId, id: randomUUID() }));
      const fresh = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .insertInto('monitoring.reminder_sends')
          .values(
            chunk.map((c) => ({ unit_id: c.unitId, form_id: form.id, period, step, notification_id: c.id })),
          )
          .onConflict((oc) => oc.columns(['unit_id', 'form_id', 'period', 'step']).doNothing())
          .returning(['unit_id', 'notification_id'])
          .execute();
        if (rows.length) {
          await trx
            .insertInto('monitoring.notifications')
            .values(
              rows.map((r) => ({
                id: r.notification_id,
                unit_id: r.unit_id,
                account_id: null,
                kind: 'reminder',
                form_id: form.id,
                period,
                text_zh: text.zh,
                text_en: text.en,
              })),
            )
            .execute();
        }
        return rows;
      });
      for (const r of fresh) {
        out.push({ notificationId: r.notification_id, unitId: r.unit_id, accountId: null, subject, text });
      }
    }
    await deliver(out);
    return out.length;
  }

  /** The steps of one form due at `now`, each sent to its non-reporters. */
  async function runForm(form: MonitoringForm, now: Date) {
    const sent: { formCode: string; period: string; step: string; units: number }[] = [];
    const { offsets } = await offsetsOf(form.id);
    const deadlines: { period: periods.Period; deadline: Date }[] = [];
    for (const p of candidatePeriods(form.frequency, currentPeriodAt(form.frequency, now))) {
      // The deadline of the version in force for the period; no version, nothing to report.
      const version = await deps.surveys().definitionFor(form.id, periods.formatPeriod(p));
      if (version)
        deadlines.push({ period: p, deadline: periods.deadlineOf(p, version.definition.form.deadline) });
    }
    for (const due of dueSteps(deadlines, offsets, now)) {
      if (await deps.collection().reportingClosed(form.id, due.period, due.deadline, now)) continue;
      const units = await sendStep(form, due.period, due.deadline, due.step, now);
      if (units) sent.push({ formCode: form.code, period: due.period, step: due.step, units });
    }
    return sent;
  }

  /** Every step due at `now`, for every form; returns what was sent. Safe to run at any time, often. */
  async function runDue(now: Date) {
    const forms = await deps.surveys().listForms(SYSTEM_ACTOR);
    const sent: Awaited<ReturnType<typeof runForm>> = [];
    for (const form of forms) {
      try {
        sent.push(...(await runForm(form, now)));
      } catch (e) {
        // One broken form must not keep the others' reminders from going out.
        deps.logger.error({ err: e, form: form.code }, 'reminders of a form failed');
      }
    }
    return sent;
  }

  let job: Cron | null = null;
  let running: Promise<unknown> | null = null;

  return {
    runDue,

    /** Starts the scheduler: every five minutes (`serve` only; tests call runDue with their own clock). */
    start(pattern = '*/5 * * * *') {
      if (job) return;
      job = new Cron(pattern, { protect: true, name: 'monitoring.reminders' }, async () => {
        running = runDue(deps.now()).then(
          (sent) => {
            if (sent.length) deps.logger.info({ sent }, 'reminders sent');
          },
          (e) => deps.logger.error({ err: e }, 'reminder run failed'),
        );
        await running;
      });
    },

    /** Stops the scheduler and waits for a run in progress. */
    async stop() {
      job?.stop();
      job = null;
      await running;
    },

    /** 催报 by hand: remind the non-reporters of a form and period in the actor's area (audited). */
    async remindByHand(
      ctx: RequestContext,
      q: { formId: string; period: string; division?: string; unitIds?: string[] },
    ) {
      assertRole(ctx.actor, REMINDERS_BY_HAND);
      const l = await deps.rates.load(ctx.actor, q);
      let candidates = l.expected.map((u) => u.id);
      if (q.unitIds) {
        // Chosen units must be expected reporters in the area: a statistician cannot reach units
        // outside it by naming them. Those who already reported are left out, as with "all".
        const inArea = new Set(candidates);
        const outside = [...new Set(q.unitIds)].filter((id) => !inArea.has(id));
        if (outside.length)
          throw P.units_not_expected(
            {
              division: l.division.name,
              units: outside.slice(0, 5).join(', ') + (outside.length > 5 ? ' …' : ''),
            },
            { unitIds: outside },
          );
        candidates = [...new Set(q.unitIds)];
      }
      const targets = await deps.collection().nonReporters(l.form.id, l.periodText, candidates);
      const now = deps.now();
      const recent = await recentlyReminded(l.form.id, l.periodText, targets, now);
      const { subject, text } = reminderText(l.form, l.periodText, l.deadline, now);
      const rows = targets.filter((u) => !recent.has(u)).map((unitId) => ({ unitId, id: randomUUID() }));
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += CHUNK) {
          await trx
            .insertInto('monitoring.notifications')
            .values(
              rows.slice(i, i + CHUNK).map((r) => ({
                id: r.id,
                unit_id: r.unitId,
                account_id: null,
                kind: 'reminder',
                form_id: l.form.id,
                period: l.periodText,
                text_zh: text.zh,
                text_en: text.en,
              })),
            )
            .execute();
        }
        await recordAudit(trx, ctx, {
          action: 'monitoring.reminders_sent',
          entityType: 'form_period',
          entityId: `${l.form.id}/${l.periodText}`,
          details: {
            form: l.form.code,
            period: l.periodText,
            division: l.division.code,
            chosen: q.unitIds ? q.unitIds.length : null,
            expected: l.expected.length,
            sent: rows.length,
            skippedRecentlyReminded: recent.size,
          },
        });
      });
      await deliver(
        rows.map((r) => ({ notificationId: r.id, unitId: r.unitId, accountId: null, subject, text })),
      );
      return { sent: rows.length, expected: l.expected.length, skipped: recent.size };
    },

    schedule,

    /** Sets a form's reminder schedule (audited). */
    async setSchedule(ctx: RequestContext, formId: string, offsetsDays: number[]) {
      assertRole(ctx.actor, SCHEDULE_WRITERS);
      await formOr404(ctx.actor, formId);
      const sorted = [...offsetsDays].sort((a, b) => a - b);
      const { offsets: before, row } = await offsetsOf(formId);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('monitoring.reminder_schedules')
          .values({ form_id: formId, offsets_days: JSON.stringify(sorted), set_by: ctx.actor.username })
          .onConflict((oc) =>
            oc.column('form_id').doUpdateSet((eb) => ({
              offsets_days: eb.ref('excluded.offsets_days'),
              set_by: eb.ref('excluded.set_by'),
              set_at: new Date(),
            })),
          )
          .execute();
        await recordAudit(trx, ctx, {
          action: 'monitoring.schedule_set',
          entityType: 'form',
          entityId: formId,
          before: row ? { offsetsDays: before } : null,
          after: { offsetsDays: sorted },
        });
      });
      return schedule(ctx.actor, formId);
    },
  };

  /** Units already reminded of this form and period within the quiet hours. */
  async function recentlyReminded(formId: string, period: string, unitIds: string[], now: Date) {
    const since = new Date(now.getTime() - MANUAL_REMINDER_QUIET_HOURS * 3_600_000);
    const out = new Set<string>();
    for (let i = 0; i < unitIds.length; i += CHUNK) {
      const rows = await db
        .selectFrom('monitoring.notifications')
        .select('unit_id')
        .distinct()
        .where('unit_id', 'in', unitIds.slice(i, i + CHUNK))
        .where('form_id', '=', formId)
        .where('period', '=', period)
        .where('kind', '=', 'reminder')
        .where('created_at', '>', since)
        .execute();
      for (const r of rows) if (r.unit_id) out.add(r.unit_id);
    }
    return out;
  }

  /** A form's reminder schedule (the default when never set). */
  async function schedule(actor: Actor, formId: string) {
    assertRole(actor, [...STATISTICIAN_ROLES, 'designer', 'admin']);
    await formOr404(actor, formId);
    const { offsets, row } = await offsetsOf(formId);
    return {
      formId,
      offsetsDays: offsets,
      isDefault: !row,
      setBy: row?.set_by ?? null,
      setAt: row ? row.set_at.toISOString() : null,
    };
  }

  async function formOr404(actor: Actor, formId: string) {
    const form = (await deps.surveys().listForms(actor)).find((f) => f.id === formId);
    if (!form) throw P.form_not_found();
    return form;
  }
}

export type ReminderService = ReturnType<typeof createReminderService>;
