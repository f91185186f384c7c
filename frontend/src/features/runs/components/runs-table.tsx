import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';

import { excerpt, formatDateTime, formatDuration } from '@/lib/format';

import type { Run } from '../types';
import { RunStatusBadge } from './run-status-badge';

export function RunsTable({ runs }: { runs: Run[] }) {
  const navigate = useNavigate();

  return (
    <Table highlightOnHover verticalSpacing="sm" data-testid="runs-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Status</Table.Th>
          <Table.Th>Run</Table.Th>
          <Table.Th>Flow</Table.Th>
          <Table.Th>Trigger</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th>Duration</Table.Th>
          <Table.Th>Attempts</Table.Th>
          <Table.Th>Error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.map((run) => (
          <Table.Tr
            key={run.id}
            data-testid="run-row"
            data-run-id={run.id}
            style={{ cursor: 'pointer' }}
            onClick={(event) => {
              // Links inside the row handle their own clicks.
              if ((event.target as HTMLElement).closest('a')) return;
              void navigate(`/runs/${run.id}`);
            }}
          >
            <Table.Td miw={112}>
              <Stack gap={2} align="flex-start">
                <RunStatusBadge status={run.status} style={{ overflow: 'visible' }} />
                {run.status === 'waiting' && run.wake_at && (
                  <Text size="xs" c="cyan.8" title="Next attempt">
                    next {formatDateTime(run.wake_at)}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/runs/${run.id}`} ff="monospace" size="sm">
                {run.id.slice(0, 8)}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <Text size="sm">{run.flow.name}</Text>
                <Text size="xs" c="dimmed">
                  v{run.flow_version}
                </Text>
                {run.is_test && (
                  <Badge size="xs" variant="outline" color="grape">
                    test
                  </Badge>
                )}
                {run.replay_of && (
                  <Badge size="xs" variant="outline" color="gray" title={`Replays ${run.replay_of}`}>
                    replay
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td maw={240}>
              <Text size="sm" truncate="end" title={run.trigger_summary} data-testid="run-trigger-summary">
                {run.trigger_summary || '—'}
              </Text>
            </Table.Td>
            <Table.Td miw={120}>
              <Text size="sm">{formatDateTime(run.started_at ?? run.created_at)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{formatDuration(run.duration_ms)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ta="center">
                {run.attempts}
              </Text>
            </Table.Td>
            <Table.Td maw={320}>
              {run.error && (
                <Text size="sm" c="red" truncate="end" title={run.error.message}>
                  {excerpt(run.error.message)}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
