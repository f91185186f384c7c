import { describe, expect, it } from 'vitest';

import { ANY_JSON_FIELD, parseAnyJson, uiSchemaFor } from './form-schema';

const httpRequest = {
  type: 'object' as const,
  properties: {
    method: { type: 'string' as const, enum: ['GET', 'POST'] },
    url: { type: 'string' as const, examples: ['https://erp.example.com/api/orders'] },
    body: { title: 'Body' },
    secret: { type: 'string' as const, writeOnly: true },
    expression: { type: 'string' as const },
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

describe('parseAnyJson', () => {
  it('reads JSON values and keeps expressions and text as strings', () => {
    expect(parseAnyJson('{"a": 1}')).toEqual({ a: 1 });
    expect(parseAnyJson('42')).toBe(42);
    expect(parseAnyJson('{{ steps.map }}')).toBe('{{ steps.map }}');
    expect(parseAnyJson('{"half": ')).toBe('{"half": ');
    expect(parseAnyJson('  ')).toBeUndefined();
  });
});
