/**
 * The data picker and expression preview: which paths upstream data offers, and what a config
 * value shows against that data. The server evaluates full JSONata at run time; the preview
 * only resolves plain paths (`steps.map.order`, `trigger.body.items[0].sku`) and says so otherwise.
 */

export interface DataPath {
  /** The expression path, e.g. `steps.map.order` or `trigger.body.id`. */
  path: string;
  value: unknown;
}

const MAX_DEPTH = 4;
const MAX_PATHS = 60;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function segment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `.\`${key}\``;
}

/** Every leaf and object path under `root` (arrays show their first item), breadth first. */
export function flattenPaths(root: string, value: unknown): DataPath[] {
  const out: DataPath[] = [{ path: root, value }];
  const queue: { path: string; value: unknown; depth: number }[] = [{ path: root, value, depth: 0 }];
  while (queue.length > 0 && out.length < MAX_PATHS) {
    const item = queue.shift() as (typeof queue)[number];
    if (item.depth >= MAX_DEPTH || item.value === null || typeof item.value !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(item.value)
      ? item.value.length > 0
        ? [['[0]', item.value[0]]]
        : []
      : Object.entries(item.value as Record<string, unknown>);
    for (const [key, child] of entries) {
      const path = key === '[0]' ? `${item.path}[0]` : `${item.path}${segment(key)}`;
      out.push({ path, value: child });
      queue.push({ path, value: child, depth: item.depth + 1 });
    }
  }
  return out.slice(0, MAX_PATHS);
}

export interface TextPart {
  text: string;
  expression: boolean;
}

/** Splits a config string into literal text and `{{ }}` expressions, for highlighting. */
export function expressionParts(value: string): TextPart[] {
  const parts: TextPart[] = [];
  const pattern = /\{\{([\s\S]*?)\}\}/g;
  let last = 0;
  for (const match of value.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: value.slice(last, match.index), expression: false });
    parts.push({ text: match[0], expression: true });
    last = match.index + match[0].length;
  }
  if (last < value.length) parts.push({ text: value.slice(last), expression: false });
  return parts;
}

const PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*|\.`[^`]+`|\[\d+\])*$/;

/** Resolves a plain path against the scope; `unresolved` for anything that needs full JSONata. */
export function resolvePath(expression: string, scope: Record<string, unknown>): { value: unknown } | 'unresolved' {
  const text = expression.trim();
  if (!PATH.test(text)) return 'unresolved';
  const tokens = [...text.matchAll(/([A-Za-z_$][A-Za-z0-9_$]*)|`([^`]+)`|\[(\d+)\]/g)].map(
    (m) => m[1] ?? m[2] ?? Number(m[3]),
  );
  let cursor: unknown = scope;
  for (const token of tokens) {
    if (cursor === null || typeof cursor !== 'object') return { value: null };
    cursor = (cursor as Record<string | number, unknown>)[token];
    // A missing path is null, as on the server.
    if (cursor === undefined) return { value: null };
  }
  return { value: cursor };
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * What a config value gives against `scope`, following the rules of docs/flow-format.md:
 * exactly one `{{ }}` keeps the JSON type, text around it makes a string. `bare` is for
 * expression fields, which hold JSONata without braces.
 */
export function previewValue(
  value: string,
  scope: Record<string, unknown>,
  bare = false,
): { value: unknown } | 'unresolved' {
  if (bare && !value.includes('{{')) return resolvePath(value, scope);
  const whole = /^\s*\{\{([\s\S]*?)\}\}\s*$/.exec(value);
  if (whole?.[1] !== undefined) return resolvePath(whole[1], scope);
  let text = '';
  for (const part of expressionParts(value)) {
    if (!part.expression) {
      text += part.text;
      continue;
    }
    const resolved = resolvePath(part.text.slice(2, -2), scope);
    if (resolved === 'unresolved') return 'unresolved';
    text += asText(resolved.value);
  }
  return { value: text };
}
