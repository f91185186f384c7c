/** Beyond this many characters of pretty JSON, a viewer starts collapsed. */
export const LARGE_JSON_CHARS = 1_500;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * One line that says what a JSON value is without showing it: "object · 12 keys · 3.4 kB",
 * "array · 3 items · 120 B", "string · 2.0 kB", "null".
 */
export function jsonSummary(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const size = formatBytes(new TextEncoder().encode(JSON.stringify(value)).length);
  if (Array.isArray(value)) return `array · ${value.length} ${value.length === 1 ? 'item' : 'items'} · ${size}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).length;
    return `object · ${keys} ${keys === 1 ? 'key' : 'keys'} · ${size}`;
  }
  return `${typeof value} · ${size}`;
}

/** Pretty JSON; a string that itself holds JSON (an HTTP body excerpt) is shown parsed. */
export function prettyPayload(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return JSON.stringify(value ?? null, null, 2);
}
