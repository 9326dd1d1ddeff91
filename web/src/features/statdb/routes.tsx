/** The statistical database (综合数据库): browse series, import historical ones. */
import type { RouteObject } from 'react-router-dom';
import { ANALYSTS, STATDB_WRITERS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

export const statdbRoutes: RouteObject[] = [
  {
    path: 'statdb',
    element: only(
      ANALYSTS,
      page(() => import('./browse-page.tsx')),
    ),
  },
  {
    path: 'statdb/import',
    element: only(
      STATDB_WRITERS,
      page(() => import('./import-page.tsx')),
    ),
  },
];
