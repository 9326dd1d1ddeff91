/** The statisticians' review pages (审核): inbox, one submission, violations, anomalies, review levels. */
import type { RouteObject } from 'react-router-dom';
import { STATISTICIANS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

export const reviewRoutes: RouteObject[] = [
  {
    path: 'review',
    element: only(
      STATISTICIANS,
      page(() => import('./inbox-page.tsx')),
    ),
  },
  {
    path: 'review/violations',
    element: only(
      [...STATISTICIANS, 'admin'],
      page(() => import('./violations-page.tsx')),
    ),
  },
  {
    path: 'review/anomalies',
    element: only(
      [...STATISTICIANS, 'admin'],
      page(() => import('./anomalies-page.tsx')),
    ),
  },
  {
    // Designers and administrators reach it by address (they have no review menu).
    path: 'review/levels/:formId',
    element: only(
      [...STATISTICIANS, 'designer', 'admin'],
      page(() => import('./levels-page.tsx')),
    ),
  },
  {
    path: 'review/:unitId/:formId/:period',
    element: only(
      [...STATISTICIANS, 'admin'],
      page(() => import('./review-page.tsx')),
    ),
  },
];
