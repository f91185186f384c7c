import { Badge, Code, Group, Stack, Text } from '@mantine/core';

import { statusColor } from '@/lib/run-status';

import type { RunStep } from '../types';

function Block({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        {label}
      </Text>
      <Code block style={{ maxHeight: 220, overflow: 'auto', fontSize: 11 }}>
        {JSON.stringify(value ?? null, null, 2)}
      </Code>
    </Stack>
  );
}

/** A node's step in the last run: its input, output and error. */
export function StepResult({ step }: { step: RunStep | undefined }) {
  if (!step) {
    return (
      <Text size="xs" c="dimmed">
        This node has not run yet. Use “Test run” to run the flow.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="step-result">
      <Group gap="xs">
        <Badge color={statusColor(step.status)}>{step.status}</Badge>
        {step.port && <Text size="xs">left by “{step.port}”</Text>}
        {step.attempt > 1 && <Text size="xs">attempt {step.attempt}</Text>}
      </Group>
      <Block label="Input" value={step.input} />
      <Block label="Output" value={step.output} />
      {step.error !== null && step.error !== undefined && <Block label="Error" value={step.error} />}
    </Stack>
  );
}
