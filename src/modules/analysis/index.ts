/**
 * Analysis (统计分析): seasonal adjustment by STL, offered as a service to analysts, and the
 * unit-level anomaly tests (Hidiroglou–Berthelot, modified z-score) the review lists build on.
 * Pure computation: no tables of its own, no other module's data.
 */
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { describeAnomaly, hidiroglouBerthelot, modifiedZScores } from './domain/anomaly.ts';
import { stl } from './domain/stl.ts';
import { analysisRoutes } from './routes.ts';
import { createAnalysisService } from './service.ts';

export type {
  HbOptions,
  HbResult,
  HbSummary,
  UnitPair,
  UnitValue,
  ZScoreResult,
  ZScoreSummary,
} from './domain/anomaly.ts';
export { describeAnomaly, hidiroglouBerthelot, modifiedZScores } from './domain/anomaly.ts';
export type { StlOptions, StlParameters, StlResult } from './domain/stl.ts';
export { StlWorkspace, stl } from './domain/stl.ts';

export function createAnalysisModule(_deps: ModuleDeps) {
  const service = createAnalysisService();
  return {
    name: 'analysis',
    routes: analysisRoutes(service),
    api: {
      service,
      /** Seasonal adjustment of a series already in memory (no HTTP limits applied). */
      stl,
      /**
       * Anomaly tests for review lists: HB on a form item's current and previous values per unit,
       * the modified z-score on any values (often the same ratios); `describe` gives the reason.
       */
      anomalies: { hidiroglouBerthelot, modifiedZScores, describe: describeAnomaly },
    },
  } satisfies PlatformModule;
}
