/**
 * Acknowledged data is never lost: a real server process takes writes under load, is killed with
 * SIGKILL while more are in flight, restarts on the same data, and every write it acknowledged is
 * still there. Runs on PGlite on disk by default, on a scratch PostgreSQL database with DATABASE_URL.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../support/global-setup.ts';

const root = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'Durable@2026x';
let env: NodeJS.ProcessEnv;
let dataDir: string;
let scratchDb: string | null = null;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function startServer(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
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

async function signIn(base: string) {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'root-admin', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongji-durable-'));
  env = { ...process.env, TONGJI_DATA_DIR: dataDir, TONGJI_DEMO: 'false', LOG_LEVEL: 'warn' };
  if (process.env.DATABASE_URL) {
    scratchDb = `tongji_durable_${process.pid}`;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop database if exists ${scratchDb} with (force)`);
    await c.query(`create database ${scratchDb}`);
    await c.end();
    env.DATABASE_URL = withDatabase(process.env.DATABASE_URL, scratchDb);
  }
  const created = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'create-admin', 'root-admin'],
    {
      cwd: root,
      env: { ...env, TONGJI_ADMIN_PASSWORD: PASSWORD },
      encoding: 'utf8',
    },
  );
  expect(created.status, created.stderr).toBe(0);
});

afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (scratchDb) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop database if exists ${scratchDb} with (force)`);
    await c.end();
  }
});

describe('durability', () => {
  it('keeps every acknowledged write across a SIGKILL', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(port);
    const { cookie, csrfToken } = await signIn(base);
    const acknowledged: string[] = [];
    let stop = false;
    // 8 clients write continuously; the server is killed mid-stream.
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 500; i++) {
        try {
          const res = await fetch(`${base}/api/auth/tokens`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
            body: JSON.stringify({ name: `w${w}-${i}` }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // connection refused once the server is dead
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    server = await startServer(port);
    try {
      const again = await signIn(base);
      const res = await fetch(`${base}/api/auth/tokens`, { headers: { cookie: again.cookie } });
      const ids = new Set(((await res.json()) as { id: string }[]).map((t) => t.id));
      const lost = acknowledged.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 120_000);
});
