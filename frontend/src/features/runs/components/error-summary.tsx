import { Alert, Badge, Group, Text } from '@mantine/core';

import { summarizeError } from '../lib/step-error';

/** A step's or attempt's error with the vendor's HTTP status up front. */
export function ErrorSummary({ error, title }: { error: unknown; title?: string }) {
  const summary = summarizeError(error);
  if (!summary) return null;
  const retry = summary.retryable === null ? null : summary.retryable ? 'retryable' : 'not retryable';
  // A Retryable error's code is "retryable" already: say it once.
  const meta = [...new Set([summary.code, retry])].filter(Boolean).join(' · ');
  return (
    <Alert color="red" variant="light" p="sm" data-testid="error-summary">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        {summary.httpStatus !== null && (
          <Badge color="red" variant="filled" size="lg" radius="sm" title="HTTP status">
            {summary.httpStatus}
          </Badge>
        )}
        <div>
          {title && (
            <Text size="xs" fw={600} c="red.8">
              {title}
            </Text>
          )}
          <Text size="sm" fw={600}>
            {summary.message}
          </Text>
          {meta && (
            <Text size="xs" c="dimmed">
              {meta}
            </Text>
          )}
        </div>
      </Group>
    </Alert>
  );
}
