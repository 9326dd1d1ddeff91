/**
 * Routes. Every page is lazy-loaded so the first screen (sign-in) stays small; each feature's
 * pages live in `features/<module>/`, mirroring `src/modules/`.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router-dom';
import { aggregationRoutes } from '../features/aggregation/routes.tsx';
import { analysisRoutes } from '../features/analysis/routes.tsx';
import { cmsRoutes } from '../features/cms/routes.tsx';
import { collectionRoutes } from '../features/collection/routes.tsx';
import { dashboardRoutes } from '../features/dashboard/routes.tsx';
import { monitoringRoutes } from '../features/monitoring/routes.tsx';
import { publicationRoutes } from '../features/publication/routes.tsx';
import { reviewRoutes } from '../features/review/routes.tsx';
import { statdbRoutes } from '../features/statdb/routes.tsx';
import { warningRoutes } from '../features/warning/routes.tsx';
import { Loading } from '../ui/loading.tsx';
import { useAuth } from './auth.tsx';
import { REGISTER_READERS, REGISTER_WRITERS, SURVEY_DESIGNERS, SURVEY_READERS } from './nav.ts';
import { NotFound, only, page } from './route-helpers.tsx';

// The shell loads with the first signed-in page, not with sign-in.
const AppLayout = lazy(() => import('./layout.tsx').then((m) => ({ default: m.AppLayout })));

/** Sends anyone not signed in to the sign-in page, remembering where they were going. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { account, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!account) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return children;
}

export const router = createBrowserRouter([
  {
    path: '/sign-in',
    element: (
      <Suspense fallback={<Loading />}>
        {page(() => import('../features/identity/sign-in-page.tsx'))}
      </Suspense>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Suspense fallback={<Loading />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    children: [
      { index: true, element: page(() => import('./home-page.tsx')) },
      { path: 'account', element: page(() => import('../features/identity/account-page.tsx')) },
      {
        path: 'admin/accounts',
        element: only(
          ['admin'],
          page(() => import('../features/identity/accounts-page.tsx')),
        ),
      },
      {
        path: 'register/units',
        element: only(
          REGISTER_READERS,
          page(() => import('../features/registry/units-page.tsx')),
        ),
      },
      {
        path: 'register/units/new',
        element: only(
          REGISTER_WRITERS,
          page(() => import('../features/registry/unit-edit-page.tsx')),
        ),
      },
      {
        path: 'register/units/:id',
        element: page(() => import('../features/registry/unit-detail-page.tsx')),
      },
      {
        path: 'register/units/:id/edit',
        element: only(
          REGISTER_WRITERS,
          page(() => import('../features/registry/unit-edit-page.tsx')),
        ),
      },
      {
        path: 'register/import',
        element: only(
          REGISTER_WRITERS,
          page(() => import('../features/registry/import-page.tsx')),
        ),
      },
      {
        path: 'surveys',
        element: only(
          SURVEY_READERS,
          page(() => import('../features/surveys/surveys-page.tsx')),
        ),
      },
      {
        path: 'surveys/import',
        element: only(
          SURVEY_DESIGNERS,
          page(() => import('../features/surveys/import-definition-page.tsx')),
        ),
      },
      {
        path: 'surveys/forms/:formId',
        element: only(
          SURVEY_READERS,
          page(() => import('../features/surveys/form-page.tsx')),
        ),
      },
      {
        path: 'surveys/versions/:versionId/preview',
        element: only(
          SURVEY_READERS,
          page(() => import('../features/surveys/form-preview-page.tsx')),
        ),
      },
      ...collectionRoutes,
      ...reviewRoutes,
      ...monitoringRoutes,
      ...analysisRoutes,
      ...aggregationRoutes,
      ...dashboardRoutes,
      ...statdbRoutes,
      ...warningRoutes,
      ...publicationRoutes,
      ...cmsRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
]);
