import { describe, expect, it } from 'vitest';

import { configPathFor, insertPath } from './insert-path';

const httpRequest = {
  type: 'object' as const,
  properties: {
    url: { type: 'string' as const },
    headers: { type: 'object' as const, additionalProperties: { type: 'string' as const } },
    body: { title: 'Body' },
    max_items: { type: 'integer' as const },
  },
};
const config = {
  url: 'https://erp.example.com/orders',
  headers: { 'X-Shop': 'shop-1', Authorization: 'Bearer x', X_Under: 'u' },
  body: { a: 2 },
};
const base = { config, schema: httpRequest, expressionFields: [], idPrefix: 'node_http_request' };

describe('configPathFor', () => {
  it('reads the config path of a nested input, with "_" in the node id and the keys', () => {
    expect(configPathFor('node_http_request_headers_X-Shop', 'node_http_request', config, httpRequest)).toEqual(['headers', 'X-Shop']);
    expect(configPathFor('node_http_request_headers_X_Under', 'node_http_request', config, httpRequest)).toEqual(['headers', 'X_Under']);
    expect(configPathFor('node_http_request_url', 'node_http_request', config, httpRequest)).toEqual(['url']);
  });

  it('names no value for a header key input or an id from elsewhere', () => {
    expect(configPathFor('node_http_request_headers_X-Shop-key', 'node_http_request', config, httpRequest)).toBeNull();
    expect(configPathFor('other_url', 'node_http_request', config, httpRequest)).toBeNull();
  });
});

describe('insertPath', () => {
  it("puts the path into the focused header's value at the cursor, keeping the other headers", () => {
    const result = insertPath({
      ...base,
      caret: { elementId: 'node_http_request_headers_X-Shop', text: 'shop-1', start: 5, end: 5 },
      path: 'trigger.body.token',
    });
    expect(result?.config.headers).toEqual({ 'X-Shop': 'shop-{{ trigger.body.token }}1', Authorization: 'Bearer x', X_Under: 'u' });
    expect(result?.config.url).toBe(config.url);
    expect(result?.caret.start).toBe(5 + '{{ trigger.body.token }}'.length);
  });

  it('inserts into the text of a JSON body and keeps it an object when it still parses', () => {
    const text = '{"a": 2, "b": ""}';
    const cursor = text.length - 2; // between the quotes of "b"
    const result = insertPath({ ...base, caret: { elementId: 'node_http_request_body', text, start: cursor, end: cursor }, path: 'trigger.body.token' });
    expect(result?.config.body).toEqual({ a: 2, b: '{{ trigger.body.token }}' });
    expect(result?.config.headers).toBe(config.headers);
  });

  it('stores an expression typed into a number field as text, a bare path in an expression field', () => {
    const number = insertPath({ ...base, caret: { elementId: 'node_http_request_max_items', text: '', start: 0, end: 0 }, path: 'trigger.body.qty' });
    expect(number?.config.max_items).toBe('{{ trigger.body.qty }}');
    const bare = insertPath({
      ...base,
      expressionFields: ['url'],
      caret: { elementId: 'node_http_request_url', text: 'a +', start: 3, end: 3 },
      path: 'trigger.body.id',
    });
    expect(bare?.config.url).toBe('a + trigger.body.id');
  });

  it('changes nothing when the cursor is in no value of the form', () => {
    expect(
      insertPath({ ...base, caret: { elementId: 'node_http_request_headers_X-Shop-key', text: 'X-Shop', start: 0, end: 0 }, path: 'x' }),
    ).toBeNull();
  });
});
