/** The dashboard (数据看板): one page for bureau staff. */
import type { RouteObject } from 'react-router-dom';
import { ANALYSTS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

// Statisticians, designers and admins, as the aggregation, warning and statdb APIs allow.
export const dashboardRoutes: RouteObject[] = [
  {
    path: 'dashboard',
    element: only(
      ANALYSTS,
      page(() => import('./dashboard-page.tsx')),
    ),
  },
];
