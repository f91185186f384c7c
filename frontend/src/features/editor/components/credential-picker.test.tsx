// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import type { CredentialTestResult } from '../api/test-credential';
import type { Connector, Credential } from '../types';
import { CredentialPicker } from './credential-picker';

const stamp = '2026-11-27T04:00:00Z';
const credentials: Credential[] = [
  { id: 'good', name: 'Live shop', connector: 'shopify', created_at: stamp, updated_at: stamp },
  { id: 'bad', name: 'Old token', connector: 'shopify', created_at: stamp, updated_at: stamp },
];
const shopify: Connector = { key: 'shopify', title: 'Shopify', description: '', icon: '', credential_schema: null, blocks: [] };
const answers: Record<string, CredentialTestResult> = {
  good: { ok: true, detail: 'Shop: Dovetail Demo' },
  bad: { ok: false, error: { message: '[API] Invalid API key or access token', status: 401, code: 'credential_rejected' } },
  offline: { ok: false, error: { message: 'Connection refused', status: null, code: 'retryable' } },
};

/** Answers the credential API from the fixtures above and records every test call. */
function stubApi() {
  const tested: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));
      if (url === '/api/credentials/' && init?.method === 'POST') {
        return json({ ...credentials[0], ...(JSON.parse(init.body as string) as object), id: 'good' }, 201);
      }
      if (url === '/api/credentials/') return json({ next: null, previous: null, results: credentials });
      if (url === '/api/connectors/') return json({ next: null, previous: null, results: [shopify] });
      const id = /^\/api\/credentials\/([^/]+)\/test\/$/.exec(url)?.[1];
      if (id && init?.method === 'POST') {
        tested.push(id);
        const answer = answers[id];
        return answer ? json(answer) : json({ message: 'Not found.', code: 'not_found' }, 404);
      }
      return json({ message: 'Not found.', code: 'not_found' }, 404);
    }),
  );
  return tested;
}

/** The picker with its value held like the node panel holds it. */
function Picker({ initial }: { initial: string | null }) {
  const [value, setValue] = useState<string | null>(initial);
  return (
    <>
      <CredentialPicker connector="shopify" value={value} onChange={setValue} />
      <button
        type="button"
        onClick={() => {
          setValue('bad');
        }}
      >
        point elsewhere
      </button>
    </>
  );
}

function renderPicker(initial: string | null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return renderWithMantine(
    <QueryClientProvider client={queryClient}>
      <Picker initial={initial} />
    </QueryClientProvider>,
  );
}

const testButton = () => screen.getByRole('button', { name: 'Test' });

/** Renders the picker on `credential`, presses Test and waits for `shown`. */
async function pressTest(credential: string, shown: string) {
  renderPicker(credential);
  fireEvent.click(testButton());
  expect(await screen.findByText(shown)).toBeTruthy();
}

let tested: string[];

beforeEach(() => {
  tested = stubApi();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('CredentialPicker test button', () => {
  it('is disabled until a credential is selected', () => {
    renderPicker(null);
    expect(testButton().hasAttribute('disabled')).toBe(true);
  });

  it('shows "Connected" with what the vendor showed', async () => {
    await pressTest('good', 'Connected');
    expect(screen.getByText('Shop: Dovetail Demo')).toBeTruthy();
    expect(tested).toEqual(['good']);
  });

  it("shows the vendor's message and HTTP status when it refuses", async () => {
    await pressTest('bad', '[API] Invalid API key or access token');
    expect(screen.getByText('HTTP 401')).toBeTruthy();
    expect(screen.queryByText('Connected')).toBeNull();
  });

  it('says when the vendor could not be reached, and when the credential is gone', async () => {
    await pressTest('offline', 'Connection refused');
    expect(screen.getByText('The vendor could not be reached.')).toBeTruthy();
    cleanup();

    await pressTest('deleted', 'Could not test the credential');
    expect(screen.getByText('Not found.')).toBeTruthy();
  });

  it('clears the result when the selection changes', async () => {
    await pressTest('good', 'Connected');
    fireEvent.click(screen.getByRole('button', { name: 'point elsewhere' }));
    await waitFor(() => {
      expect(screen.queryByText('Connected')).toBeNull();
    });
    expect(screen.queryByText('HTTP 401')).toBeNull();
  });

  it('tests a new credential right after "Save and test"', async () => {
    renderPicker(null);
    const addNew = screen.getByRole('button', { name: 'Add new' });
    await waitFor(() => {
      expect(addNew.hasAttribute('disabled')).toBe(false); // once the connectors are in
    });
    fireEvent.click(addNew);
    fireEvent.click(await screen.findByRole('button', { name: 'Save and test' }));
    expect(await screen.findByText('Connected')).toBeTruthy();
    expect(tested).toEqual(['good']);
  });
});
