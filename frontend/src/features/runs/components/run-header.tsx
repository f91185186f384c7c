import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { formatDateTime, formatDuration } from '@/lib/format';

import type { RunDetail } from '../types';
import { ErrorSummary } from './error-summary';
import { RunActions } from './run-actions';
import { RunStatusBadge } from './run-status-badge';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

export function RunHeader({ run }: { run: RunDetail }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Stack>
        <Group justify="space-between" align="center">
          <Group gap="sm">
            <Title order={2}>Run</Title>
            <RunStatusBadge status={run.status} size="lg" data-testid="run-status" />
            {run.is_test && (
              <Badge variant="outline" color="grape">
                test
              </Badge>
            )}
            <Text size="sm" ff="monospace" c="dimmed" data-testid="run-id">
              {run.id}
            </Text>
          </Group>
          <RunActions run={run} />
        </Group>
        {run.status === 'waiting' && run.wake_at && (
          <Text size="sm" c="cyan.8" data-testid="run-wake-at">
            Waiting: next attempt at {formatDateTime(run.wake_at)}
          </Text>
        )}
        <SimpleGrid cols={{ base: 2, sm: 4, md: 7 }}>
          <Field label="Flow">
            <Anchor component={Link} to={`/runs?flow=${encodeURIComponent(run.flow.id)}`}>
              {run.flow.name}
            </Anchor>
          </Field>
          <Field label="Version">v{run.flow_version}</Field>
          {run.trigger_summary && <Field label="Trigger">{run.trigger_summary}</Field>}
          <Field label="Created">{formatDateTime(run.created_at)}</Field>
          <Field label="Started">{formatDateTime(run.started_at)}</Field>
          <Field label="Finished">{formatDateTime(run.finished_at)}</Field>
          <Field label="Duration">{formatDuration(run.duration_ms)}</Field>
        </SimpleGrid>
        {run.replay_of && (
          <Text size="sm">
            Replays{' '}
            <Anchor component={Link} to={`/runs/${run.replay_of}`} ff="monospace" data-testid="replay-of">
              {run.replay_of.slice(0, 8)}
            </Anchor>
          </Text>
        )}
        <ErrorSummary error={run.error} title="The run failed" />
      </Stack>
    </Paper>
  );
}
