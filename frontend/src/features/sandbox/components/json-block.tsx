import { Code, Stack, Text } from '@mantine/core';

import { prettyJson } from '@/lib/format';

/** A labelled, scrollable block of pretty JSON (or text, shown as it came). */
export function JsonBlock({ label, value, note }: { label: string; value: unknown; note?: string }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {label}
        {note && (
          <Text span size="xs" c="orange" tt="none" fw={400} ml="xs">
            {note}
          </Text>
        )}
      </Text>
      <Code block style={{ maxHeight: 320, overflow: 'auto' }}>
        {typeof value === 'string' ? value : prettyJson(value)}
      </Code>
    </Stack>
  );
}
