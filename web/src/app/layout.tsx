/**
 * The app shell (loaded after sign-in, not with it): skip link, a menu by role that collapses to a drawer-like sider on phones,
 * the language switch and the signed-in person. `<main id="main">` is the skip target.
 */
import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  CommentOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileAddOutlined,
  FileTextOutlined,
  FundOutlined,
  GlobalOutlined,
  HomeOutlined,
  IdcardOutlined,
  LineChartOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  ScheduleOutlined,
  ShopOutlined,
  TableOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, Flex, Grid, Layout, Menu, Typography } from 'antd';
import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n.tsx';
import { Loading } from '../ui/loading.tsx';
import { useAuth } from './auth.tsx';
import { LanguageSwitch, SkipLink } from './chrome.tsx';
import { type NavItem, navFor, selectedNav } from './nav.ts';

const ICONS: Record<NavItem['icon'], ReactNode> = {
  home: <HomeOutlined />,
  units: <ShopOutlined />,
  myUnit: <IdcardOutlined />,
  import: <CloudUploadOutlined />,
  surveys: <AppstoreOutlined />,
  definition: <FileAddOutlined />,
  account: <UserOutlined />,
  accounts: <TeamOutlined />,
  tasks: <ScheduleOutlined />,
  review: <AuditOutlined />,
  rates: <BarChartOutlined />,
  notifications: <BellOutlined />,
  seasonal: <LineChartOutlined />,
  tables: <TableOutlined />,
  microdata: <DatabaseOutlined />,
  statdb: <FundOutlined />,
  warning: <AlertOutlined />,
  dashboard: <DashboardOutlined />,
  calendar: <CalendarOutlined />,
  datasets: <TableOutlined />,
  articles: <FileTextOutlined />,
  questions: <CommentOutlined />,
  website: <GlobalOutlined />,
};

export function AppLayout() {
  const { account, signOut } = useAuth();
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  // Before the first measurement `screens.md` is undefined; ask the media query directly then.
  const phone = screens.md === undefined ? window.matchMedia('(max-width: 767.98px)').matches : !screens.md;
  const [collapsed, setCollapsed] = useState(phone);
  const location = useLocation();
  const navigate = useNavigate();

  // On a phone the menu closes after each navigation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on navigation on purpose
  useEffect(() => {
    if (phone) setCollapsed(true);
  }, [phone, location.pathname]);

  if (!account) return null;
  const items = navFor(account);

  return (
    // Ant Design's App (message, modal, notification for the pages) lives here, not in main.tsx:
    // it brings Modal with it, which the sign-in page does not need.
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <SkipLink />
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          trigger={null}
          collapsedWidth={phone ? 0 : 64}
          width={220}
          style={phone ? { position: 'fixed', height: '100vh', zIndex: 20, left: 0, top: 0 } : undefined}
        >
          <nav aria-label={t('app.menu')}>
            <Link to="/" className="brand">
              {collapsed ? t('app.short') : t('app.name')}
            </Link>
            <Menu
              theme="dark"
              mode="inline"
              selectedKeys={[selectedNav(items, location.pathname) ?? '']}
              items={items.map((i) => ({
                key: i.path,
                icon: ICONS[i.icon],
                label: <Link to={i.path}>{t(i.label)}</Link>,
              }))}
            />
          </nav>
        </Layout.Sider>
        {phone && !collapsed ? (
          <div className="sider-backdrop" aria-hidden="true" onClick={() => setCollapsed(true)} />
        ) : null}
        <Layout>
          <Layout.Header>
            <Flex justify="space-between" align="center" style={{ height: '100%' }} gap="small">
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                aria-label={collapsed ? t('app.menu.open') : t('app.menu.close')}
                aria-expanded={!collapsed}
                onClick={() => setCollapsed((c) => !c)}
              />
              <Flex align="center" gap="small" wrap={false}>
                <LanguageSwitch />
                {phone ? null : (
                  <Typography.Text>
                    <ApartmentOutlined aria-hidden /> {account.displayName}
                  </Typography.Text>
                )}
                <Button
                  size="small"
                  onClick={async () => {
                    await signOut();
                    navigate('/sign-in');
                  }}
                >
                  {t('app.signOut')}
                </Button>
              </Flex>
            </Flex>
          </Layout.Header>
          {/* Ant Design's Content is the <main> landmark; it is also the skip link's target. */}
          <Layout.Content id="main" tabIndex={-1} style={{ padding: phone ? 12 : 24 }}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}
