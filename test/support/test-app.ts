/**
 * buildTestApp(): a whole platform on a fresh copy of the migrated test database (PGlite by
 * default, PostgreSQL when DATABASE_URL is set), plus helpers to sign in and call the API.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type Platform } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Role } from '../../src/platform/auth.ts';
import { type Database, openDatabase } from '../../src/platform/db.ts';
import { withDatabase } from './global-setup.ts';

export const TEST_PASSWORD = 'Test@pass2026';

export interface TestApp extends Platform {
  /** Signs in with username/password and returns a client that sends the cookie and CSRF token. */
  signIn(username: string, password?: string): Promise<Client>;
  /** Creates an account with the role (bound as given) and returns a signed-in client. */
  as(role: Role, binding?: { officeId?: string; unitId?: string; username?: string }): Promise<Client>;
  /** A client with no session. */
  anonymous: Client;
}

export interface Client {
  username: string | null;
  accountId: string | null;
  csrfToken: string | null;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

async function openTestDatabase(): Promise<{
  database: Database;
  config: Partial<Config>;
  drop: () => Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `tongji_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
    await admin.end();
    const dbUrl = withDatabase(url, name);
    const database = await openDatabase({ engine: 'postgres', url: dbUrl, max: 5 });
    return {
      database,
      config: { database: { engine: 'postgres', url: dbUrl } },
      drop: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const snapshot = fs.readFileSync(inject('pgliteSnapshot'));
  const database = await openDatabase({ engine: 'pglite', dataDir: null, loadDataDir: new Blob([snapshot]) });
  return { database, config: {}, drop: async () => {} };
}

export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const base = loadConfig({
    ...process.env,
    TONGJI_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const { database, config: dbConfig, drop } = await openTestDatabase();
  const config = { ...base, ...dbConfig } as Config;
  const platform = await buildApp(config, { database, prepare: false });
  await platform.app.ready();

  const client = (
    cookie: string | null,
    csrf: string | null,
    username: string | null,
    accountId: string | null,
  ): Client => {
    const request = (opts: InjectOptions) =>
      platform.app.inject({
        ...opts,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
          ...(opts.headers ?? {}),
        },
      });
    const withBody =
      (method: 'POST' | 'PUT' | 'PATCH') => (url: string, body?: unknown, headers?: Record<string, string>) =>
        request({ method, url, ...(body === undefined ? {} : { payload: body as any }), headers });
    return {
      username,
      accountId,
      csrfToken: csrf,
      request,
      get: (url, headers) => request({ method: 'GET', url, headers }),
      post: withBody('POST'),
      put: withBody('PUT'),
      patch: withBody('PATCH'),
      delete: (url, headers) => request({ method: 'DELETE', url, headers }),
    };
  };

  const signIn = async (username: string, password = TEST_PASSWORD) => {
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`sign-in ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'tongji_session');
    const body = res.json();
    return client(`tongji_session=${cookie!.value}`, body.csrfToken, username, body.account.id);
  };

  let n = 0;
  const as = async (role: Role, binding: { officeId?: string; unitId?: string; username?: string } = {}) => {
    n += 1;
    const username = binding.username ?? `${role.replace(/_/g, '-')}-${n}-${randomBytes(3).toString('hex')}`;
    const defaultOffice: Partial<Record<Role, string>> = {
      city_statistician: 'office-330200',
      county_statistician: 'office-330203',
      township_statistician: 'office-330203001',
    };
    await platform.modules.identity.api.service.createAccount(null, {
      username,
      displayName: username,
      role,
      officeId: binding.officeId ?? defaultOffice[role],
      unitId: binding.unitId,
      password: TEST_PASSWORD,
    });
    return signIn(username);
  };

  return {
    ...platform,
    signIn,
    as,
    anonymous: client(null, null, null, null),
    async close() {
      await platform.close();
      await drop();
    },
  };
}
