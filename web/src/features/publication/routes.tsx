/** Publication (发布): the release calendar and the public datasets, for release managers. */
import type { RouteObject } from 'react-router-dom';
import { RELEASE_MANAGERS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

export const publicationRoutes: RouteObject[] = [
  {
    path: 'publication/calendar',
    element: only(
      RELEASE_MANAGERS,
      page(() => import('./calendar-page.tsx')),
    ),
  },
  {
    path: 'publication/datasets',
    element: only(
      RELEASE_MANAGERS,
      page(() => import('./datasets-page.tsx')),
    ),
  },
];
