import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';
import { useUser } from '@/features/auth/api/get-user';

/** Renders its children for a signed-in user; sends everyone else to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const userQuery = useUser();
  const location = useLocation();

  if (userQuery.isPending) return <PageLoader />;
  if (userQuery.isError) return <QueryErrorAlert error={userQuery.error} title="Could not reach Dovetail" />;
  if (userQuery.data === null) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  return children;
}
