import { Code, Stack, Text } from '@mantine/core';

import { prettyJson } from '@/lib/format';

export function JsonView({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {label}
      </Text>
      <Code block style={{ maxHeight: 360, overflow: 'auto' }}>
        {prettyJson(value)}
      </Code>
    </Stack>
  );
}
