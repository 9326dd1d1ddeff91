/**
 * The demo seed, module by module (registry, surveys, collection's and review's history …), on a
 * fresh database: wall time and this process's CPU time (on PGlite the database runs in this
 * process, so CPU is the seed's whole cost even on a busy machine). PGlite in a temporary data
 * folder, as a first `npm start` does; PostgreSQL when DATABASE_URL names a server (a scratch
 * database is created and dropped).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { scratchDatabase } from './scratch-db.ts';

const units = Number(process.env.TONGJI_DEMO_UNITS ?? 5000);
const url = process.env.DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongji-bench-seed-'));
const scratch = url ? await scratchDatabase(url, `tongji_seed_${randomBytes(4).toString('hex')}`) : null;
const database: { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; url: string } = scratch
  ? { engine: 'postgres', url: scratch.url }
  : { engine: 'pglite', dataDir: path.join(dataDir, 'pgdata') };

const config = { ...loadConfig({ ...process.env, TONGJI_DEMO: 'false', LOG_LEVEL: 'warn' }), database };
const platform = await buildApp(config, {});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
try {
  const engine = url ? 'PostgreSQL' : 'PGlite';
  let total = 0;
  for (const m of platform.modules.list) {
    if (!m.seedDemo) continue;
    const [w, c] = [performance.now(), cpu()];
    await m.seedDemo({
      ...platform.database,
      db: platform.database.db,
      config,
      logger: platform.logger,
      clock: platform.clock,
      demoUnits: units,
    });
    const ms = performance.now() - w;
    total += ms;
    console.log(
      `demo seed on ${engine}, ${m.name}: ${(ms / 1000).toFixed(1)} s (process CPU ${((cpu() - c) / 1000).toFixed(1)} s)`,
    );
  }
  console.log(`demo seed on ${engine}, ${units} units, all modules: ${(total / 1000).toFixed(1)} s`);
} finally {
  await platform.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();
}
