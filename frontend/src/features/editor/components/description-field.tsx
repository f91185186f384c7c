import { Text } from '@mantine/core';
import type { DescriptionFieldProps } from '@rjsf/utils';

/** An object field's description as small dimmed text, like the inputs' own descriptions. */
export function DescriptionField({ id, description }: DescriptionFieldProps) {
  if (!description) return null;
  return (
    <Text id={id} size="xs" c="dimmed">
      {description}
    </Text>
  );
}
