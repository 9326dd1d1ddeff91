/**
 * An acknowledged submission is never lost: enterprise software submits through API tokens to a
 * real server process, which is killed with SIGKILL mid-stream and restarted on the same data;
 * every draft and submission it acknowledged is still there. PGlite on disk by default, a
 * scratch PostgreSQL database with DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  createServerEnvironment,
  freePort,
  httpSession,
  type ServerEnvironment,
  startServer,
  stopServer,
} from '../../../test/support/server-process.ts';
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { periods } from '../surveys/index.ts';
import { sampleDefinition } from '../surveys/test-fixtures.ts';
import { currentPeriod } from './domain/window.ts';

const PASSWORD = 'Durable@2026x';
const UNITS = 4;
let environment: ServerEnvironment;
const session = (base: string, username: string) => httpSession(base, username, PASSWORD);

beforeAll(async () => {
  environment = await createServerEnvironment('collection-durable');
  createAdmin(environment.env, 'root-admin', PASSWORD);
});
afterAll(async () => {
  await environment?.cleanup();
});

describe('durability of submissions', () => {
  it('keeps every acknowledged draft and submission across a SIGKILL', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(environment.env, port);
    const admin = await session(base, 'root-admin');

    // A monthly form open for a year after each period, so the last eleven months are open.
    const def = sampleDefinition((d) => {
      d.form.code = 'D101';
      d.form.deadline = { daysAfterPeriodEnd: 366, time: '20:00' };
      d.version.from = '2020-01';
    });
    const imported = await admin('POST', '/api/surveys/definitions', JSON.stringify(def));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const activated = await admin('POST', `/api/surveys/versions/${imported.body.id}/activate`);
    expect(activated.status).toBe(200);
    const formId = activated.body.formId as string;

    const random = mulberry32(3);
    const tokens: { unitId: string; token: string }[] = [];
    for (let i = 0; i < UNITS; i++) {
      const unit = await admin('POST', '/api/registry/units', {
        creditCode: generateCreditCode(random, { division: '330203' }),
        name: `宁波耐久${i}有限公司`,
        townshipCode: '330203001',
        industryCode: '3411',
        registrationType: '173',
        employees: 100,
        revenueThousandYuan: 250000,
      });
      expect(unit.status, JSON.stringify(unit.body)).toBe(201);
      const username = `durable-${i}`;
      const account = await admin('POST', '/api/accounts', {
        username,
        displayName: username,
        role: 'enterprise',
        unitId: unit.body.id,
        password: PASSWORD,
      });
      expect(account.status, JSON.stringify(account.body)).toBe(201);
      const reporter = await session(base, username);
      const token = await reporter('POST', '/api/auth/tokens', { name: 'ERP' });
      expect(token.status).toBe(201);
      tokens.push({ unitId: unit.body.id, token: token.body.token });
    }

    const now = currentPeriod('monthly', new Date());
    const open = Array.from({ length: 11 }, (_, i) => periods.formatPeriod(periods.shiftPeriod(now, -1 - i)));
    const drafts: { unitId: string; period: string; seq: number; token: string }[] = [];
    const submitted: { unitId: string; period: string; token: string }[] = [];
    let stop = false;
    const writer = async (w: { unitId: string; token: string }) => {
      const call = async (method: string, url: string, body: unknown) => {
        const r = await fetch(`${base}${url}`, {
          method,
          headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json()) as any };
      };
      for (const period of open) {
        if (stop) return;
        try {
          const at = `/api/collection/forms/${formId}/periods/${period}`;
          const draft = await call('PUT', `${at}/draft`, {
            values: { 'A01.current': '100', 'A02.current': '60' },
          });
          if (draft.status !== 200) throw new Error(`draft ${draft.status}: ${JSON.stringify(draft.body)}`);
          drafts.push({ unitId: w.unitId, period, seq: draft.body.lastSeq, token: w.token });
          const sub = await call('POST', `${at}/submit`, {
            values: { 'A01.current': '100', 'A02.current': '60', 'A03.current': '5' },
          });
          if (sub.status !== 200) throw new Error(`submit ${sub.status}: ${JSON.stringify(sub.body)}`);
          submitted.push({ unitId: w.unitId, period, token: w.token });
        } catch (e) {
          if (e instanceof Error && /^(draft|submit) /.test(e.message)) throw e;
          return; // connection refused once the server is dead
        }
      }
    };
    const writers = tokens.map((w) => writer(w));
    while (submitted.length < 12) {
      if (submitted.length + drafts.length >= UNITS * open.length * 2) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await stopServer(server, 'SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(submitted.length).toBeGreaterThanOrEqual(12);

    server = await startServer(environment.env, port);
    try {
      const lost: string[] = [];
      for (const s of submitted) {
        const r = await fetch(`${base}/api/collection/forms/${formId}/periods/${s.period}/status`, {
          headers: { authorization: `Bearer ${s.token}` },
        });
        const body = (await r.json()) as any;
        if (body.status !== 'submitted' || body.values['A03.current'] !== '5')
          lost.push(`${s.unitId} ${s.period}`);
      }
      for (const d of drafts) {
        const r = await fetch(`${base}/api/collection/forms/${formId}/periods/${d.period}/versions`, {
          headers: { authorization: `Bearer ${d.token}` },
        });
        const seqs = ((await r.json()) as { seq: number }[]).map((v) => v.seq);
        if (!seqs.includes(d.seq)) lost.push(`${d.unitId} ${d.period} draft ${d.seq}`);
      }
      expect(lost).toEqual([]);
    } finally {
      await stopServer(server);
    }
  }, 180_000);
});
