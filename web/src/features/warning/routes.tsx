/** Early warning (预警): the signal-light board, and alert rules with subscriptions. */
import type { RouteObject } from 'react-router-dom';
import { ANALYSTS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

// Bureau staff (every role but enterprise reporters), as the API allows.
export const warningRoutes: RouteObject[] = [
  {
    path: 'warning',
    element: only(
      ANALYSTS,
      page(() => import('./board-page.tsx')),
    ),
  },
  {
    path: 'warning/rules',
    element: only(
      ANALYSTS,
      page(() => import('./rules-page.tsx')),
    ),
  },
];
