/** The shape every domain module has, so app.ts can wire them in one place. */
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';
import type { Db, Engine } from './db.ts';
import type { Logger } from './logging.ts';

export interface ModuleDeps {
  db: Db;
  engine: Engine;
  config: Config;
  logger: Logger;
  /** What time the public sees (embargoes, schedules); tests move it. */
  clock: Clock;
}

export interface SeedContext extends ModuleDeps {
  /** Number of demo units to generate. */
  demoUnits: number;
}

export interface PlatformModule<Api = unknown> {
  name: string;
  /** Frozen migrations: names `YYYYMMDD_HHMM_<module>_<what>` so they order across modules. */
  migrations?: Record<string, Migration>;
  /** Reference data every installation needs (idempotent; runs after migrations at every start). */
  loadReference?: () => Promise<void>;
  /** Demo content (runs once, on first start with TONGJI_DEMO=true). */
  seedDemo?: (ctx: SeedContext) => Promise<void>;
  routes?: (app: FastifyInstance) => Promise<void>;
  api: Api;
}
