import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { LARGE_JSON_CHARS, jsonSummary, prettyPayload } from '../lib/json-summary';

interface JsonViewProps {
  label: string;
  value: unknown;
  /** Start folded whatever the size (an HTTP log); by default only large payloads start folded. */
  collapsed?: boolean;
}

/** A JSON payload under a label; large ones start folded to a one-line summary. */
export function JsonView({ label, value, collapsed }: JsonViewProps) {
  const text = prettyPayload(value);
  const [open, setOpen] = useState(!(collapsed ?? text.length > LARGE_JSON_CHARS));
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="xs" fw={600} tt="uppercase" c="dimmed">
          {label}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {jsonSummary(value)}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => {
            setOpen((o) => !o);
          }}
          aria-expanded={open}
        >
          {open ? 'Hide' : 'Show'}
        </Button>
      </Group>
      {open && (
        <Code block style={{ maxHeight: 360, overflow: 'auto' }}>
          {text}
        </Code>
      )}
    </Stack>
  );
}
