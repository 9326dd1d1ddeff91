/**
 * Prepares one migrated database with reference data that every test file clones:
 * a PGlite data-dir snapshot (default), or a PostgreSQL template database when DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/platform/db.ts';

export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const url = process.env.DATABASE_URL;
  const config = loadConfig({ ...process.env, TONGJI_DEMO: 'false', LOG_LEVEL: 'silent' });
  if (url) {
    const template = `tongji_tmpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const tmplUrl = withDatabase(url, template);
    const database = await openDatabase({ engine: 'postgres', url: tmplUrl, max: 2 });
    const platform = await buildApp(
      { ...config, database: { engine: 'postgres', url: tmplUrl } },
      { database, prepare: false },
    );
    await platform.migrate();
    await platform.close();
    provide('pgTemplate', template);
    return async () => {
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  const platform = await buildApp(config, { database, prepare: false });
  await platform.migrate();
  const blob = await database.pglite!.dumpDataDir('none');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tongji-test-')), 'snapshot.tar');
  fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  await platform.close();
  provide('pgliteSnapshot', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteSnapshot: string;
  }
}
