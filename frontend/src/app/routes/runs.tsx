import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

import { RunsList } from '@/features/runs/components/runs-list';

export function RunsRoute() {
  useDocumentTitle('Runs · Dovetail');
  return (
    <Stack>
      <div>
        <Title order={1}>Runs</Title>
        <Text c="dimmed" size="sm">
          Newest first; refreshes every 5 seconds.
        </Text>
      </div>
      <RunsList />
    </Stack>
  );
}
