/** Analysis tools for bureau staff: seasonal adjustment (季节调整) of a pasted series. */
import type { RouteObject } from 'react-router-dom';
import { ANALYSTS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

export const analysisRoutes: RouteObject[] = [
  {
    path: 'analysis/seasonal',
    element: only(
      ANALYSTS,
      page(() => import('./seasonal-page.tsx')),
    ),
  },
];
