/** The enterprise's reporting pages (联网直报): task list, form entry, saved versions. */
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
  {
    path: 'reporting/:formId/:period',
    element: only(
      ['enterprise'],
      page(() => import('./entry/entry-page.tsx')),
    ),
  },
  {
    path: 'reporting/:formId/:period/versions',
    element: only(
      ['enterprise'],
      page(() => import('./versions-page.tsx')),
    ),
  },
];
