/** Pages of the aggregation feature. */
import type { RouteObject } from 'react-router-dom';

export const aggregationRoutes: RouteObject[] = [];
