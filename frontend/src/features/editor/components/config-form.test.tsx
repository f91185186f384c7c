// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import { edgeId } from '../lib/document';
import { mapErrors } from '../lib/error-pointers';
import { ConfigForm } from './config-form';

const httpRequest = {
  type: 'object' as const,
  properties: {
    url: { title: 'URL', type: 'string' as const },
    body: { title: 'Body', description: 'Sent as JSON.' },
  },
  required: ['url'],
};

afterEach(cleanup);

describe('ConfigForm', () => {
  it('shows a server error on the field its pointer names', () => {
    const flow = { nodes: [{ id: 'send', block: 'core.http_request' }], edges: [] };
    const mapped = mapErrors([{ pointer: '/nodes/0/config/url', message: 'url is required' }], flow, edgeId);
    renderWithMantine(<ConfigForm schema={httpRequest} value={{}} errors={mapped.nodes.send?.config} onChange={vi.fn()} />);
    expect(screen.getAllByText('url is required').length).toBeGreaterThan(0);
    expect(document.getElementById('root_url')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('reports typed values, and JSON in an any-type field as JSON', () => {
    const onChange = vi.fn();
    renderWithMantine(<ConfigForm schema={httpRequest} value={{}} onChange={onChange} idPrefix="send" />);

    fireEvent.change(document.getElementById('send_url') as HTMLElement, { target: { value: 'https://erp.example.com' } });
    expect(onChange).toHaveBeenLastCalledWith({ url: 'https://erp.example.com' });

    fireEvent.change(document.getElementById('send_body') as HTMLElement, { target: { value: '{"order": 1}' } });
    expect(onChange).toHaveBeenLastCalledWith({ url: 'https://erp.example.com', body: { order: 1 } });
  });

  it('tells which top-level field has focus, for the data picker', () => {
    const onFocusField = vi.fn();
    renderWithMantine(<ConfigForm schema={httpRequest} value={{}} onChange={vi.fn()} onFocusField={onFocusField} idPrefix="send" />);
    fireEvent.focus(document.getElementById('send_url') as HTMLElement);
    expect(onFocusField).toHaveBeenCalledWith('url');
  });

  it('shows a number field holding an expression, and stores a number or the expression typed', () => {
    const schema = { type: 'object' as const, properties: { quantity: { title: 'Quantity', type: 'integer' as const } } };
    const onChange = vi.fn();
    renderWithMantine(<ConfigForm schema={schema} value={{ quantity: '{{ trigger.body.available }}' }} onChange={onChange} idPrefix="set" />);
    const input = document.getElementById('set_quantity') as HTMLInputElement;
    expect(input.value).toBe('{{ trigger.body.available }}');

    fireEvent.change(input, { target: { value: '{{ trigger.body.qty }}' } });
    expect(onChange).toHaveBeenLastCalledWith({ quantity: '{{ trigger.body.qty }}' });
    expect(input.value).toBe('{{ trigger.body.qty }}');

    fireEvent.change(input, { target: { value: '7' } });
    expect(onChange).toHaveBeenLastCalledWith({ quantity: 7 });
  });

  it('shows the body the form is given after an outside change (undo), not the text typed before', () => {
    const onChange = vi.fn();
    const { rerender } = renderWithMantine(<ConfigForm schema={httpRequest} value={{ url: 'u', body: { a: 1 } }} onChange={onChange} idPrefix="send" />);
    const body = () => document.getElementById('send_body') as HTMLTextAreaElement;
    fireEvent.change(body(), { target: { value: '{"a": 2}' } });
    expect(onChange).toHaveBeenLastCalledWith({ url: 'u', body: { a: 2 } });

    // The store echoes the typed value: the text stays as typed.
    rerender(
      <MantineProvider>
        <ConfigForm schema={httpRequest} value={{ url: 'u', body: { a: 2 } }} onChange={onChange} idPrefix="send" />
      </MantineProvider>,
    );
    expect(body().value).toBe('{"a": 2}');

    // Undo puts the old value back: the field shows it.
    rerender(
      <MantineProvider>
        <ConfigForm schema={httpRequest} value={{ url: 'u', body: { a: 1 } }} onChange={onChange} idPrefix="send" />
      </MantineProvider>,
    );
    expect(JSON.parse(body().value)).toEqual({ a: 1 });
  });
});
