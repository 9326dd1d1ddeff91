/**
 * Delivery channels (推送渠道) for reminders, besides the in-app notification every reminder
 * gets. One interface, three adapters: `log` (the default: the logger and monitoring.deliveries),
 * `email` and `sms`, which format the message and hand it to a transport given in configuration
 * (SMTP relay, SMS gateway …) — so the module itself never opens a network connection.
 */
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logging.ts';

/** One message to one recipient (a unit's reporters, or an account). */
export interface OutgoingMessage {
  notificationId: string;
  unitId: string | null;
  accountId: string | null;
  subject: { zh: string; en: string };
  text: { zh: string; en: string };
}

export interface DeliveryChannel {
  readonly name: string;
  deliver(messages: OutgoingMessage[]): Promise<void>;
}

/** What happened to one message in a channel (kept in monitoring.deliveries). */
export type DeliveryOutcome = 'delivered' | 'no_address' | 'failed';

/** A transport's way of saying the recipient has no address for this channel (not a failure). */
export class NoAddress extends Error {
  constructor(what: string) {
    super(`no ${what} on record`);
  }
}

async function record(
  db: Db,
  channel: string,
  messages: OutgoingMessage[],
  payload: (m: OutgoingMessage) => unknown,
  outcomes?: { outcome: DeliveryOutcome; detail: string | null }[],
) {
  for (let i = 0; i < messages.length; i += 500) {
    await db
      .insertInto('monitoring.deliveries')
      .values(
        messages.slice(i, i + 500).map((m, j) => ({
          unit_id: m.unitId,
          account_id: m.accountId,
          notification_id: m.notificationId,
          channel,
          payload: JSON.stringify(payload(m)),
          outcome: outcomes?.[i + j]?.outcome ?? 'delivered',
          detail: outcomes?.[i + j]?.detail ?? null,
        })),
      )
      .execute();
  }
}

/**
 * Hands each message to the transport one at a time: one recipient without an address or one
 * refused message must not keep the others from going out. Returns each message's outcome.
 */
async function sendEach<T>(
  messages: OutgoingMessage[],
  format: (m: OutgoingMessage) => T,
  send: (x: T) => Promise<void>,
) {
  const outcomes: { outcome: DeliveryOutcome; detail: string | null }[] = [];
  for (const m of messages) {
    try {
      await send(format(m));
      outcomes.push({ outcome: 'delivered', detail: null });
    } catch (e) {
      const detail = e instanceof Error ? e.message.slice(0, 500) : String(e).slice(0, 500);
      outcomes.push({ outcome: e instanceof NoAddress ? 'no_address' : 'failed', detail });
    }
  }
  return outcomes;
}

/** Writes each message to the log and to monitoring.deliveries (default; what tests read). */
export function logChannel(deps: { db: Db; logger: Logger }): DeliveryChannel {
  return {
    name: 'log',
    async deliver(messages) {
      for (const m of messages) {
        deps.logger.info(
          { unitId: m.unitId, accountId: m.accountId, subject: m.subject.en },
          'reminder delivered',
        );
      }
      await record(deps.db, 'log', messages, (m) => ({ subject: m.subject, text: m.text }));
    },
  };
}

export interface Email {
  /** The unit or account; the transport resolves the address from its own directory. */
  to: { unitId: string | null; accountId: string | null };
  subject: string;
  text: string;
}

/** Bilingual email: Chinese first, English below. */
export function formatEmail(m: OutgoingMessage): Email {
  return {
    to: { unitId: m.unitId, accountId: m.accountId },
    subject: `${m.subject.zh} / ${m.subject.en}`,
    text: `${m.text.zh}\n\n${m.text.en}\n`,
  };
}

export function emailChannel(deps: { db: Db; transport: (email: Email) => Promise<void> }): DeliveryChannel {
  return {
    name: 'email',
    async deliver(messages) {
      const outcomes = await sendEach(messages, formatEmail, deps.transport);
      await record(deps.db, 'email', messages, formatEmail, outcomes);
    },
  };
}

export interface Sms {
  to: { unitId: string | null; accountId: string | null };
  text: string;
}

/** SMS text: Chinese only, cut to one 70-character segment with a sign-off. */
export const SMS_LIMIT = 70;
export function formatSms(m: OutgoingMessage, signature = '【宁波统计】'): Sms {
  const room = SMS_LIMIT - signature.length;
  const body = m.text.zh.length > room ? `${m.text.zh.slice(0, room - 1)}…` : m.text.zh;
  return { to: { unitId: m.unitId, accountId: m.accountId }, text: `${signature}${body}` };
}

export function smsChannel(deps: {
  db: Db;
  transport: (sms: Sms) => Promise<void>;
  signature?: string;
}): DeliveryChannel {
  return {
    name: 'sms',
    async deliver(messages) {
      const format = (m: OutgoingMessage) => formatSms(m, deps.signature);
      const outcomes = await sendEach(messages, format, deps.transport);
      await record(deps.db, 'sms', messages, format, outcomes);
    },
  };
}
