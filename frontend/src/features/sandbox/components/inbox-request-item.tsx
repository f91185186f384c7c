import { Accordion, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';

import { formatDateTime } from '@/lib/format';

import type { InboxRequest } from '../types';
import { JsonBlock } from './json-block';

const METHOD_COLOR: Record<string, string> = { POST: 'blue', PUT: 'grape', PATCH: 'violet', DELETE: 'red' };

/** One recorded request: method, path and time folded; body, headers and query open. */
export function InboxRequestItem({ request }: { request: InboxRequest }) {
  const query = Object.keys(request.query).length > 0;
  return (
    <Accordion.Item value={String(request.id)}>
      <Accordion.Control>
        <Group gap="sm" wrap="nowrap">
          <Badge variant="light" color={METHOD_COLOR[request.method] ?? 'gray'} w={72}>
            {request.method}
          </Badge>
          <Text size="sm" ff="monospace" truncate="end">
            {request.path || '/'}
          </Text>
          <Text size="xs" c="dimmed" ml="auto" style={{ whiteSpace: 'nowrap' }}>
            {formatDateTime(request.received_at)} · {request.body_bytes} B
          </Text>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          <JsonBlock
            label="Body"
            value={request.body}
            note={request.body_truncated ? `only the start of ${request.body_bytes} bytes was kept` : undefined}
          />
          <SimpleGrid cols={{ base: 1, md: query ? 2 : 1 }}>
            <JsonBlock label="Headers" value={request.headers} />
            {query && <JsonBlock label="Query" value={request.query} />}
          </SimpleGrid>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
