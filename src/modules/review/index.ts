/**
 * Review (审核): multi-level review of handed-in submissions (township → county → city by
 * default, configurable per form), cell-level queries, verdicts on explanations and the
 * violations list. Changes collection's submission status only through collection's
 * transitions; reads the register and the survey system through their APIs.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import type { ReviewCollection, ReviewRegister, ReviewSurveys } from './access.ts';
import { type DemoHistory, seedReviewHistory } from './demo-history.ts';
import type { AnomalyTests } from './domain/anomalies.ts';
import { reviewMigrations } from './migrations/index.ts';
import { reviewRoutes } from './routes.ts';
import { createReviewService } from './service.ts';

export type { ReviewCollection, ReviewRegister, ReviewSurveys } from './access.ts';

export function createReviewModule(
  deps: ModuleDeps & {
    collection: () => ReviewCollection;
    registry: () => ReviewRegister;
    surveys: () => ReviewSurveys;
    /** The analysis module's anomaly tests (created after review: a lazy getter). */
    analysis: () => { anomalies: AnomalyTests };
    /** Aggregation's live maintenance (created after review: a lazy getter). */
    aggregation: () => import('./decisions.ts').ReviewAggregation;
    /** Collection's demo history, for review's part of it (demo seed only). */
    demo?: () => DemoHistory;
  },
) {
  const service = createReviewService({
    db: deps.db,
    collection: deps.collection,
    registry: deps.registry,
    surveys: deps.surveys,
    analysis: deps.analysis,
    aggregation: deps.aggregation,
  });
  return {
    name: 'review',
    migrations: reviewMigrations,
    routes: reviewRoutes(service),
    /** Decisions, verdicts and failures seen for collection's demo history (demo-history.ts). */
    seedDemo: async () => {
      const demo = deps.demo?.();
      const periods = demo?.periods();
      if (demo && periods) await seedReviewHistory(deps, periods, demo.reviewer);
    },
    api: { service },
  } satisfies PlatformModule;
}
