import { Anchor, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

import { formatDateTime } from '@/lib/format';

import { failedRunsPath } from '../lib/stats';
import type { ErrorGroup } from '../types';

/** Failures grouped by flow and message, most frequent first: the answer to "why?". */
export function ErrorGroups({ errors }: { errors: ErrorGroup[] }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid="error-groups">
      <Text fw={600} mb="sm">
        Errors by message
      </Text>
      {errors.length === 0 ? (
        <Text c="dimmed" size="sm">
          No errors in this window.
        </Text>
      ) : (
        <Stack gap="sm">
          {errors.map((error) => (
            <Anchor
              key={`${error.flow.id}:${error.message}`}
              component={Link}
              to={failedRunsPath(error.flow.id)}
              underline="never"
              c="inherit"
              data-testid="error-group"
            >
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <Badge color="red" variant="filled" radius="sm" miw={44}>
                  {error.count}
                </Badge>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} lineClamp={2} title={error.message}>
                    {error.message || '(no message)'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {error.flow.name}
                    {error.code && (
                      <>
                        {' · '}
                        <Code fz="xs">{error.code}</Code>
                      </>
                    )}
                    {' · last '}
                    {formatDateTime(error.last_seen)}
                  </Text>
                </Stack>
              </Group>
            </Anchor>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
