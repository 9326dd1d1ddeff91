/**
 * The outside reminder channels end to end, chosen by configuration as in production: a real
 * SMTP server (smtp-server) receives the emails nodemailer sends, and a real HTTP server plays
 * the SMS gateway. Units without an address are recorded as such, not retried and not fatal.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAndActivate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';
import { currentPeriodAt } from './domain/schedule.ts';

const random = mulberry32(41);
const P = periods.formatPeriod(periods.previousPeriod(currentPeriodAt('monthly', new Date())));

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

async function smtpServer() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return { mails, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function smsGateway(status = 200) {
  const received: { auth: string | undefined; body: any }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      res.statusCode = received.length === 2 ? 503 : status; // the second message is refused
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return { received, url: `http://127.0.0.1:${port}/send`, close: () => new Promise((r) => server.close(r)) };
}

/** A form, three expected units (email + mobile, nothing, a landline only) and nothing reported. */
async function setUp(t: TestApp) {
  const admin = await t.as('admin');
  const designer = await t.as('designer');
  const contacts = [
    { contactEmail: 'tongji@qiye.example.cn', contactPhone: '138 0574 0001' },
    {},
    { contactPhone: '0574-8888' }, // a landline: no SMS, and no email either
  ];
  const ids: string[] = [];
  for (const [i, c] of contacts.entries()) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: '330203' }),
      name: `宁波渠道测试${i}有限公司`,
      townshipCode: '330203001',
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: 250000,
      contactName: '张三',
      ...c,
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  const def = sampleDefinition((d) => {
    d.survey.code = 'channel-test';
    d.form.code = 'C101';
    d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
    d.version.from = '2020-01';
  });
  const { formId } = await importAndActivate(designer, def);
  const city: Client = await t.as('city_statistician');
  return { ids, formId, city };
}

const deliveries = (t: TestApp) =>
  t.database.db
    .selectFrom('monitoring.deliveries' as any)
    .select(['unit_id', 'channel', 'outcome', 'detail'])
    .execute() as Promise<{ unit_id: string; channel: string; outcome: string; detail: string | null }[]>;

describe('email through a real SMTP relay', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  beforeAll(async () => {
    smtp = await smtpServer();
    t = await buildTestApp({
      REMINDER_CHANNEL: 'email',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: '宁波市统计局 <noreply@tjj.ningbo.example.cn>',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('mails the unit contacts with an address, both languages, and records who had none', async () => {
    const { ids, formId, city } = await setUp(t);
    const res = await city.post('/api/monitoring/reminders', { formId, period: P });
    expect(res.json()).toMatchObject({ sent: 3, expected: 3, skipped: 0 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(['tongji@qiye.example.cn']);
    expect(smtp.mails[0].from).toBe('noreply@tjj.ningbo.example.cn');
    // Subject and body are encoded (UTF-8); the form code and period stay readable ASCII.
    expect(smtp.mails[0].raw).toContain('C101');
    const rows = await deliveries(t);
    const byUnit = new Map(rows.map((r) => [r.unit_id, r]));
    expect(byUnit.get(ids[0])).toMatchObject({ channel: 'email', outcome: 'delivered' });
    expect(byUnit.get(ids[1])).toMatchObject({ outcome: 'no_address' });
    expect(byUnit.get(ids[2])).toMatchObject({ outcome: 'no_address' });
    // The in-app notifications went to all three regardless.
    const n = await t.database.db
      .selectFrom('monitoring.notifications' as any)
      .select('unit_id')
      .where('form_id', '=', formId)
      .execute();
    expect(n).toHaveLength(3);
  });
});

describe('SMS through an HTTP gateway', () => {
  let t: TestApp;
  let gw: Awaited<ReturnType<typeof smsGateway>>;
  beforeAll(async () => {
    gw = await smsGateway();
    t = await buildTestApp({
      REMINDER_CHANNEL: 'sms',
      SMS_GATEWAY_URL: gw.url,
      SMS_GATEWAY_TOKEN: 'gw-secret',
      SMS_SIGNATURE: '【测试统计】',
    });
  });
  afterAll(async () => {
    await t?.close();
    await gw?.close();
  });

  it('posts one short signed text per mobile number; a refusal is recorded, not fatal', async () => {
    const { ids, formId, city } = await setUp(t);
    // A fourth unit with a valid phone, so that the gateway's refusal of the second message shows.
    const admin = await t.as('admin');
    const extra = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: '330203' }),
      name: '宁波渠道测试3有限公司',
      townshipCode: '330203001',
      industryCode: '3411',
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: 250000,
      contactPhone: '+86 139-0574-0002',
    });
    expect(extra.statusCode, extra.body).toBe(201);
    const res = await city.post('/api/monitoring/reminders', { formId, period: P });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sent: 4, expected: 4 });
    expect(gw.received).toHaveLength(2);
    expect(gw.received.map((r) => r.body.to).sort()).toEqual(['13805740001', '13905740002']);
    for (const r of gw.received) {
      expect(r.auth).toBe('Bearer gw-secret');
      expect(r.body.text.startsWith('【测试统计】')).toBe(true);
      expect(r.body.text.length).toBeLessThanOrEqual(70);
    }
    const rows = await deliveries(t);
    expect(rows.filter((r) => r.outcome === 'delivered')).toHaveLength(1);
    expect(rows.filter((r) => r.outcome === 'failed')).toEqual([
      expect.objectContaining({ channel: 'sms', detail: expect.stringContaining('503') }),
    ]);
    expect(
      rows
        .filter((r) => r.outcome === 'no_address')
        .map((r) => r.unit_id)
        .sort(),
    ).toEqual([ids[1], ids[2]].sort());
  });
});

describe('channel configuration', () => {
  it('refuses to start with a channel but no transport, naming what is missing', () => {
    expect(() => loadConfig({ REMINDER_CHANNEL: 'email' })).toThrow(ConfigError);
    expect(() => loadConfig({ REMINDER_CHANNEL: 'email', SMTP_URL: 'smtp://h:25' })).toThrow(/SMTP_FROM/);
    expect(() => loadConfig({ REMINDER_CHANNEL: 'sms' })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => loadConfig({ REMINDER_CHANNEL: 'fax' })).toThrow(/REMINDER_CHANNEL/);
    expect(() => loadConfig({ SMTP_URL: 'http://h' })).toThrow(/SMTP_URL/);
    expect(loadConfig({}).reminders).toEqual({ channel: 'log' });
    expect(
      loadConfig({ REMINDER_CHANNEL: 'sms', SMS_GATEWAY_URL: 'https://sms.example.cn/send' }).reminders,
    ).toEqual({
      channel: 'sms',
      gatewayUrl: 'https://sms.example.cn/send',
      gatewayToken: undefined,
      signature: '【宁波统计】',
    });
  });
});
