import { Navigate, createBrowserRouter } from 'react-router';

import { PageLoader } from '@/components/page-loader';

import { AppLayout } from './components/app-layout';
import { RequireAuth } from './components/require-auth';
import { RouteError } from './components/route-error';
import { DashboardRoute } from './routes/dashboard';
import { FlowsRoute } from './routes/flows';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { RunRoute } from './routes/run';
import { RunsRoute } from './routes/runs';
import { SandboxRoute } from './routes/sandbox';
import { TemplatesRoute } from './routes/templates';

const loadFlowEditor = async () => ({ Component: (await import('./routes/flow-editor')).FlowEditorRoute });

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute />, errorElement: <RouteError /> },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      // Each page has its own boundary so a crash keeps the header and navigation.
      { path: 'dashboard', element: <DashboardRoute />, errorElement: <RouteError /> },
      { path: 'flows', element: <FlowsRoute />, errorElement: <RouteError /> },
      // Loaded on demand, so the editor's code stays out of the other pages' first load. Both
      // paths render the same component: the first save of a new flow keeps the canvas (and undo).
      {
        path: 'flows/new',
        lazy: loadFlowEditor,
        hydrateFallbackElement: <PageLoader />,
        errorElement: <RouteError />,
      },
      {
        path: 'flows/:flowId/edit',
        lazy: loadFlowEditor,
        hydrateFallbackElement: <PageLoader />,
        errorElement: <RouteError />,
      },
      { path: 'runs', element: <RunsRoute />, errorElement: <RouteError /> },
      { path: 'runs/:runId', element: <RunRoute />, errorElement: <RouteError /> },
      { path: 'templates', element: <TemplatesRoute />, errorElement: <RouteError /> },
      { path: 'sandbox', element: <SandboxRoute />, errorElement: <RouteError /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);
