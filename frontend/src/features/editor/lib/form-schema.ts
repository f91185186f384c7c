/**
 * From a block's JSON Schema to what rjsf renders: which widget each field gets.
 *
 * The schema stays the server's; only the uiSchema is derived, so a new block needs no
 * editor code.
 */
import type { RJSFSchema, UiSchema } from '@rjsf/utils';

/** The custom rjsf field for values of any JSON type (e.g. an HTTP body): JSON or text. */
export const ANY_JSON_FIELD = 'anyJson';
/** The custom rjsf field for numbers: a number, or a `{{ }}` expression that renders to one. */
export const NUMBER_FIELD = 'numberOrExpression';

/** A number or integer field (also nullable), not a choice from a list. */
export function isNumeric(schema: RJSFSchema): boolean {
  if (schema.enum !== undefined || schema.const !== undefined) return false;
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const numeric = types.filter((t) => t === 'number' || t === 'integer');
  return numeric.length > 0 && types.every((t) => t === 'number' || t === 'integer' || t === 'null');
}

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
    } else if (isNumeric(value)) {
      // A `{{ }}` value may stand where a number is wanted (docs/flow-format.md "Expressions"):
      // rjsf's numeric widget can neither show nor keep one.
      field['ui:field'] = NUMBER_FIELD;
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

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Reads what the operator typed into a number field: a number when the text is one, else the
 * text itself (a `{{ }}` expression, or garbage the server's validation names).
 */
export function parseNumberOrExpression(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return NUMBER.test(trimmed) ? Number(trimmed) : text;
}

export function formatNumberOrExpression(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Equality of JSON values (key order ignored), to tell an outside change from our own echo. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  const otherKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  return keys.length === otherKeys.length && keys.every((k) => sameJson(left[k], right[k]));
}
