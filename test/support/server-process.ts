/**
 * A real server process for tests that must kill it (durability) or drive it from outside: a fresh
 * data folder (PGlite) or a scratch PostgreSQL database when DATABASE_URL is set, a free port, and
 * a signed-in HTTP session over fetch.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from './global-setup.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerEnvironment {
  env: NodeJS.ProcessEnv;
  /** Removes the data folder and drops the scratch database. */
  cleanup(): Promise<void>;
}

/** A fresh place for a server's data: a temporary folder, plus a scratch database on PostgreSQL. */
export async function createServerEnvironment(name: string): Promise<ServerEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tongji-${name}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TONGJI_DATA_DIR: dataDir,
    TONGJI_DEMO: 'false',
    LOG_LEVEL: 'warn',
  };
  let scratchDb: string | null = null;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  if (process.env.DATABASE_URL) {
    scratchDb = `tongji_${name.replace(/\W/g, '_')}_${process.pid}`;
    await admin(`drop database if exists ${scratchDb} with (force)`);
    await admin(`create database ${scratchDb}`);
    env.DATABASE_URL = withDatabase(process.env.DATABASE_URL, scratchDb);
  }
  return {
    env,
    async cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (scratchDb) await admin(`drop database if exists ${scratchDb} with (force)`);
    },
  };
}

/** Runs `create-admin` through the real command line; throws with its stderr on failure. */
export function createAdmin(env: NodeJS.ProcessEnv, username: string, password: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'create-admin', username], {
    cwd: root,
    env: { ...env, TONGJI_ADMIN_PASSWORD: password },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`create-admin failed (${r.status}): ${r.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `src/main.ts serve` and resolves once it prints that it is ready; `nodeArgs` go to node
 * itself (benchmarks pass `--cpu-prof`, which NODE_OPTIONS does not take).
 */
export function startServer(
  env: NodeJS.ProcessEnv,
  port: number,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts', 'serve'], {
      cwd: root,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('tongji ready')) resolve(child);
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before ready: ${out}`)));
  });
}

/** Stops a server politely and waits for it to exit. */
export async function stopServer(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

export type HttpCall = (
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ status: number; body: any }>;

/** Signs in over HTTP and returns a caller that sends the session cookie and CSRF token. */
export async function httpSession(base: string, username: string, password: string): Promise<HttpCall> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method, url, body) => {
    const r = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}
