import { Badge, Code, Group, Stack, Text } from '@mantine/core';

import { formatDuration } from '@/lib/format';

import type { HttpExchange } from '../types';
import { JsonView } from './json-view';

function statusColor(status: number | null): string {
  if (status === null) return 'gray';
  if (status >= 500) return 'red';
  if (status >= 400) return 'orange';
  return 'green';
}

/** The HTTP exchanges of one attempt, each folded to its request line until opened. */
export function HttpLog({ log }: { log: HttpExchange[] }) {
  if (log.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="http-log">
      {log.map((exchange, index) => (
        <Stack key={index} gap={4} pl="sm" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
          <Group gap="xs" wrap="nowrap">
            <Badge size="sm" radius="sm" color={statusColor(exchange.status)} variant="filled">
              {exchange.status ?? 'no answer'}
            </Badge>
            <Code>{exchange.method}</Code>
            <Text size="sm" ff="monospace" truncate="end" title={exchange.url} maw={560}>
              {exchange.url}
            </Text>
            <Text size="xs" c="dimmed" ml="auto">
              {formatDuration(exchange.duration_ms)}
            </Text>
          </Group>
          {exchange.request && <JsonView label="Request" value={exchange.request} collapsed />}
          {exchange.response && <JsonView label="Response" value={exchange.response} collapsed />}
        </Stack>
      ))}
    </Stack>
  );
}
