/** Pages of the warning feature. */
import type { RouteObject } from 'react-router-dom';

export const warningRoutes: RouteObject[] = [];
