import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

import { failedRunsPath } from '../lib/stats';
import type { RunStats } from '../types';

/** The flows that failed most in the window, each a link to its failed runs. */
export function TopFailing({ flows }: { flows: RunStats['top_failing'] }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid="top-failing">
      <Text fw={600} mb="sm">
        Flows with the most failures
      </Text>
      {flows.length === 0 ? (
        <Text c="dimmed" size="sm">
          No failures in this window.
        </Text>
      ) : (
        <Stack gap={6}>
          {flows.map((flow) => (
            <Group key={flow.id} justify="space-between" wrap="nowrap">
              <Anchor component={Link} to={failedRunsPath(flow.id)} size="sm" truncate="end">
                {flow.name}
              </Anchor>
              <Badge color="red" variant="light">
                {flow.failed} failed
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
