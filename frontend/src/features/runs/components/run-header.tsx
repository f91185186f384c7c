import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { formatDateTime, formatDuration } from '@/lib/format';

import type { RunDetail } from '../types';
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
          </Group>
          <Text size="sm" ff="monospace" c="dimmed">
            {run.id}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 6 }}>
          <Field label="Flow">
            <Anchor component={Link} to={`/runs?flow=${encodeURIComponent(run.flow.id)}`}>
              {run.flow.name}
            </Anchor>
          </Field>
          <Field label="Version">v{run.flow_version}</Field>
          <Field label="Created">{formatDateTime(run.created_at)}</Field>
          <Field label="Started">{formatDateTime(run.started_at)}</Field>
          <Field label="Finished">{formatDateTime(run.finished_at)}</Field>
          <Field label="Duration">{formatDuration(run.duration_ms)}</Field>
        </SimpleGrid>
        {run.error && (
          <Alert color="red" title={`${run.error.type}: ${run.error.code}`}>
            {run.error.message}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
