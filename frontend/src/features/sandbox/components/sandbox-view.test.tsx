// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import type { Inbox, InboxRequest } from '../types';
import { SandboxView } from './sandbox-view';

const inboxes: Inbox[] = [
  { name: 'erp', count: 1, last_received_at: '2026-11-27T04:00:00Z', url: 'http://127.0.0.1:8000/sandbox/inbox/erp' },
  { name: 'chat', count: 0, last_received_at: '2026-11-27T03:00:00Z', url: 'http://127.0.0.1:8000/sandbox/inbox/chat' },
];
const order: InboxRequest = {
  id: 7,
  name: 'erp',
  method: 'POST',
  path: '/api/orders',
  query: {},
  headers: { 'Content-Type': 'application/json', Authorization: '[redacted]' },
  body: { shopify_order_id: '1001', amount: 59 },
  body_bytes: 42,
  body_truncated: false,
  received_at: '2026-11-27T04:00:00Z',
};

/** Answers the sandbox API from the fixtures above and records every call. */
function stubApi() {
  const calls: { method: string; url: string }[] = [];
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url });
    const json = (body: unknown, status = 200) =>
      Promise.resolve(new Response(body === null ? '' : JSON.stringify(body), { status }));
    if (method === 'DELETE') return json(null, 204);
    if (url === '/api/sandbox/inbox/') return json({ next: null, previous: null, results: inboxes });
    if (url === '/api/sandbox/inbox/erp/') return json({ next: null, previous: null, results: [order] });
    return json({ next: null, previous: null, results: [] });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function renderPage(entry = '/sandbox') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchInterval: false } } });
  return renderWithMantine(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[entry]}>
        <SandboxView />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SandboxView', () => {
  it('lists the inboxes and opens a request to its body and redacted headers', async () => {
    stubApi();
    renderPage();
    expect(await screen.findByText('http://127.0.0.1:8000/sandbox/inbox/erp')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Inboxes' }).textContent).toContain('chat');
    fireEvent.click(await screen.findByText('/api/orders'));
    const blocks = await screen.findAllByText(/shopify_order_id|redacted/);
    const text = blocks.map((b) => b.textContent).join('\n');
    expect(text).toContain('"amount": 59');
    expect(text).toContain('"Authorization": "[redacted]"');
  });

  it('clears the inbox after a confirmation', async () => {
    const calls = stubApi();
    renderPage('/sandbox?inbox=erp');
    fireEvent.click(await screen.findByRole('button', { name: 'Clear' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Clear inbox' }));
    await waitFor(() => {
      expect(calls).toContainEqual({ method: 'DELETE', url: '/api/sandbox/inbox/erp/' });
    });
  });

  it('says how to fill the sandbox when it is empty', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify({ next: null, previous: null, results: [] })))),
    );
    renderPage();
    expect((await screen.findByTestId('sandbox-empty')).textContent).toContain('/sandbox/inbox/<name>');
  });
});
