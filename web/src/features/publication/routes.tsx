/** Publication (发布): the release calendar and the public datasets. (Pages being built.) */
import type { RouteObject } from 'react-router-dom';

export const publicationRoutes: RouteObject[] = [];
