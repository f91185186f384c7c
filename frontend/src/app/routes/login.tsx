import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { PageLoader } from '@/components/page-loader';
import { useUser } from '@/features/auth/api/get-user';
import { LoginForm } from '@/features/auth/components/login-form';

/** Where to go after signing in: the page that sent us here, else the dashboard. */
function redirectTarget(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = state.from;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login')) return from;
  }
  return '/dashboard';
}

export function LoginRoute() {
  useDocumentTitle('Sign in · Dovetail');
  const userQuery = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const target = redirectTarget(location.state);

  if (userQuery.isPending) return <PageLoader />;
  if (userQuery.data) return <Navigate to={target} replace />;

  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
        <Stack>
          <div>
            <Title order={1} size="h2">
              Dovetail
            </Title>
            <Text c="dimmed" size="sm">
              Sign in to manage your flows and runs.
            </Text>
          </div>
          <LoginForm
            onSuccess={() => {
              void navigate(target, { replace: true });
            }}
          />
        </Stack>
      </Paper>
    </Center>
  );
}
