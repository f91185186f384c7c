import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

import { DashboardView } from '@/features/dashboard/components/dashboard-view';

export function DashboardRoute() {
  useDocumentTitle('Dashboard · Dovetail');
  return (
    <Stack>
      <div>
        <Title order={1}>Dashboard</Title>
        <Text c="dimmed" size="sm">
          Did every order go through? Runs by outcome, slow and failing flows, and why they failed; live.
        </Text>
      </div>
      <DashboardView />
    </Stack>
  );
}
