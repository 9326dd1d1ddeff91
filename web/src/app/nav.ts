/** Which pages each role sees in the menu. Routes check the same lists. */
import type { MessageKey } from '../i18n/i18n.tsx';
import type { Account, Role } from './auth.tsx';

export const STATISTICIANS: Role[] = ['township_statistician', 'county_statistician', 'city_statistician'];
export const REGISTER_READERS: Role[] = [...STATISTICIANS, 'designer', 'admin'];
export const REGISTER_WRITERS: Role[] = [...STATISTICIANS, 'admin'];
export const SURVEY_READERS: Role[] = [...STATISTICIANS, 'designer', 'admin', 'enterprise'];
export const SURVEY_DESIGNERS: Role[] = ['designer', 'admin'];
/** Bureau staff with the analysis tools (季节调整); enterprises have none. */
export const ANALYSTS: Role[] = [...STATISTICIANS, 'designer', 'admin'];
/** Who keeps the release calendar (发布日程) and the public datasets. */
export const RELEASE_MANAGERS: Role[] = ['city_statistician', 'publisher', 'admin'];
/** Who writes and publishes the website's content (内容管理) and answers public questions. */
export const CONTENT_STAFF: Role[] = ['editor', 'publisher', 'admin'];
/** Who defines indicators and imports series into the statistical database (综合数据库). */
export const STATDB_WRITERS: Role[] = ['city_statistician', 'designer', 'admin'];

export interface NavItem {
  path: string;
  label: MessageKey;
  roles?: Role[];
  icon:
    | 'home'
    | 'units'
    | 'import'
    | 'surveys'
    | 'definition'
    | 'account'
    | 'accounts'
    | 'myUnit'
    | 'tasks'
    | 'review'
    | 'rates'
    | 'notifications'
    | 'seasonal'
    | 'tables'
    | 'microdata'
    | 'statdb'
    | 'warning'
    | 'dashboard'
    | 'calendar'
    | 'datasets'
    | 'articles'
    | 'questions'
    | 'website';
}

/** The menu for an account, in order. */
export function navFor(account: Account): NavItem[] {
  const items: NavItem[] = [
    { path: '/', label: 'nav.home', icon: 'home' },
    { path: '/reporting', label: 'nav.collection', roles: ['enterprise'], icon: 'tasks' },
    { path: '/review', label: 'nav.review', roles: STATISTICIANS, icon: 'review' },
    { path: '/monitoring', label: 'nav.monitoring', roles: STATISTICIANS, icon: 'rates' },
    { path: '/dashboard', label: 'nav.dashboard', roles: ANALYSTS, icon: 'dashboard' },
    { path: '/aggregation/tables', label: 'nav.aggTables', roles: ANALYSTS, icon: 'tables' },
    { path: '/aggregation/microdata', label: 'nav.aggMicrodata', roles: ANALYSTS, icon: 'microdata' },
    { path: '/analysis/seasonal', label: 'nav.seasonal', roles: ANALYSTS, icon: 'seasonal' },
    { path: '/statdb', label: 'nav.statdb', roles: ANALYSTS, icon: 'statdb' },
    { path: '/statdb/import', label: 'nav.statdbImport', roles: STATDB_WRITERS, icon: 'import' },
    { path: '/warning', label: 'nav.warning', roles: ANALYSTS, icon: 'warning' },
    { path: '/warning/rules', label: 'nav.warningRules', roles: ANALYSTS, icon: 'warning' },
    {
      path: '/publication/calendar',
      label: 'nav.releaseCalendar',
      roles: RELEASE_MANAGERS,
      icon: 'calendar',
    },
    { path: '/publication/datasets', label: 'nav.publicDatasets', roles: RELEASE_MANAGERS, icon: 'datasets' },
    { path: '/cms/articles', label: 'nav.articles', roles: CONTENT_STAFF, icon: 'articles' },
    { path: '/cms/questions', label: 'nav.questions', roles: CONTENT_STAFF, icon: 'questions' },
    { path: '/register/units', label: 'nav.units', roles: REGISTER_READERS, icon: 'units' },
    { path: '/register/import', label: 'nav.import', roles: REGISTER_WRITERS, icon: 'import' },
    { path: '/surveys', label: 'nav.surveys', roles: SURVEY_READERS, icon: 'surveys' },
    { path: '/surveys/import', label: 'nav.importDefinition', roles: SURVEY_DESIGNERS, icon: 'definition' },
    { path: '/admin/accounts', label: 'nav.accounts', roles: ['admin'], icon: 'accounts' },
    { path: '/monitoring/notifications', label: 'nav.notifications', icon: 'notifications' },
    { path: '/account', label: 'nav.account', icon: 'account' },
  ];
  if (account.role === 'enterprise' && account.unitId) {
    items.splice(1, 0, { path: `/register/units/${account.unitId}`, label: 'nav.myUnit', icon: 'myUnit' });
  }
  return items.filter((i) => !i.roles || i.roles.includes(account.role));
}

/** The menu item a location belongs to (longest matching prefix). */
export function selectedNav(items: NavItem[], pathname: string): string | undefined {
  let best: NavItem | undefined;
  for (const i of items) {
    const hit = i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`);
    if (hit && (!best || i.path.length > best.path.length)) best = i;
  }
  return best?.path;
}
