import { TextInput } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';

import { useSyncedText } from '../hooks/use-synced-text';
import { formatNumberOrExpression, parseNumberOrExpression } from '../lib/form-schema';

/**
 * An rjsf field for a number that may also be a `{{ }}` expression (docs/flow-format.md
 * "Expressions"): text that is a number is stored as one, anything else as the text, which the
 * server's validation accepts when it is an expression and names otherwise.
 */
export function NumberOrExpressionField({
  name,
  fieldPathId,
  formData,
  onChange,
  onFocus,
  onBlur,
  schema,
  uiSchema,
  required,
  rawErrors,
  disabled,
  readonly,
}: FieldProps) {
  const [text, setText] = useSyncedText(formData, formatNumberOrExpression, parseNumberOrExpression);
  const example = Array.isArray(schema.examples) ? (schema.examples[0] as unknown) : undefined;
  const placeholder =
    typeof uiSchema?.['ui:placeholder'] === 'string'
      ? uiSchema['ui:placeholder']
      : typeof example === 'number'
        ? String(example)
        : typeof schema.default === 'number'
          ? String(schema.default)
          : undefined;
  return (
    <TextInput
      id={fieldPathId.$id}
      label={schema.title ?? name}
      description={schema.description}
      placeholder={placeholder}
      withAsterisk={required}
      value={text}
      disabled={disabled}
      readOnly={readonly}
      data-field-kind="number"
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
        onChange(parseNumberOrExpression(next), fieldPathId.path);
      }}
    />
  );
}
