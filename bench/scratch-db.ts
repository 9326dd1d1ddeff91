/**
 * A scratch PostgreSQL database for a benchmark: created (dropped first if a crashed run left it)
 * on the server `serverUrl` names, and dropped again with `drop()`, closing any connection left.
 */
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/platform/db.ts';
import { withDatabase } from '../test/support/global-setup.ts';

async function onServer(serverUrl: string, text: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export async function scratchDatabase(serverUrl: string, name: string) {
  await onServer(serverUrl, `drop database if exists ${name} with (force)`);
  await onServer(serverUrl, `create database ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * The whole platform on a fresh database for a benchmark: a scratch PostgreSQL database (named
 * after the bench) or an in-memory PGlite, migrated, no demo. `drop()` removes the scratch database.
 */
export async function benchPlatform(backend: 'PostgreSQL' | 'PGlite', bench: string, serverUrl: string) {
  let database: Database;
  let drop = async () => {};
  let url = '';
  if (backend === 'PostgreSQL') {
    const scratch = await scratchDatabase(serverUrl, `tongji_bench_${bench}_${process.pid}`);
    url = scratch.url;
    database = await openDatabase({ engine: 'postgres', url });
    drop = scratch.drop;
  } else {
    database = await openDatabase({ engine: 'pglite', dataDir: null });
  }
  const config = loadConfig({ ...process.env, TONGJI_DEMO: 'false', LOG_LEVEL: 'warn', DATABASE_URL: '' });
  const platform = await buildApp(config, { database });
  return { platform, database, url, drop };
}
