// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import { EditorContext, type EditorContextValue } from '../hooks/editor-context';
import { edgeId } from '../lib/document';
import { mapErrors } from '../lib/error-pointers';
import { useCanvasStore } from '../store/canvas-store';
import type { BlockManifest } from '../types';
import { NodePanel } from './node-panel';

function manifest(key: string, kind: 'trigger' | 'action', config_schema: BlockManifest['config_schema'], sample: unknown = null): BlockManifest {
  return {
    key,
    connector: 'core',
    kind,
    title: key,
    description: '',
    icon: '',
    credential: null,
    ports: ['main'],
    expression_fields: [],
    idempotent: false,
    config_schema,
    output_schema: {},
    sample,
  };
}

const blocks = new Map<string, BlockManifest>([
  ['core.webhook', manifest('core.webhook', 'trigger', { type: 'object', properties: {} }, { body: { token: 'abc' } })],
  [
    'core.http_request',
    manifest('core.http_request', 'action', {
      type: 'object',
      properties: {
        url: { type: 'string', title: 'URL' },
        headers: { type: 'object', title: 'Headers', additionalProperties: { type: 'string' } },
        body: { title: 'Body' },
      },
    }),
  ],
]);
const context: EditorContextValue = { blocks, steps: new Map(), errors: mapErrors([], { nodes: [], edges: [] }, edgeId) };
const config = () => useCanvasStore.getState().nodes.find((n) => n.id === 'http_request')?.data.doc.config;

function renderPanel() {
  return renderWithMantine(
    <EditorContext.Provider value={context}>
      <NodePanel nodeId="http_request" />
    </EditorContext.Provider>,
  );
}

/** Puts the cursor in an input, as a click does, then picks a path on the Data tab. */
function insertAt(input: HTMLInputElement | HTMLTextAreaElement, cursor: number, path: string) {
  act(() => {
    input.focus();
    input.setSelectionRange(cursor, cursor);
    input.blur();
  });
  act(() => {
    fireEvent.click(screen.getByRole('tab', { name: 'Data' }));
  });
  act(() => {
    fireEvent.click(document.querySelector(`[data-testid="data-path"][data-path="${path}"]`) as HTMLElement);
  });
}

describe('NodePanel data picker', () => {
  beforeEach(() => {
    useCanvasStore.getState().load(
      {
        schema: 1,
        name: 'Headers',
        nodes: [
          { id: 'webhook', block: 'core.webhook' },
          {
            id: 'http_request',
            block: 'core.http_request',
            config: { url: 'https://erp.example.com', headers: { 'X-Shop': 'shop-1', Authorization: 'Bearer x' }, body: { a: 2 } },
          },
        ],
        edges: [{ from: 'webhook', to: 'http_request' }],
      },
      'flow',
    );
  });
  afterEach(cleanup);

  it("inserts into the focused header's value at the cursor and keeps the other headers", () => {
    renderPanel();
    const value = document.getElementById('node_http_request_headers_X-Shop') as HTMLInputElement;
    expect(value.value).toBe('shop-1');

    insertAt(value, 'shop-'.length, 'trigger.body.token');

    expect(config()).toEqual({
      url: 'https://erp.example.com',
      headers: { 'X-Shop': 'shop-{{ trigger.body.token }}1', Authorization: 'Bearer x' },
      body: { a: 2 },
    });
    act(() => {
      fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    });
    expect((document.getElementById('node_http_request_headers_X-Shop') as HTMLInputElement).value).toBe('shop-{{ trigger.body.token }}1');
  });

  it('inserts into the text of an object body at the cursor instead of replacing the object', () => {
    renderPanel();
    const body = document.getElementById('node_http_request_body') as HTMLTextAreaElement;
    fireEvent.change(body, { target: { value: '{"a": 2, "b": ""}' } });

    insertAt(body, body.value.length - 2, 'trigger.body.token');

    expect(config()?.body).toEqual({ a: 2, b: '{{ trigger.body.token }}' });
    expect(config()?.headers).toEqual({ 'X-Shop': 'shop-1', Authorization: 'Bearer x' });
  });
});
