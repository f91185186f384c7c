import { Accordion, Badge, Code, Group, Stack, Text } from '@mantine/core';

import { formatDuration } from '@/lib/format';

import type { Step } from '../types';
import { JsonView } from './json-view';
import { RunStatusBadge } from './run-status-badge';

export function RunSteps({ steps }: { steps: Step[] }) {
  if (steps.length === 0) {
    return (
      <Text c="dimmed" data-testid="run-steps">
        No steps ran yet.
      </Text>
    );
  }
  return (
    <Accordion multiple variant="separated" data-testid="run-steps">
      {steps.map((step, index) => (
        // Accordion needs a non-empty string value; the position keeps it unique and non-empty.
        <Accordion.Item key={`${index}-${step.id}`} value={`step-${index}`} data-testid="run-step">
          <Accordion.Control>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed" w={24}>
                {index + 1}.
              </Text>
              <RunStatusBadge status={step.status} w={96} />
              <Code>{step.block}</Code>
              <Text size="sm" fw={500}>
                {step.node_id}
              </Text>
              {step.port && (
                <Text size="xs" c="dimmed">
                  → {step.port}
                </Text>
              )}
              {step.attempt > 1 && (
                <Badge size="xs" variant="outline" color="orange">
                  attempt {step.attempt}
                </Badge>
              )}
              <Text size="sm" c="dimmed" ml="auto" pr="sm">
                {formatDuration(step.duration_ms)}
              </Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Stack>
              <JsonView label="Input" value={step.input} />
              <JsonView label="Output" value={step.output} />
              {step.error !== null && step.error !== undefined && <JsonView label="Error" value={step.error} />}
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
