/** What statdb needs of the analysis module: R-compatible STL (analysis `api.stl`). */
import type { StlOptions, StlResult } from '../analysis/index.ts';

export type AnalysisStl = (values: ArrayLike<number>, frequency: number, options: StlOptions) => StlResult;
