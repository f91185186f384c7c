import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useNavigate } from 'react-router';

import { FlowImport } from '@/features/editor/components/flow-import';
import { FlowsList } from '@/features/flows/components/flows-list';

export function FlowsRoute() {
  useDocumentTitle('Flows · Dovetail');
  const navigate = useNavigate();
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>Flows</Title>
          <Text c="dimmed" size="sm">
            Each flow starts from its trigger; click a flow's name to see its runs, or Edit to change it.
          </Text>
        </div>
        <Group gap="xs">
          <FlowImport
            onImported={(flow) => {
              void navigate(`/flows/${flow.id}/edit`);
            }}
          />
          <Button component={Link} to="/flows/new" size="xs">
            New flow
          </Button>
        </Group>
      </Group>
      <FlowsList />
    </Stack>
  );
}
