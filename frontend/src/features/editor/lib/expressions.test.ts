import { describe, expect, it } from 'vitest';

import { expressionParts, flattenPaths, previewValue } from './expressions';

const scope = {
  trigger: { body: { id: 1001, email: 'ana@example.com', items: [{ sku: 'SOCK-L' }] } },
  steps: { map: { order: 1001, 'first name': 'Ana' } },
};

describe('flattenPaths', () => {
  it('lists the paths an upstream output offers, arrays by their first item', () => {
    const paths = flattenPaths('trigger', scope.trigger).map((p) => p.path);
    expect(paths).toEqual([
      'trigger',
      'trigger.body',
      'trigger.body.id',
      'trigger.body.email',
      'trigger.body.items',
      'trigger.body.items[0]',
      'trigger.body.items[0].sku',
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(flattenPaths('steps.map', scope.steps.map).map((p) => p.path)).toContain('steps.map.`first name`');
  });
});

describe('expressionParts', () => {
  it('splits text and expressions for highlighting', () => {
    expect(expressionParts('Order {{ trigger.body.id }}!')).toEqual([
      { text: 'Order ', expression: false },
      { text: '{{ trigger.body.id }}', expression: true },
      { text: '!', expression: false },
    ]);
  });
});

describe('previewValue', () => {
  it('keeps the JSON type of a value that is one expression', () => {
    expect(previewValue('{{ trigger.body.id }}', scope)).toEqual({ value: 1001 });
    expect(previewValue('{{ trigger.body.items }}', scope)).toEqual({ value: [{ sku: 'SOCK-L' }] });
  });

  it('writes results into surrounding text', () => {
    expect(previewValue('https://erp/{{ steps.map.order }}/{{ trigger.body.items[0].sku }}', scope)).toEqual({
      value: 'https://erp/1001/SOCK-L',
    });
  });

  it('gives null for a missing path, as the server does', () => {
    expect(previewValue('{{ trigger.body.nope.deeper }}', scope)).toEqual({ value: null });
  });

  it('reads expression fields without braces', () => {
    expect(previewValue('steps.map.`first name`', scope, true)).toEqual({ value: 'Ana' });
  });

  it('leaves full JSONata to the run', () => {
    expect(previewValue('{{ $number(trigger.body.id) + 1 }}', scope)).toBe('unresolved');
  });
});
