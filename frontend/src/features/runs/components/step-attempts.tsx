import { Badge, Group, Paper, Stack, Text } from '@mantine/core';

import { formatDateTime, formatDuration } from '@/lib/format';
import { statusColor } from '@/lib/run-status';

import type { StepAttempt } from '../types';
import { ErrorSummary } from './error-summary';
import { HttpLog } from './http-log';

/** Every try of a step, oldest first: outcome, duration, error and its HTTP log. */
export function StepAttempts({ attempts }: { attempts: StepAttempt[] }) {
  if (attempts.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="step-attempts">
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        Attempts
      </Text>
      {attempts.map((attempt) => (
        <Paper key={attempt.number} withBorder p="xs" radius="sm" data-testid="step-attempt">
          <Stack gap="xs">
            <Group gap="sm">
              <Text size="sm" fw={600}>
                #{attempt.number}
              </Text>
              <Badge size="sm" variant="light" color={statusColor(attempt.outcome)}>
                {attempt.outcome}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatDateTime(attempt.started_at)}
              </Text>
              <Text size="xs" c="dimmed" ml="auto">
                {formatDuration(attempt.duration_ms)}
              </Text>
            </Group>
            <ErrorSummary error={attempt.error} />
            <HttpLog log={attempt.log} />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
