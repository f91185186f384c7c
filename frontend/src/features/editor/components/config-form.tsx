import { Form } from '@rjsf/mantine';
import type { ErrorSchema, RegistryFieldsType, RJSFSchema, TemplatesType } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo } from 'react';

import { ANY_JSON_FIELD, NUMBER_FIELD, uiSchemaFor } from '../lib/form-schema';
import { AnyJsonField } from './any-json-field';
import { DescriptionField } from './description-field';
import { NumberOrExpressionField } from './number-field';
import { TitleField } from './title-field';

const fields: RegistryFieldsType = { [ANY_JSON_FIELD]: AnyJsonField, [NUMBER_FIELD]: NumberOrExpressionField };
const templates: Partial<TemplatesType> = { TitleFieldTemplate: TitleField, DescriptionFieldTemplate: DescriptionField };

interface ConfigFormProps {
  schema: RJSFSchema;
  expressionFields?: string[];
  value: Record<string, unknown>;
  /** Server errors for this form, keyed like the data (rjsf `extraErrors`). */
  errors?: ErrorSchema;
  onChange: (value: Record<string, unknown>) => void;
  /** The top-level field that has focus, for the data picker to insert into. */
  onFocusField?: (field: string) => void;
  idPrefix?: string;
}

/** A form rendered from a JSON Schema; the server stays the judge of validity. */
export function ConfigForm({ schema, expressionFields, value, errors, onChange, onFocusField, idPrefix = 'root' }: ConfigFormProps) {
  const uiSchema = useMemo(() => uiSchemaFor(schema, expressionFields), [schema, expressionFields]);
  return (
    <Form
      schema={schema}
      uiSchema={uiSchema}
      formData={value}
      validator={validator}
      fields={fields}
      templates={templates}
      extraErrors={errors}
      showErrorList={false}
      noHtml5Validate
      idPrefix={idPrefix}
      onChange={(event) => {
        onChange((event.formData ?? {}) as Record<string, unknown>);
      }}
      onFocus={(id) => {
        // Ids are "<prefix>_<field>[_<nested>...]" and names hold "_" too: match known fields.
        const rest = id.slice(idPrefix.length + 1);
        const field = Object.keys(schema.properties ?? {})
          .filter((name) => rest === name || rest.startsWith(`${name}_`))
          .sort((a, b) => b.length - a.length)[0];
        if (field) onFocusField?.(field);
      }}
    />
  );
}
