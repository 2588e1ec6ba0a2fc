import {
  AccountBookOutlined,
  ApiOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CreditCardOutlined,
  BarChartOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  HeartOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProjectOutlined,
  SearchOutlined,
  TeamOutlined,
  CustomerServiceOutlined,
  LineChartOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { App, Button, Drawer, Grid, Input, Layout, Menu, Segmented, Space, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { type MessageKey, useI18n } from '../i18n/i18n';
import { OwnPasswordButton } from '../components/own-password';
import { searchTarget } from '../lib/search-target';
import { type Audience, homePath, mayView } from './access';
import { useSession } from './session';

const MENU: { key: string; icon: ReactNode; label: MessageKey; audience: Audience }[] = [
  { key: '/', icon: <DashboardOutlined />, label: 'nav.overview', audience: 'staff' },
  { key: '/items', icon: <SearchOutlined />, label: 'nav.items', audience: 'all' },
  { key: '/breakpoints', icon: <WarningOutlined />, label: 'nav.breakpoints', audience: 'all' },
  { key: '/reports/breakpoint-rate', icon: <BarChartOutlined />, label: 'nav.rateReport', audience: 'staff' },
  { key: '/work-orders', icon: <CustomerServiceOutlined />, label: 'nav.workOrders', audience: 'staff' },
  { key: '/reports/work-orders', icon: <LineChartOutlined />, label: 'nav.workOrderFigures', audience: 'staff' },
  { key: '/reconciliation', icon: <AuditOutlined />, label: 'nav.reconciliation', audience: 'staff' },
  { key: '/office-deliveries', icon: <InboxOutlined />, label: 'nav.officeDeliveries', audience: 'staff' },
  { key: '/units', icon: <ApartmentOutlined />, label: 'nav.units', audience: 'staff' },
  { key: '/programs', icon: <ProjectOutlined />, label: 'nav.programs', audience: 'all' },
  { key: '/statements', icon: <AccountBookOutlined />, label: 'nav.statements', audience: 'all' },
  { key: '/weekly-reports', icon: <FileTextOutlined />, label: 'nav.weeklyReports', audience: 'all' },
  { key: '/reports/donations', icon: <HeartOutlined />, label: 'nav.donations', audience: 'staff' },
  // Offered to the post's staff; a bank's user opens /activations directly (the session does not carry the partner's kind, and an agency has no tasks).
  { key: '/activations', icon: <CreditCardOutlined />, label: 'nav.activations', audience: 'staff' },
  { key: '/partners', icon: <TeamOutlined />, label: 'nav.partners', audience: 'admin' },
  { key: '/users', icon: <UserOutlined />, label: 'nav.users', audience: 'admin' },
  { key: '/audit', icon: <FileSearchOutlined />, label: 'nav.audit', audience: 'admin' },
  { key: '/tokens', icon: <KeyOutlined />, label: 'nav.tokens', audience: 'admin' },
  { key: '/access', icon: <ApiOutlined />, label: 'nav.access', audience: 'partner' },
];

/** The menu entry a path belongs to: the longest prefix (a unit's queue is under break-points). */
function selectedKey(pathname: string): string {
  if (/^\/units\/[^/]+\/breakpoints/.test(pathname)) return '/breakpoints';
  const match = MENU.filter((m) => m.key !== '/' && (pathname === m.key || pathname.startsWith(`${m.key}/`))).sort((a, b) => b.key.length - a.key.length)[0];
  return match?.key ?? '/';
}

export function ConsoleLayout() {
  const { t, label, locale, setLocale } = useI18n();
  const { state, signOut } = useSession();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const user = state.status === 'signed-in' ? state.user : undefined;
  // Below the md breakpoint (a phone) the side menu becomes a drawer opened from the header.
  const phone = Grid.useBreakpoint().md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const brand = (
    <Link to={homePath(user)} className="songda-brand" aria-label={t('app.name')} onClick={() => setDrawerOpen(false)}>
      <span className="songda-brand-mark" aria-hidden>
        送
      </span>
      {(phone || !collapsed) && <span className="songda-brand-name">{t('app.name')}</span>}
    </Link>
  );
  const menu = (
    <nav aria-label={t('nav.label')}>
      <Menu
        theme="dark"
        mode="inline"
        selectedKeys={[selectedKey(location.pathname)]}
        onClick={() => setDrawerOpen(false)}
        items={MENU.filter((m) => mayView(user, m.audience)).map((m) => ({ key: m.key, icon: m.icon, label: <Link to={m.key}>{t(m.label)}</Link> }))}
      />
    </nav>
  );

  const onSignOut = async () => {
    try {
      await signOut();
      navigate('/login');
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Layout className="songda-console">
      <a className="songda-skip-link" href="#main">
        {t('nav.skip')}
      </a>
      {phone ? (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={220}
          closable={false}
          className="songda-drawer"
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={188} breakpoint="lg" theme="dark" className="songda-sider">
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="songda-header">
          {phone && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} aria-expanded={drawerOpen} onClick={() => setDrawerOpen(true)} />}
          <Input.Search
            className="songda-header-search"
            aria-label={t('search.header')}
            placeholder={t('search.placeholder')}
            allowClear
            enterButton
            onSearch={(value) => {
              const target = searchTarget(value);
              if (target) navigate(target);
              else if (value.trim() !== '') void message.warning(t('search.tooShort'));
            }}
          />
          <Space size="middle" className="songda-header-right">
            <Segmented
              size="small"
              aria-label={t('header.language')}
              value={locale}
              onChange={(v) => setLocale(v === 'en' ? 'en' : 'zh')}
              options={[
                { value: 'zh', label: '中文' },
                { value: 'en', label: 'EN' },
              ]}
            />
            {user && !phone && (
              <Typography.Text className="songda-user" title={`${user.username} · ${user.role}`}>
                {user.displayName || user.username}
                <Typography.Text type="secondary">
                  {' · '}
                  {label('role', user.role)}
                  {user.partner && ` ${user.partner}`}
                </Typography.Text>
              </Typography.Text>
            )}
            {user && <OwnPasswordButton compact={phone} />}
            <Button size="small" icon={<LogoutOutlined />} aria-label={t('header.signOut')} title={t('header.signOut')} onClick={() => void onSignOut()}>
              {!phone && t('header.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content id="main" className="songda-content" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
