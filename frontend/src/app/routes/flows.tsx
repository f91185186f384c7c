import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

import { FlowsList } from '@/features/flows/components/flows-list';

export function FlowsRoute() {
  useDocumentTitle('Flows · Dovetail');
  return (
    <Stack>
      <div>
        <Title order={1}>Flows</Title>
        <Text c="dimmed" size="sm">
          Each flow starts from its trigger; click a flow's name to see its runs.
        </Text>
      </div>
      <FlowsList />
    </Stack>
  );
}
