/** Pages of the statdb feature. */
import type { RouteObject } from 'react-router-dom';

export const statdbRoutes: RouteObject[] = [];
