import { Textarea } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';

import { useSyncedText } from '../hooks/use-synced-text';
import { formatAnyJson, parseAnyJson } from '../lib/form-schema';

/**
 * An rjsf field for a value of any JSON type (an HTTP body): JSON or a `{{ }}` expression.
 *
 * Half-typed JSON is kept as typed; a change from outside (undo) is shown (useSyncedText).
 */
export function AnyJsonField({ fieldPathId, formData, onChange, onFocus, onBlur, schema, rawErrors, disabled }: FieldProps) {
  const [text, setText] = useSyncedText(formData, formatAnyJson, parseAnyJson);
  return (
    <Textarea
      id={fieldPathId.$id}
      label={schema.title}
      description={schema.description}
      value={text}
      disabled={disabled}
      autosize
      minRows={3}
      maxRows={10}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
      error={rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined}
      onFocus={() => {
        onFocus(fieldPathId.$id, formData);
      }}
      onBlur={() => {
        onBlur(fieldPathId.$id, formData);
      }}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        onChange(parseAnyJson(next), fieldPathId.path);
      }}
    />
  );
}
