import { Code, Mark, Stack, Text } from '@mantine/core';

import { expressionParts, previewValue } from '../lib/expressions';

interface ExpressionPreviewProps {
  config: Record<string, unknown>;
  expressionFields: string[];
  scope: Record<string, unknown>;
}

/** Each config value that holds an expression, highlighted, with what it gives against the data. */
export function ExpressionPreview({ config, expressionFields, scope }: ExpressionPreviewProps) {
  const rows = Object.entries(config).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && (entry[1].includes('{{') || expressionFields.includes(entry[0])),
  );
  if (rows.length === 0) return null;
  return (
    <Stack gap={6} data-testid="expression-preview">
      <Text size="xs" fw={700} tt="uppercase" c="dimmed">
        Expression preview
      </Text>
      {rows.map(([field, value]) => {
        const bare = expressionFields.includes(field);
        const result = previewValue(value, scope, bare);
        return (
          <Stack key={field} gap={2}>
            <Text size="xs">
              <Code>{field}</Code>{' '}
              {bare ? (
                <Mark color="indigo.1">{value}</Mark>
              ) : (
                expressionParts(value).map((part, i) =>
                  part.expression ? (
                    <Mark key={i} color="indigo.1">
                      {part.text}
                    </Mark>
                  ) : (
                    <span key={i}>{part.text}</span>
                  ),
                )
              )}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace" data-testid="expression-result">
              → {result === 'unresolved' ? 'computed when the flow runs (full JSONata)' : JSON.stringify(result.value)}
            </Text>
          </Stack>
        );
      })}
    </Stack>
  );
}
