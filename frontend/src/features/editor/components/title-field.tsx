import { Group, Text } from '@mantine/core';
import type { TitleFieldProps } from '@rjsf/utils';

/**
 * An object field's title (e.g. an HTTP request's Headers) at the size of the other labels:
 * the theme's default is a heading, too loud in a narrow side panel.
 */
export function TitleField({ id, title, optionalDataControl }: TitleFieldProps) {
  if (!title && !optionalDataControl) return null;
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text id={id} size="sm" fw={500}>
        {title}
      </Text>
      {optionalDataControl}
    </Group>
  );
}
