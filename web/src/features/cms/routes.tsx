/** Content management (内容管理) and public questions (互动交流): content staff only. */
import type { RouteObject } from 'react-router-dom';
import { CONTENT_STAFF } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

export const cmsRoutes: RouteObject[] = [
  {
    path: 'cms/articles',
    element: only(
      CONTENT_STAFF,
      page(() => import('./articles-page.tsx')),
    ),
  },
  {
    path: 'cms/articles/:id',
    element: only(
      CONTENT_STAFF,
      page(() => import('./article-page.tsx')),
    ),
  },
  {
    path: 'cms/questions',
    element: only(
      CONTENT_STAFF,
      page(() => import('./questions-page.tsx')),
    ),
  },
];
