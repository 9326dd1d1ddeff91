/** Content management (内容管理) and public questions (互动交流). (Pages being built.) */
import type { RouteObject } from 'react-router-dom';

export const cmsRoutes: RouteObject[] = [];
