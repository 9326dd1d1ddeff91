/** The statisticians' review pages (审核): inbox, one submission, violations. */
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
];
