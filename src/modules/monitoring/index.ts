/**
 * Monitoring (报送监测, 催报): reporting rate and timeliness by division and form, reminders to
 * units that have not reported (scheduled relative to the deadline, or by hand), in-app
 * notifications and pluggable delivery channels. Reads the survey system (forms, scope),
 * collection (report status) and the register (divisions) through their APIs.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { DeliveryChannel } from './channels.ts';
import { monitoringMigrations } from './migrations/index.ts';
import { createNotificationService } from './notifications.ts';
import type { MonitoringCollection, MonitoringRegister, MonitoringSurveys } from './ports.ts';
import { createRatesService } from './rates.ts';
import { createReminderService } from './reminders.ts';
import { monitoringDb, monitoringRepo } from './repo.ts';
import { monitoringRoutes } from './routes.ts';
import { channelFromConfig } from './transports.ts';

export type { DeliveryChannel, Email, OutgoingMessage, Sms } from './channels.ts';
export { emailChannel, formatEmail, formatSms, logChannel, NoAddress, smsChannel } from './channels.ts';
export type { MonitoringCollection, MonitoringRegister, MonitoringSurveys } from './ports.ts';
export { smsGatewayTransport, smtpTransport } from './transports.ts';

export function createMonitoringModule(
  deps: ModuleDeps & {
    surveys: () => MonitoringSurveys;
    collection: () => MonitoringCollection;
    registry: () => MonitoringRegister;
    /** Where reminders go besides the in-app notification (default: what the configuration says). */
    channel?: DeliveryChannel;
    /** The clock (tests inject one). */
    now?: () => Date;
  },
) {
  const db = monitoringDb(deps.db);
  const repo = monitoringRepo(db);
  const now = deps.now ?? (() => new Date());
  let channel: DeliveryChannel =
    deps.channel ??
    channelFromConfig({
      config: deps.config,
      db: deps.db,
      logger: deps.logger,
      contacts: (ids) => deps.registry().contactsOf(ids),
    });
  const rates = createRatesService({
    surveys: deps.surveys,
    collection: deps.collection,
    registry: deps.registry,
    now,
  });
  const reminders = createReminderService({
    db,
    repo,
    logger: deps.logger,
    channel: () => channel,
    surveys: deps.surveys,
    collection: deps.collection,
    rates,
    now,
  });
  const notifications = createNotificationService({ db, repo, now });
  return {
    name: 'monitoring',
    migrations: monitoringMigrations,
    routes: monitoringRoutes({ rates, reminders, notifications }),
    api: {
      rates,
      reminders,
      notifications,
      /** In-app notifications to accounts, written in the caller's transaction (early-warning alerts). */
      notifyAccounts: notifications.notifyAccounts,
      /** Starts the reminder scheduler (call from `serve` only). */
      start: () => reminders.start(),
      /** Stops the scheduler, waiting for a run in progress. */
      stop: () => reminders.stop(),
      /** Replaces the delivery channel (email or SMS adapters with their transport). */
      useChannel(c: DeliveryChannel) {
        channel = c;
      },
    },
  } satisfies PlatformModule;
}
