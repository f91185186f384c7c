/**
 * From a block's JSON Schema to what rjsf renders: which widget each field gets.
 *
 * The schema stays the server's; only the uiSchema is derived, so a new block needs no
 * editor code.
 */
import type { RJSFSchema, UiSchema } from '@rjsf/utils';

/** The custom rjsf field for values of any JSON type (e.g. an HTTP body): JSON or text. */
export const ANY_JSON_FIELD = 'anyJson';

function isUntyped(schema: RJSFSchema): boolean {
  return (
    schema.type === undefined &&
    schema.enum === undefined &&
    schema.const === undefined &&
    schema.anyOf === undefined &&
    schema.oneOf === undefined &&
    schema.allOf === undefined &&
    schema.$ref === undefined &&
    schema.properties === undefined
  );
}

export function uiSchemaFor(schema: RJSFSchema, expressionFields: string[] = []): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  for (const [name, value] of Object.entries(schema.properties ?? {})) {
    if (typeof value !== 'object') continue;
    const field: UiSchema = {};
    const example = Array.isArray(value.examples) ? value.examples[0] : undefined;
    if (typeof example === 'string') field['ui:placeholder'] = example;
    if (expressionFields.includes(name)) {
      field['ui:widget'] = 'textarea';
      field['ui:options'] = { rows: 3 };
    } else if (isUntyped(value)) {
      field['ui:field'] = ANY_JSON_FIELD;
    } else if (value.writeOnly === true) {
      field['ui:widget'] = 'password';
    }
    if (Object.keys(field).length > 0) ui[name] = field;
  }
  return ui;
}

/**
 * Reads what the operator typed into an any-JSON field: JSON when it parses as an object, array,
 * number or boolean, else the text itself (so `{{ steps.map }}` stays an expression string).
 */
export function parseAnyJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^[[{\-\d]|^(true|false|null)$/.test(trimmed) && !trimmed.startsWith('{{')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export function formatAnyJson(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}
