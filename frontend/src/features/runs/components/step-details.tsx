import { Code, Group, Stack, Text } from '@mantine/core';

import type { Step } from '../types';
import { JsonView } from './json-view';
import { StepAttempts } from './step-attempts';

/** What a step was given and gave back, and each try it made. */
export function StepDetails({ step }: { step: Step }) {
  return (
    <Stack gap="sm">
      {step.idempotency_key && (
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            Idempotency key
          </Text>
          <Code>{step.idempotency_key}</Code>
        </Group>
      )}
      <JsonView label="Input" value={step.input} />
      <JsonView label="Output" value={step.output} />
      {step.error !== null && step.error !== undefined && <JsonView label="Error" value={step.error} collapsed />}
      <StepAttempts attempts={step.attempts} />
    </Stack>
  );
}
