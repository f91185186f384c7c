import { Paper, Text, useMantineTheme } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { CHART_SERIES, chartRows } from '../lib/stats';
import type { RunStats } from '../types';

/** Runs per bucket of the window, stacked by how they ended. */
export function RunsChart({ stats }: { stats: RunStats }) {
  const theme = useMantineTheme();
  const rows = chartRows(stats);
  return (
    <Paper withBorder p="md" radius="md" data-testid="runs-chart">
      <Text fw={600} mb="sm">
        Runs over time
      </Text>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={theme.colors.gray[2]} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip cursor={{ fill: theme.colors.gray[1] }} />
          {/* In stack order (bottom first) rather than Recharts' alphabetical default. */}
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {CHART_SERIES.map((series) => (
            <Bar
              key={series.key}
              dataKey={series.key}
              name={series.label}
              stackId="runs"
              fill={theme.colors[series.color][6]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Paper>
  );
}
