/**
 * The outside transports behind the email and SMS channels, chosen by configuration
 * (REMINDER_CHANNEL): an SMTP relay through nodemailer, and an HTTP SMS gateway (短信网关) that
 * takes `{to, text}` as JSON — the shape most provincial government SMS platforms and commercial
 * gateways accept behind a small adapter. Addresses come from the register's unit contacts
 * (联系人); a unit without one is recorded as "no address", not retried.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logging.ts';
import {
  type DeliveryChannel,
  type Email,
  emailChannel,
  logChannel,
  NoAddress,
  type Sms,
  smsChannel,
} from './channels.ts';

/** Unit contacts, from the register. */
export type ContactLookup = (
  unitIds: readonly string[],
) => Promise<Map<string, { email: string | null; phone: string | null }>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Mainland mobile numbers, optionally with +86. */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;

async function contactOf(contacts: ContactLookup, unitId: string | null) {
  if (!unitId) return undefined;
  return (await contacts([unitId])).get(unitId);
}

/** Sends each email through an SMTP relay (pooled connections). */
export function smtpTransport(opts: { url: string; from: string; contacts: ContactLookup }) {
  const transporter = nodemailer.createTransport(opts.url, { from: opts.from });
  const send = async (email: Email) => {
    const address = (await contactOf(opts.contacts, email.to.unitId))?.email?.trim();
    if (!address || !EMAIL.test(address)) throw new NoAddress('contact email');
    await transporter.sendMail({ to: address, subject: email.subject, text: email.text });
  };
  return Object.assign(send, { close: () => transporter.close() });
}

/** Posts each SMS to the gateway; anything but a 2xx answer is a failure. */
export function smsGatewayTransport(opts: {
  url: string;
  token?: string;
  contacts: ContactLookup;
  timeoutMs?: number;
}) {
  return async (sms: Sms) => {
    const phone = (await contactOf(opts.contacts, sms.to.unitId))?.phone?.replace(/[\s-]/g, '');
    if (!phone || !MOBILE.test(phone)) throw new NoAddress('mobile number');
    const res = await fetch(opts.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify({ to: phone.replace(/^\+?86/, ''), text: sms.text }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered HTTP ${res.status}`);
  };
}

/** The channel the configuration asks for. */
export function channelFromConfig(deps: {
  config: Config;
  db: Db;
  logger: Logger;
  contacts: ContactLookup;
}): DeliveryChannel {
  const r = deps.config.reminders;
  switch (r.channel) {
    case 'email':
      return emailChannel({
        db: deps.db,
        transport: smtpTransport({ url: r.smtpUrl, from: r.from, contacts: deps.contacts }),
      });
    case 'sms':
      return smsChannel({
        db: deps.db,
        signature: r.signature,
        transport: smsGatewayTransport({ url: r.gatewayUrl, token: r.gatewayToken, contacts: deps.contacts }),
      });
    default:
      return logChannel({ db: deps.db, logger: deps.logger });
  }
}
