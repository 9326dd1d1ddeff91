/**
 * Macro early warning (预警): the signal-light system (经济景气预警信号灯) and threshold alerts on
 * series of the statistical database, with notifications to subscribed staff. Reads series and
 * hears of their changes through statdb's api, notifies through monitoring's, names regions from
 * the register, seasonally adjusts with analysis's STL.
 */
import type { ModuleDeps, PlatformModule, SeedContext } from '../../platform/module.ts';
import { createDefinitions } from './definitions.ts';
import { seedWarningDemo } from './demo.ts';
import { createEvaluation } from './evaluation.ts';
import { warningMigrations } from './migrations/index.ts';
import type { WarningMonitoring, WarningRegister, WarningStatdb } from './ports.ts';
import { warningDb, warningRepo } from './repo.ts';
import { warningRoutes } from './routes.ts';
import { createSeriesReader, type Stl } from './series.ts';
import { createReads } from './service.ts';

export type { WarningMonitoring, WarningRegister, WarningStatdb } from './ports.ts';

export function createWarningModule(
  deps: ModuleDeps & {
    statdb: () => WarningStatdb;
    monitoring: () => WarningMonitoring;
    registry: () => WarningRegister;
    analysis: () => { stl: Stl };
  },
) {
  const db = warningDb(deps.db);
  const repo = warningRepo(db);
  const reader = createSeriesReader({
    statdb: deps.statdb,
    register: deps.registry,
    stl: () => deps.analysis().stl,
  });
  const evaluation = createEvaluation({ db, repo, reader, monitoring: deps.monitoring, logger: deps.logger });
  const definitions = createDefinitions({ db, repo, reader });
  const reads = createReads({ db, repo, reader, evaluation });
  // Every committed change of a series re-evaluates the systems and rules watching it, so a
  // statistician approving reports sees the lights and alerts follow at once.
  deps.statdb().onChanged((change) => {
    reader.forget(change);
    void evaluation.onSeriesChanged(change);
  });
  return {
    name: 'warning',
    migrations: warningMigrations,
    routes: warningRoutes({ reads, definitions, evaluation }),
    seedDemo: (ctx: SeedContext) => seedWarningDemo(ctx, { definitions, evaluation }),
    api: {
      /** Evaluates one system or rule (by id), or everything; resolves with what fired. */
      evaluate: (sourceId?: string) => evaluation.evaluate(sourceId ?? null, null),
      /** Resolves when the evaluations queued by change events so far have finished. */
      settled: () => evaluation.settled(),
      /** The board of a system for another module's dashboard (bureau staff only). */
      board: reads.board,
      systems: reads.systems,
    },
  } satisfies PlatformModule;
}
