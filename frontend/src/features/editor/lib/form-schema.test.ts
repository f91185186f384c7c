import { describe, expect, it } from 'vitest';

import { ANY_JSON_FIELD, NUMBER_FIELD, formatNumberOrExpression, parseAnyJson, parseNumberOrExpression, sameJson, uiSchemaFor } from './form-schema';

const httpRequest = {
  type: 'object' as const,
  properties: {
    method: { type: 'string' as const, enum: ['GET', 'POST'] },
    url: { type: 'string' as const, examples: ['https://erp.example.com/api/orders'] },
    body: { title: 'Body' },
    secret: { type: 'string' as const, writeOnly: true },
    expression: { type: 'string' as const },
    quantity: { type: 'integer' as const },
    ratio: { type: ['number' as const, 'null' as const] },
    size: { type: 'integer' as const, enum: [1, 2] },
  },
};

describe('uiSchemaFor', () => {
  const ui = uiSchemaFor(httpRequest, ['expression']);

  it('hides the submit button: the editor saves the whole flow', () => {
    expect(ui['ui:submitButtonOptions']).toEqual({ norender: true });
  });

  it('gives a value of any type the JSON-or-text field', () => {
    expect(ui.body).toEqual({ 'ui:field': ANY_JSON_FIELD });
  });

  it('uses a textarea for expression fields and a password input for secrets', () => {
    expect(ui.expression).toMatchObject({ 'ui:widget': 'textarea' });
    expect(ui.secret).toEqual({ 'ui:widget': 'password' });
  });

  it('shows the first example as a placeholder and leaves plain fields alone', () => {
    expect(ui.url).toEqual({ 'ui:placeholder': 'https://erp.example.com/api/orders' });
    expect(ui.method).toBeUndefined();
  });
});

describe('number fields', () => {
  const ui = uiSchemaFor(httpRequest, ['expression']);

  it('get the number-or-expression field, not the numeric widget; a choice stays a select', () => {
    expect(ui.quantity).toEqual({ 'ui:field': NUMBER_FIELD });
    expect(ui.ratio).toEqual({ 'ui:field': NUMBER_FIELD });
    expect(ui.size).toBeUndefined();
  });

  it('store a number when the text is one, and the text otherwise', () => {
    expect(parseNumberOrExpression('7')).toBe(7);
    expect(parseNumberOrExpression(' -2.5 ')).toBe(-2.5);
    expect(parseNumberOrExpression('1e3')).toBe(1000);
    expect(parseNumberOrExpression('{{ trigger.body.qty }}')).toBe('{{ trigger.body.qty }}');
    expect(parseNumberOrExpression('seven')).toBe('seven');
    expect(parseNumberOrExpression('')).toBeUndefined();
    expect(formatNumberOrExpression(7)).toBe('7');
    expect(formatNumberOrExpression('{{ trigger.body.available }}')).toBe('{{ trigger.body.available }}');
    expect(formatNumberOrExpression(undefined)).toBe('');
  });
});

describe('sameJson', () => {
  it('compares JSON values by content', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
  });
});

describe('parseAnyJson', () => {
  it('reads JSON values and keeps expressions and text as strings', () => {
    expect(parseAnyJson('{"a": 1}')).toEqual({ a: 1 });
    expect(parseAnyJson('42')).toBe(42);
    expect(parseAnyJson('{{ steps.map }}')).toBe('{{ steps.map }}');
    expect(parseAnyJson('{"half": ')).toBe('{"half": ');
    expect(parseAnyJson('  ')).toBeUndefined();
  });
});
