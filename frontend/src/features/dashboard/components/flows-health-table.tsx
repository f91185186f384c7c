import { Anchor, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { formatDuration } from '@/lib/format';

import { failedRunsPath, formatRate } from '../lib/stats';
import type { FlowHealth } from '../types';

function rateColor(rate: number | null): string | undefined {
  if (rate === null) return undefined;
  if (rate < 0.9) return 'red.7';
  if (rate < 0.99) return 'orange.7';
  return 'green.7';
}

/** Each flow's runs in the window, how many succeeded, and how long the typical and slow ones took. */
export function FlowsHealthTable({ flows }: { flows: FlowHealth[] }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text fw={600} mb="sm">
        Flows
      </Text>
      {flows.length === 0 ? (
        <Text c="dimmed" size="sm">
          No runs in this window.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={6} data-testid="flows-health">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Flow</Table.Th>
                <Table.Th ta="right">Runs</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
                <Table.Th ta="right">Success rate</Table.Th>
                <Table.Th ta="right">p50</Table.Th>
                <Table.Th ta="right">p95</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {flows.map((flow) => (
                <Table.Tr key={flow.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/runs?flow=${encodeURIComponent(flow.id)}`} size="sm">
                      {flow.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{flow.runs}</Table.Td>
                  <Table.Td ta="right">
                    {flow.failed > 0 ? (
                      <Anchor component={Link} to={failedRunsPath(flow.id)} c="red.7" size="sm">
                        {flow.failed}
                      </Anchor>
                    ) : (
                      0
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c={rateColor(flow.success_rate)} fw={500}>
                      {formatRate(flow.success_rate)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatDuration(flow.p50_ms)}</Table.Td>
                  <Table.Td ta="right">{formatDuration(flow.p95_ms)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
