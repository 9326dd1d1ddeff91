/** The enterprise's reporting pages (联网直报): task list and form entry. */
import type { RouteObject } from 'react-router-dom';
import { only, page } from '../../app/route-helpers.tsx';

export const collectionRoutes: RouteObject[] = [
  {
    path: 'reporting',
    element: only(
      ['enterprise'],
      page(() => import('./tasks-page.tsx')),
    ),
  },
];
