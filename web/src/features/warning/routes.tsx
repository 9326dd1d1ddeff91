/**
 * Early warning (预警): the signal-light board, alert rules with subscriptions, and the form that
 * creates and edits signal systems.
 */
import type { RouteObject } from 'react-router-dom';
import { ANALYSTS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';
import { MANAGERS } from './api.ts';

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
  // Signal systems are kept by those the API lets keep them.
  {
    path: 'warning/systems/new',
    element: only(
      [...MANAGERS],
      page(() => import('./system-page.tsx')),
    ),
  },
  {
    path: 'warning/systems/:id/edit',
    element: only(
      [...MANAGERS],
      page(() => import('./system-page.tsx')),
    ),
  },
];
