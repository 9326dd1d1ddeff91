/**
 * Helpers for declaring routes: lazy pages and role-guarded pages. Each feature's routes
 * (`features/<module>/routes.tsx`) use them; `router.tsx` puts the lists together.
 */
import { type ComponentType, lazy, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { type Role, useAuth } from './auth.tsx';

/** Loaded with the first signed-in page, not with sign-in. */
export const NotFound = lazy(() => import('../ui/not-found.tsx').then((m) => ({ default: m.NotFound })));

/** A lazily loaded page: each page is its own chunk. */
export const page = (load: () => Promise<{ default: ComponentType }>) => {
  const C = lazy(load);
  return <C />;
};

/** A page only some roles may open. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  const { t } = useI18n();
  return hasRole(...roles) ? children : <NotFound title={t('app.forbidden')} />;
}

export const only = (roles: Role[], el: ReactNode) => <RequireRole roles={roles}>{el}</RequireRole>;
