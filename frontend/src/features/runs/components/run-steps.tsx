import { Badge, Box, Button, Code, Group, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';

import { formatDateTime, formatDuration } from '@/lib/format';
import { statusColor } from '@/lib/run-status';

import { waterfall } from '../lib/waterfall';
import type { Step } from '../types';
import { ErrorSummary } from './error-summary';
import { RunStatusBadge } from './run-status-badge';
import { StepDetails } from './step-details';

function DurationBar({ offsetPct, widthPct, color }: { offsetPct: number; widthPct: number; color: string }) {
  return (
    <Box h={6} bg="gray.1" style={{ borderRadius: 3, position: 'relative' }} aria-hidden>
      <Box
        h={6}
        bg={`${color}.5`}
        style={{ position: 'absolute', left: `${offsetPct}%`, width: `${widthPct}%`, borderRadius: 3 }}
      />
    </Box>
  );
}

/** The run's steps in order, each with its status, duration on a shared axis, and tries. */
export function RunSteps({ steps }: { steps: Step[] }) {
  const failed = steps.filter((s) => s.status === 'failed').map((s) => s.key);
  // The failed step opens by itself: it is what the operator came for.
  const [open, setOpen] = useState<Set<string>>(() => new Set(failed));

  if (steps.length === 0) {
    return (
      <Text c="dimmed" data-testid="run-steps">
        No steps ran yet.
      </Text>
    );
  }
  const bars = waterfall(steps);
  const toggle = (key: string) => {
    setOpen((keys) => {
      const next = new Set(keys);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="run-steps">
      {steps.map((step, index) => {
        const bar = bars[index];
        const isOpen = open.has(step.key);
        return (
          <Timeline.Item
            key={`${index}-${step.key}`}
            color={statusColor(step.status)}
            data-testid="run-step"
            data-status={step.status}
            title={
              <Group gap="sm" wrap="nowrap">
                <RunStatusBadge status={step.status} w={96} />
                <Text size="sm" fw={600}>
                  {step.key}
                </Text>
                <Code>{step.block}</Code>
                {step.port && (
                  <Text size="xs" c="dimmed">
                    → {step.port}
                  </Text>
                )}
                {step.attempt > 1 && (
                  <Badge size="xs" variant="outline" color="orange">
                    {step.attempt} attempts
                  </Badge>
                )}
                {step.copied && (
                  <Badge size="xs" variant="outline" color="gray" title="Carried over from the replayed run">
                    copied
                  </Badge>
                )}
                <Text size="sm" c="dimmed" ml="auto">
                  {formatDuration(step.duration_ms)}
                </Text>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => {
                    toggle(step.key);
                  }}
                  aria-expanded={isOpen}
                >
                  {isOpen ? 'Hide details' : 'Details'}
                </Button>
              </Group>
            }
          >
            <Stack gap="xs" mt={6}>
              {bar && <DurationBar {...bar} color={statusColor(step.status)} />}
              {step.next_attempt_at && step.status === 'waiting' && (
                <Text size="sm" c="cyan.8">
                  Next attempt at {formatDateTime(step.next_attempt_at)}
                </Text>
              )}
              <ErrorSummary error={step.error} />
              {isOpen && <StepDetails step={step} />}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
