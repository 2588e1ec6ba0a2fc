import { Spin } from 'antd';
import { type ComponentType, type LazyExoticComponent, Suspense, lazy, useEffect } from 'react';
import { Navigate, Outlet, createBrowserRouter, useNavigate } from 'react-router';
import { setUnauthorizedHandler } from '../api/client';
import { type Audience, ForAudience, homePath, useSignedInUser } from './access';
import { ConsoleLayout } from './console-layout';
import { RequireSession } from './require-session';
import { useSession } from './session';

// Each page is its own chunk: the overview's first load fetches the shell and the overview only.
const pages = {
  login: lazy(() => import('../pages/login-page')),
  overview: lazy(() => import('../pages/overview/overview-page')),
  items: lazy(() => import('../pages/items/item-list-page')),
  item: lazy(() => import('../pages/items/item-page')),
  breakpoints: lazy(() => import('../pages/breakpoints/breakpoints-page')),
  unitQueue: lazy(() => import('../pages/breakpoints/unit-queue-page')),
  rateReport: lazy(() => import('../pages/reports/breakpoint-rate-page')),
  reconciliation: lazy(() => import('../pages/reconciliation/reconciliation-page')),
  officeDeliveries: lazy(() => import('../pages/offices/office-deliveries-page')),
  units: lazy(() => import('../pages/units/units-page')),
  programs: lazy(() => import('../pages/programs/programs-page')),
  program: lazy(() => import('../pages/programs/program-page')),
  partners: lazy(() => import('../pages/partners/partners-page')),
  partner: lazy(() => import('../pages/partners/partner-page')),
  access: lazy(() => import('../pages/partners/access-page')),
  webhook: lazy(() => import('../pages/partners/webhook-page')),
  users: lazy(() => import('../pages/admin/users-page')),
  audit: lazy(() => import('../pages/admin/audit-page')),
  activations: lazy(() => import('../pages/activations/activations-page')),
  tokens: lazy(() => import('../pages/admin/tokens-page')),
  citizenRequest: lazy(() => import('../pages/citizen/request-page')),
  citizenTracking: lazy(() => import('../pages/citizen/tracking-page')),
  search: lazy(() => import('../pages/search/search-page')),
  courier: lazy(() => import('../pages/courier/courier-page')),
  workOrders: lazy(() => import('../pages/work-orders/work-order-queue-page')),
  workOrder: lazy(() => import('../pages/work-orders/work-order-page')),
  workOrderFigures: lazy(() => import('../pages/work-orders/work-order-figures-page')),
  statements: lazy(() => import('../pages/statements/statements-page')),
  statement: lazy(() => import('../pages/statements/statement-page')),
  donations: lazy(() => import('../pages/statements/donations-page')),
  weeklyReports: lazy(() => import('../pages/weekly-reports/weekly-reports-page')),
  weeklyReport: lazy(() => import('../pages/weekly-reports/weekly-report-page')),
  notFound: lazy(() => import('../pages/not-found-page')),
};

function Page({ of: Component }: { of: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense
      fallback={
        <div className="songda-center">
          <Spin />
        </div>
      }
    >
      <Component />
    </Suspense>
  );
}

/** A page for one audience only (see access.tsx). */
const only = (audience: Audience, page: LazyExoticComponent<ComponentType>) => (
  <ForAudience audience={audience}>
    <Page of={page} />
  </ForAudience>
);

/** The overview for the post's staff; a partner's user starts at its programs. */
function Home() {
  const user = useSignedInUser();
  const home = homePath(user);
  return home === '/' ? <Page of={pages.overview} /> : <Navigate to={home} replace />;
}

/** Lets the API client send a 401 to the sign-in page without reloading the app. */
function Root() {
  const navigate = useNavigate();
  const { ended } = useSession();
  useEffect(() => {
    setUnauthorizedHandler((next) => {
      // Signed out first: the sign-in page would send a user it still believes signed in straight back.
      ended();
      if (!window.location.pathname.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    });
  }, [navigate, ended]);
  return <Outlet />;
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: '/login', element: <Page of={pages.login} /> },
      // Citizen pages: no sign-in, no console chrome.
      { path: '/r/:token', element: <Page of={pages.citizenRequest} /> },
      { path: '/t', element: <Page of={pages.citizenTracking} /> },
      { path: '/t/:trackingNo', element: <Page of={pages.citizenTracking} /> },
      // The courier's phone page: signed in, without the console's chrome.
      {
        path: '/m',
        element: (
          <RequireSession>
            <Page of={pages.courier} />
          </RequireSession>
        ),
      },
      {
        path: '/',
        element: (
          <RequireSession>
            <ConsoleLayout />
          </RequireSession>
        ),
        children: [
          { index: true, element: <Home /> },
          { path: 'items', element: <Page of={pages.items} /> },
          { path: 'items/:trackingNo', element: <Page of={pages.item} /> },
          { path: 'search', element: <Page of={pages.search} /> },
          { path: 'breakpoints', element: <Page of={pages.breakpoints} /> },
          { path: 'units/:code/breakpoints', element: only('staff', pages.unitQueue) },
          { path: 'reports/breakpoint-rate', element: only('staff', pages.rateReport) },
          { path: 'reconciliation', element: only('staff', pages.reconciliation) },
          { path: 'work-orders', element: only('staff', pages.workOrders) },
          { path: 'work-orders/:number', element: only('staff', pages.workOrder) },
          { path: 'reports/work-orders', element: only('staff', pages.workOrderFigures) },
          // A partner reads its own statements (the server answers only those); donations are the post's.
          { path: 'statements', element: <Page of={pages.statements} /> },
          { path: 'statements/:id', element: <Page of={pages.statement} /> },
          { path: 'reports/donations', element: only('staff', pages.donations) },
          // A partner reads its programs' reports (the server answers only those); only staff make them.
          { path: 'weekly-reports', element: <Page of={pages.weeklyReports} /> },
          { path: 'weekly-reports/view', element: <Page of={pages.weeklyReport} /> },
          { path: 'weekly-reports/:id', element: <Page of={pages.weeklyReport} /> },
          { path: 'office-deliveries', element: only('staff', pages.officeDeliveries) },
          { path: 'units', element: only('staff', pages.units) },
          { path: 'programs', element: <Page of={pages.programs} /> },
          { path: 'programs/:code', element: <Page of={pages.program} /> },
          { path: 'partners', element: only('admin', pages.partners) },
          { path: 'partners/:code', element: only('admin', pages.partner) },
          { path: 'partners/:code/webhooks/:id', element: only('admin', pages.webhook) },
          { path: 'users', element: only('admin', pages.users) },
          { path: 'audit', element: only('admin', pages.audit) },
          { path: 'activations', element: <Page of={pages.activations} /> },
          { path: 'tokens', element: only('admin', pages.tokens) },
          { path: 'access', element: only('partner', pages.access) },
          { path: 'access/webhooks/:id', element: only('partner', pages.webhook) },
          { path: '*', element: <Page of={pages.notFound} /> },
        ],
      },
    ],
  },
]);
