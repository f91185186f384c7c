import { describe, expect, it } from 'vitest';

import { jsonSummary, prettyPayload } from './json-summary';

describe('jsonSummary', () => {
  it('counts the keys of an object and its size', () => {
    expect(jsonSummary({ order_number: 1001, email: 'ana@example.com' })).toBe('object · 2 keys · 47 B');
  });

  it('counts the items of an array, singular for one', () => {
    expect(jsonSummary([1])).toBe('array · 1 item · 3 B');
    expect(jsonSummary(Array.from({ length: 600 }, (_, i) => i))).toMatch(/^array · 600 items · 2\.\d kB$/);
  });

  it('names scalars and null', () => {
    expect(jsonSummary(null)).toBe('null');
    expect(jsonSummary('abc')).toBe('string · 5 B');
  });
});

describe('prettyPayload', () => {
  it('indents a JSON body that arrived as text, and leaves other text alone', () => {
    expect(prettyPayload('{"ok":true}')).toBe('{\n  "ok": true\n}');
    expect(prettyPayload('<html>Bad Gateway</html>')).toBe('<html>Bad Gateway</html>');
    expect(prettyPayload('{"cut off')).toBe('{"cut off');
  });
});
