/**
 * Acknowledged data is never lost: a real server process takes writes under load, is killed with
 * SIGKILL while more are in flight, restarts on the same data, and every write it acknowledged is
 * still there. Runs on PGlite on disk by default, on a scratch PostgreSQL database with DATABASE_URL.
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
} from '../support/server-process.ts';

const PASSWORD = 'Durable@2026x';
let server: ServerEnvironment;

beforeAll(async () => {
  server = await createServerEnvironment('durable');
  createAdmin(server.env, 'root-admin', PASSWORD);
});
afterAll(async () => {
  await server?.cleanup();
});

describe('durability', () => {
  it('keeps every acknowledged write across a SIGKILL', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let child = await startServer(server.env, port);
    const call = await httpSession(base, 'root-admin', PASSWORD);
    const acknowledged: string[] = [];
    let stop = false;
    // 8 clients write continuously; the server is killed mid-stream.
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 500; i++) {
        try {
          const res = await call('POST', '/api/auth/tokens', { name: `w${w}-${i}` });
          if (res.status === 201) acknowledged.push(res.body.id);
        } catch {
          return; // connection refused once the server is dead
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    await stopServer(child, 'SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    child = await startServer(server.env, port);
    try {
      const again = await httpSession(base, 'root-admin', PASSWORD);
      const res = await again('GET', '/api/auth/tokens');
      const ids = new Set((res.body as { id: string }[]).map((t) => t.id));
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    } finally {
      await stopServer(child);
    }
  }, 120_000);
});
