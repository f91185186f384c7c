import { beforeEach, describe, expect, it } from 'vitest';

import { useCanvasStore } from './canvas-store';

const store = () => useCanvasStore.getState();
const ids = () => store().nodes.map((n) => n.id);

describe('canvas store', () => {
  beforeEach(() => {
    store().load({ schema: 1, name: 'Test', nodes: [], edges: [] }, 'new');
    // Each step below is its own edit, not coalesced with the previous one.
    useCanvasStore.setState({ lastSnapshot: { at: 0, key: '' } });
  });

  it('adds a block after the selected node and wires it', () => {
    store().addBlock('core.webhook', { x: 0, y: 0 });
    store().addBlock('core.http_request', { x: 280, y: 0 }, 'webhook');
    expect(ids()).toEqual(['webhook', 'http_request']);
    expect(store().edges.map((e) => e.id)).toEqual(['webhook:main->http_request']);
  });

  it('undoes a delete, node and edges together, and redoes it', () => {
    store().addBlock('core.webhook', { x: 0, y: 0 });
    store().addBlock('core.transform', { x: 280, y: 0 }, 'webhook');
    useCanvasStore.setState({ lastSnapshot: { at: 0, key: '' } });
    // React Flow reports a node delete as edge removals, then node removals.
    store().onEdgesChange([{ type: 'remove', id: 'webhook:main->transform' }]);
    store().onNodesChange([{ type: 'remove', id: 'transform' }]);
    expect(ids()).toEqual(['webhook']);

    store().undo();
    expect(ids()).toEqual(['webhook', 'transform']);
    expect(store().edges).toHaveLength(1);

    store().redo();
    expect(ids()).toEqual(['webhook']);
  });

  it('pastes copied nodes with fresh ids and their inner edges', () => {
    store().addBlock('core.transform', { x: 0, y: 0 });
    store().addBlock('core.http_request', { x: 280, y: 0 }, 'transform');
    useCanvasStore.setState((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: true })) }));
    store().copySelected();
    store().paste();
    expect(ids()).toEqual(['transform', 'http_request', 'transform_2', 'http_request_2']);
    expect(store().edges.map((e) => e.id)).toContain('transform_2:main->http_request_2');
  });

  it('counts edits so the editor knows about unsaved changes', () => {
    const before = store().revision;
    store().setName('Renamed');
    expect(store().revision).toBe(before + 1);
    expect(store().meta.name).toBe('Renamed');
  });

  it('removes the edges of the error port with the port, as one undoable edit', () => {
    store().load(
      {
        schema: 1,
        name: 'Ports',
        nodes: [
          { id: 'webhook', block: 'core.webhook' },
          { id: 'send', block: 'core.http_request', on_error: 'port' },
          { id: 'ok', block: 'core.http_request' },
          { id: 'alert', block: 'core.http_request' },
        ],
        edges: [
          { from: 'webhook', to: 'send' },
          { from: 'send', to: 'ok' },
          { from: 'send', to: 'alert', port: 'error' },
        ],
      },
      'flow',
    );

    const removed = store().setOnError('send', undefined, ['main']);

    expect(removed).toBe(1);
    expect(store().nodes.find((n) => n.id === 'send')?.data.doc.on_error).toBeUndefined();
    expect(store().edges.map((e) => e.id)).toEqual(['webhook:main->send', 'send:main->ok']);
    expect(store().revision).not.toBe(store().savedRevision);

    store().undo();
    expect(store().nodes.find((n) => n.id === 'send')?.data.doc.on_error).toBe('port');
    expect(store().edges.map((e) => e.id)).toContain('send:error->alert');
  });

  it('keeps every edge when the port stays', () => {
    store().addBlock('core.webhook', { x: 0, y: 0 });
    store().addBlock('core.http_request', { x: 280, y: 0 }, 'webhook');
    expect(store().setOnError('http_request', 'continue', ['main'])).toBe(0);
    expect(store().edges).toHaveLength(1);
  });
});
