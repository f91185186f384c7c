// @vitest-environment jsdom
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
});
