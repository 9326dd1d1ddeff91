/**
 * buildApp: the one place where modules are created and wired together. Each module reaches
 * another only through the `api` it is handed here.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Config } from './config.ts';
import { createAggregationModule } from './modules/aggregation/index.ts';
import { createAnalysisModule } from './modules/analysis/index.ts';
import { createAuditModule } from './modules/audit/index.ts';
import { createCmsModule } from './modules/cms/index.ts';
import { createCollectionModule } from './modules/collection/index.ts';
import { createIdentityModule } from './modules/identity/index.ts';
import { createMonitoringModule } from './modules/monitoring/index.ts';
import { createOpendataModule } from './modules/opendata/index.ts';
import { createPublicationModule } from './modules/publication/index.ts';
import { createRegistryModule } from './modules/registry/index.ts';
import { createReviewModule } from './modules/review/index.ts';
import { createSiteModule } from './modules/site/index.ts';
import { createStatdbModule } from './modules/statdb/index.ts';
import { createSurveysModule } from './modules/surveys/index.ts';
import { createSystemModule } from './modules/system/index.ts';
import { createWarningModule } from './modules/warning/index.ts';
import { auditMigrations } from './platform/audit.ts';
import { type Clock, createClock } from './platform/clock.ts';
import { type Database, openDatabase } from './platform/db.ts';
import { createHttp } from './platform/http.ts';
import { createLogger, type Logger } from './platform/logging.ts';
import { migrateToLatest } from './platform/migrations.ts';
import type { ModuleDeps, PlatformModule } from './platform/module.ts';
import { getSetting, setSetting, settingsMigrations } from './platform/settings.ts';

export interface BuildOptions {
  /** An already-open database (tests); otherwise opened from the configuration. */
  database?: Database;
  /** Run migrations, reference data and (if configured) the demo seed. Default true. */
  prepare?: boolean;
  logger?: Logger;
  /** The clock embargoes and schedules follow (tests pass one they can move). */
  clock?: Clock;
}

export interface Platform {
  app: FastifyInstance;
  database: Database;
  modules: ReturnType<typeof createModules>;
  config: Config;
  logger: Logger;
  /** The clock the public channels follow; tests set it around a release minute. */
  clock: Clock;
  /** Runs migrations, then every module's reference data. */
  migrate(): Promise<string[]>;
  /** Seeds the demo once (skips if already seeded). */
  seedDemo(units?: number): Promise<boolean>;
  close(): Promise<void>;
}

function createModules(deps: ModuleDeps) {
  const registry = createRegistryModule(deps);
  // The survey system reads the register for reporting scope; its demo forms need the units seeded.
  const surveys = createSurveysModule({ ...deps, registry: () => registry.api });
  // Online reporting reads definitions and scope from the survey system, units from the register.
  const collection = createCollectionModule({
    ...deps,
    surveys: () => surveys.api.service,
    registry: () => registry.api.service,
    returnReasons: () => review.api.service.returnReasons,
    demoDirectory: () => registry.api.directory,
  });
  // Review moves submissions through collection's transitions; units from the register; its
  // anomaly lists run the analysis module's tests (created below, hence the getter).
  const review = createReviewModule({
    ...deps,
    collection: () => collection.api.transitions,
    demo: () => collection.api.demo,
    registry: () => registry.api,
    surveys: () => surveys.api.service,
    analysis: () => analysis.api,
    aggregation: () => aggregation.api.maintenance,
  });
  // Monitoring counts collection's reports against the survey system's scope, by division.
  const monitoring = createMonitoringModule({
    ...deps,
    surveys: () => surveys.api.service,
    collection: () => collection.api.monitoring,
    registry: () => registry.api.service,
  });
  const identity = createIdentityModule({ ...deps, directory: () => registry.api.directory });
  // Order matters for reference data and the demo seed: the register before the accounts bound to it.
  const audit = createAuditModule(deps);
  const analysis = createAnalysisModule(deps);
  // The statistical database (综合数据库) takes code lists from the register, STL from analysis.
  const statdb = createStatdbModule({
    ...deps,
    registry: () => registry.api.service,
    analysis: () => analysis.api,
  });
  // Aggregation reads approved values from collection, classifications from the register, forms
  // from the survey system, and publishes signed-off aggregates into the statistical database.
  const aggregation = createAggregationModule({
    ...deps,
    collection: () => collection.api.aggregation,
    registry: () => registry.api,
    surveys: () => surveys.api.service,
    analysis: () => analysis.api,
    statdb: () => statdb.api,
    demoHistory: () => collection.api.demo.periods(),
  });
  // Early warning watches the statistical database's series and notifies through monitoring.
  const warning = createWarningModule({
    ...deps,
    statdb: () => statdb.api,
    monitoring: () => monitoring.api,
    registry: () => registry.api.service,
    analysis: () => analysis.api,
  });
  // Publication stages statdb's figures for releases; every public channel reads only what it
  // has made visible at the clock's instant (docs/design/publication.md).
  const publication = createPublicationModule({ ...deps, statdb: () => statdb.api });
  const opendata = createOpendataModule({ ...deps, publication: () => publication.api });
  const cms = createCmsModule({ ...deps, publication: () => publication.api });
  const site = createSiteModule({ ...deps, publication: () => publication.api, cms: () => cms.api });
  const modules = {
    registry,
    surveys,
    collection,
    review,
    monitoring,
    identity,
    audit,
    analysis,
    statdb,
    aggregation,
    warning,
    publication,
    opendata,
    cms,
    site,
  };
  const all: PlatformModule[] = Object.values(modules);
  const system = createSystemModule(deps, () => collectMigrations(all));
  return { ...modules, system, list: [...all, system] as PlatformModule[] };
}

function collectMigrations(modules: PlatformModule[]): Record<string, Migration> {
  const out: Record<string, Migration> = { ...settingsMigrations, ...auditMigrations };
  for (const m of modules) {
    for (const [name, migration] of Object.entries(m.migrations ?? {})) {
      if (out[name]) throw new Error(`duplicate migration name ${name}`);
      out[name] = migration;
    }
  }
  return out;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database =
    options.database ??
    (await openDatabase(
      config.database.engine === 'postgres'
        ? { engine: 'postgres', url: config.database.url }
        : { engine: 'pglite', dataDir: config.database.dataDir },
    ));
  const clock = options.clock ?? createClock();
  const deps: ModuleDeps = { db: database.db, engine: database.engine, config, logger, clock };
  const modules = createModules(deps);

  const migrate = async () => {
    const applied = await migrateToLatest(database.db, collectMigrations(modules.list));
    for (const m of modules.list) await m.loadReference?.();
    return applied;
  };
  const seedDemo = async (units = config.demo.units) => {
    if (await getSetting(database.db, 'demo.seeded')) return false;
    for (const m of modules.list) await m.seedDemo?.({ ...deps, demoUnits: units });
    await setSetting(database.db, 'demo.seeded', { at: new Date().toISOString(), units });
    return true;
  };

  if (options.prepare !== false) {
    await migrate();
    if (config.demo.enabled) await seedDemo();
  }

  const app = await createHttp(config, logger);
  // Identity resolves the actor of every request before any route runs.
  app.addHook('onRequest', modules.identity.api.authenticate);
  for (const m of modules.list) if (m.routes) await app.register(m.routes);
  await serveWebApp(app, config);

  return {
    app,
    database,
    modules,
    config,
    logger,
    clock,
    migrate,
    seedDemo,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Serves the built web app: hashed files under /assets/ (cached for a year, served from disk as
 * they are, so a rebuild is picked up without a restart) and index.html for every other path so
 * client-side routes work. index.html is read per request (it is small) so it always names the
 * current build.
 */
async function serveWebApp(app: FastifyInstance, config: Config) {
  const index = path.join(config.webDir, 'index.html');
  if (!fs.existsSync(index)) return;
  await app.register(fastifyStatic, {
    root: path.join(config.webDir, 'assets'),
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  const sendIndex = async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await fs.promises.readFile(index, 'utf8'));
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    // The API, the open data API and the public site answer their own unknown paths.
    if (/^\/(api|open|site|files)(\/|$)/.test(req.url)) return reply.callNotFound();
    return sendIndex(req, reply);
  });
  app.get('/', { schema: { hide: true } }, sendIndex);
}
