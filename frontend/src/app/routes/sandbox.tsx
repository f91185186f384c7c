import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

import { SandboxView } from '@/features/sandbox/components/sandbox-view';

export function SandboxRoute() {
  useDocumentTitle('Sandbox · Dovetail');
  return (
    <Stack>
      <div>
        <Title order={1}>Sandbox inbox</Title>
        <Text c="dimmed" size="sm">
          What your flows' HTTP blocks sent to /sandbox/inbox/…, secrets hidden: try a flow before its real endpoint
          exists.
        </Text>
      </div>
      <SandboxView />
    </Stack>
  );
}
