import { Badge, Code, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';

import type { DataPath } from '../lib/expressions';

export interface DataSource {
  nodeId: string;
  title: string;
  /** Where the data comes from: the last run, or the block's sample output. */
  origin: 'run' | 'sample';
  paths: DataPath[];
}

interface DataPickerProps {
  sources: DataSource[];
  /** The field a click inserts into; null until one has had focus. */
  target: string | null;
  onInsert: (path: string) => void;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Upstream steps' output fields, insertable as expressions into the focused field. */
export function DataPicker({ sources, target, onInsert }: DataPickerProps) {
  if (sources.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        Connect this node after another one to use its data.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="data-picker">
      <Text size="xs" c="dimmed">
        {target ? (
          <>
            Click a field to insert it into <Code>{target}</Code>.
          </>
        ) : (
          'Click into a form field first, then on a path here to insert it.'
        )}
      </Text>
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack gap={6}>
          {sources.map((source) => (
            <Stack key={source.nodeId} gap={2}>
              <Group gap={6}>
                <Text size="xs" fw={600}>
                  {source.title}
                </Text>
                <Badge size="xs" variant="light" color={source.origin === 'run' ? 'green' : 'gray'}>
                  {source.origin === 'run' ? 'last run' : 'sample'}
                </Badge>
              </Group>
              {source.paths.map((entry) => (
                <UnstyledButton
                  key={entry.path}
                  disabled={!target}
                  onClick={() => {
                    onInsert(entry.path);
                  }}
                  data-testid="data-path"
                  data-path={entry.path}
                  style={{ borderRadius: 4 }}
                  px={4}
                >
                  <Group gap={6} wrap="nowrap">
                    <Code style={{ whiteSpace: 'nowrap' }}>{entry.path}</Code>
                    <Text size="xs" c="dimmed" truncate="end">
                      {short(entry.value)}
                    </Text>
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}
