// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import type { Connector, Credential } from '../types';
import { CredentialPicker } from './credential-picker';

const stamp = '2026-11-27T05:00:00Z';
const credentials: Credential[] = [
  { id: 'erp', name: 'ERP key', connector: 'http_header', created_at: stamp, updated_at: stamp, connected: null },
  { id: 'crm', name: 'CRM login', connector: 'oauth2', created_at: stamp, updated_at: stamp, connected: false },
  { id: 'crm2', name: 'CRM ok', connector: 'oauth2', created_at: stamp, updated_at: stamp, connected: true },
  { id: 'shop', name: 'Live shop', connector: 'shopify', created_at: stamp, updated_at: stamp },
];
const kind = (key: string, title: string): Connector => ({
  key,
  title,
  description: '',
  icon: 'key',
  credential_schema: { type: 'object', properties: {} },
  blocks: [],
});
const connectors = [kind('http_header', 'API key or token (header)'), kind('oauth2', 'OAuth2 (sign in with the vendor)')];
const HTTP_KINDS = ['http_header', 'http_basic', 'oauth2_client_credentials', 'oauth2'];

/** Answers the credential API; returns the URLs asked for. */
function stubApi() {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      asked.push(url);
      const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
      if (url === '/api/credentials/') return json({ next: null, previous: null, results: credentials });
      if (url === '/api/connectors/') return json({ next: null, previous: null, results: connectors });
      if (url.startsWith('/api/credentials/crm/oauth2/authorize/')) {
        return json({ authorize_url: 'http://127.0.0.1:8783/oauth/authorize?state=s' });
      }
      return Promise.resolve(new Response('{"message":"Not found."}', { status: 404 }));
    }),
  );
  return asked;
}

function renderPicker(value: string | null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return renderWithMantine(
    <QueryClientProvider client={queryClient}>
      <CredentialPicker connector={HTTP_KINDS} value={value} onChange={() => undefined} />
    </QueryClientProvider>,
  );
}

let asked: string[];

beforeEach(() => {
  asked = stubApi();
  Element.prototype.scrollIntoView = () => undefined; // jsdom has none; the combobox scrolls to its option
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('CredentialPicker with several credential kinds', () => {
  it('lists the credentials of every accepted kind, each with its kind, and no others', async () => {
    renderPicker(null);
    await waitFor(() => {
      expect(screen.getByLabelText('Credential', { selector: 'input' }).getAttribute('placeholder')).toBe('Pick a credential');
    });
    fireEvent.click(screen.getByLabelText('Credential', { selector: 'input' }));
    expect(await screen.findByText('ERP key (API key or token (header))')).toBeTruthy();
    expect(screen.getByText('CRM login (OAuth2 (sign in with the vendor))')).toBeTruthy();
    expect(screen.queryByText(/Live shop/)).toBeNull();
  });

  it('offers Connect for an OAuth2 credential not connected yet, and asks for its authorize URL', async () => {
    renderPicker('crm');
    const button = await screen.findByRole('button', { name: 'Connect' });
    expect(screen.getByText(/Not connected yet/)).toBeTruthy();
    const open = vi.fn();
    vi.stubGlobal('open', open);
    fireEvent.click(button);
    await waitFor(() => {
      expect(open).toHaveBeenCalledWith('http://127.0.0.1:8783/oauth/authorize?state=s', '_self');
    });
    expect(asked.some((url) => url.startsWith('/api/credentials/crm/oauth2/authorize/?next=%2F'))).toBe(true);
  });

  it('offers no Connect for a connected or a non-OAuth2 credential', async () => {
    renderPicker('crm2');
    await screen.findByDisplayValue('CRM ok (OAuth2 (sign in with the vendor))');
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull();
    cleanup();
    renderPicker('erp');
    await screen.findByDisplayValue('ERP key (API key or token (header))');
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull();
  });

  it('lets "Add new" choose the kind', async () => {
    renderPicker(null);
    const addNew = screen.getByRole('button', { name: 'Add new' });
    await waitFor(() => {
      expect(addNew.hasAttribute('disabled')).toBe(false);
    });
    fireEvent.click(addNew);
    const kindSelect = await screen.findByLabelText<HTMLInputElement>('Kind', { selector: 'input' });
    expect(kindSelect.value).toBe('API key or token (header)');
    fireEvent.click(kindSelect);
    fireEvent.click(await screen.findByText('OAuth2 (sign in with the vendor)'));
    await waitFor(() => {
      expect(screen.getByLabelText<HTMLInputElement>(/^Name/, { selector: 'input' }).value).toBe(
        'OAuth2 (sign in with the vendor) account',
      );
    });
  });
});
