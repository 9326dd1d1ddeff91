/** Reporting rates and reminders (报送率, 催报), and the signed-in person's notifications. */
import type { RouteObject } from 'react-router-dom';
import { STATISTICIANS } from '../../app/nav.ts';
import { only, page } from '../../app/route-helpers.tsx';

export const monitoringRoutes: RouteObject[] = [
  {
    path: 'monitoring',
    element: only(
      STATISTICIANS,
      page(() => import('./rates-page.tsx')),
    ),
  },
  {
    // Anyone signed in has notifications (enterprises get their unit's reminders).
    path: 'monitoring/notifications',
    element: page(() => import('./notifications-page.tsx')),
  },
];
