import { Badge, Box, Button, Code, Group, Stack, Text, Timeline } from '@mantine/core';

import { formatDateTime, formatDuration } from '@/lib/format';
import { statusColor } from '@/lib/run-status';

import { stepElementId } from '../lib/node-steps';
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

interface RunStepsProps {
  steps: Step[];
  /** Keys of the steps whose details are shown. */
  open: ReadonlySet<string>;
  onToggle: (key: string) => void;
  /** The key of the step chosen on the graph, marked in the list. */
  selected?: string | null;
}

/** The run's steps in order, each with its status, duration on a shared axis, and tries. */
export function RunSteps({ steps, open, onToggle, selected }: RunStepsProps) {
  if (steps.length === 0) {
    return (
      <Text c="dimmed" data-testid="run-steps">
        No steps ran yet.
      </Text>
    );
  }
  const bars = waterfall(steps);

  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="run-steps">
      {steps.map((step, index) => {
        const bar = bars[index];
        const isOpen = open.has(step.key);
        const isSelected = step.key === selected;
        return (
          <Timeline.Item
            key={`${index}-${step.key}`}
            id={stepElementId(step.key)}
            color={statusColor(step.status)}
            // Scrolled to from the graph: clear of the 60px header.
            style={{ scrollMarginTop: 76 }}
            bg={isSelected ? 'indigo.0' : undefined}
            data-testid="run-step"
            data-step-key={step.key}
            data-status={step.status}
            data-selected={isSelected}
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
                    onToggle(step.key);
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
