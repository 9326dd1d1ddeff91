/** Pages of the aggregation feature: summary tables (汇总表) and the microdata database. */
import type { RouteObject } from 'react-router-dom';
import { ANALYSTS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

// Bureau staff (statisticians, designers, admins), as the API allows; enterprises have none.
export const aggregationRoutes: RouteObject[] = [
  {
    path: 'aggregation/tables',
    element: only(
      ANALYSTS,
      page(() => import('./tables-page.tsx')),
    ),
  },
  {
    path: 'aggregation/microdata',
    element: only(
      ANALYSTS,
      page(() => import('./microdata-page.tsx')),
    ),
  },
];
