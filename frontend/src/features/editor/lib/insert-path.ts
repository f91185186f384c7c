/**
 * The data picker's insert: a clicked path goes into the focused input at its cursor, in the
 * value that input edits (a header's value, the text of a JSON body), never replacing a whole
 * object field.
 */
import type { RJSFSchema } from '@rjsf/utils';

import { ANY_JSON_FIELD, NUMBER_FIELD, parseAnyJson, parseNumberOrExpression, uiSchemaFor } from './form-schema';

export type ConfigPath = (string | number)[];

/** The input the operator last had the cursor in, and where the cursor was. */
export interface Caret {
  elementId: string;
  text: string;
  start: number | null;
  end: number | null;
}

function childSchema(schema: RJSFSchema | undefined, key: string | number): RJSFSchema | undefined {
  if (!schema) return undefined;
  if (typeof key === 'number') return typeof schema.items === 'object' && !Array.isArray(schema.items) ? schema.items : undefined;
  const property = schema.properties?.[key];
  if (typeof property === 'object') return property;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/**
 * The config path an rjsf input id names (`<prefix>_<key>_<key>…`). Keys may hold "_", so each
 * step matches the longest key the data or the schema has; null for ids that name no value (the
 * key input of a header, an id from outside the form).
 */
export function configPathFor(id: string, idPrefix: string, config: Record<string, unknown>, schema: RJSFSchema): ConfigPath | null {
  if (!id.startsWith(`${idPrefix}_`)) return null;
  let rest = id.slice(idPrefix.length + 1);
  let value: unknown = config;
  let current: RJSFSchema | undefined = schema;
  const path: ConfigPath = [];
  for (;;) {
    const keys: (string | number)[] = Array.isArray(value)
      ? value.map((_, index) => index)
      : [
          ...new Set([
            ...(value !== null && typeof value === 'object' ? Object.keys(value) : []),
            ...Object.keys(current?.properties ?? {}),
          ]),
        ];
    const key = keys
      .filter((k) => rest === String(k) || rest.startsWith(`${String(k)}_`))
      .sort((a, b) => String(b).length - String(a).length)[0];
    if (key === undefined) return null;
    path.push(key);
    if (rest === String(key)) return path;
    rest = rest.slice(String(key).length + 1);
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    current = childSchema(current, key);
  }
}

function setIn(value: unknown, path: ConfigPath, next: unknown): unknown {
  if (path.length === 0) return next;
  const [key, ...rest] = path as [string | number, ...ConfigPath];
  if (Array.isArray(value) && typeof key === 'number') {
    const copy = [...(value as unknown[])];
    copy[key] = setIn(copy[key], rest, next);
    return copy;
  }
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { ...record, [key]: setIn(record[key], rest, next) };
}

export interface InsertRequest {
  config: Record<string, unknown>;
  schema: RJSFSchema;
  expressionFields: string[];
  idPrefix: string;
  caret: Caret;
  /** The data path clicked, e.g. `trigger.body.token`. */
  path: string;
}

export interface InsertResult {
  config: Record<string, unknown>;
  /** The input's text and cursor after the insert. */
  caret: Caret;
  /** Where it went, e.g. `headers.X-Shop`. */
  target: ConfigPath;
}

/** Inserts `path` at the caret; null when the caret is in no value of this form. */
export function insertPath({ config, schema, expressionFields, idPrefix, caret, path }: InsertRequest): InsertResult | null {
  const target = configPathFor(caret.elementId, idPrefix, config, schema);
  if (!target) return null;
  const top = String(target[0]);
  // A bare JSONata field takes the path as is; any other field a `{{ }}` written into its text.
  const bare = target.length === 1 && expressionFields.includes(top);
  const text = caret.text;
  const start = Math.min(caret.start ?? text.length, text.length);
  const end = Math.max(start, Math.min(caret.end ?? start, text.length));
  const before = text.slice(0, start);
  const piece = bare ? (before === '' || /\s$/.test(before) ? path : ` ${path}`) : `{{ ${path} }}`;
  const nextText = `${before}${piece}${text.slice(end)}`;
  // The top-level field's widget says how its text reads back (uiSchemaFor).
  const ui = target.length === 1 ? (uiSchemaFor(schema, expressionFields)[top] as Record<string, unknown> | undefined) : undefined;
  const field = ui?.['ui:field'];
  const value = field === ANY_JSON_FIELD ? parseAnyJson(nextText) : field === NUMBER_FIELD ? parseNumberOrExpression(nextText) : nextText;
  return {
    config: setIn(config, target, value) as Record<string, unknown>,
    caret: { ...caret, text: nextText, start: start + piece.length, end: start + piece.length },
    target,
  };
}
