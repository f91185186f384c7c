import { Anchor, Paper, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';

import { statusColor } from '@/lib/run-status';

import { CARD_STATUSES, formatRate, successRate, totalRuns } from '../lib/stats';
import type { StatusCounts } from '../types';

function Card({ label, value, color, to }: { label: string; value: string; color?: string; to?: string }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {label}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} underline="hover" c={color} fz={28} fw={700} data-testid="stat-value">
          {value}
        </Anchor>
      ) : (
        <Text c={color} fz={28} fw={700} data-testid="stat-value">
          {value}
        </Text>
      )}
    </Paper>
  );
}

/** How many runs of the window ended in each status, with the overall success rate. */
export function StatusCards({ totals }: { totals: StatusCounts }) {
  return (
    <SimpleGrid cols={{ base: 3, sm: 5, lg: 9 }} spacing="sm">
      <Card label="Runs" value={String(totalRuns(totals))} to="/runs" />
      <Card label="Success rate" value={formatRate(successRate(totals))} />
      {CARD_STATUSES.map((status) => (
        <Card
          key={status}
          label={status}
          value={String(totals[status])}
          color={totals[status] > 0 ? `${statusColor(status)}.7` : 'dimmed'}
          to={`/runs?status=${status}`}
        />
      ))}
    </SimpleGrid>
  );
}
