import { describe, expect, it } from 'vitest';

import type { FlowDocument } from '../types';
import { canvasToDocument, documentToCanvas, nextNodeId } from './document';

const document: FlowDocument = {
  schema: 1,
  name: 'New order -> ERP',
  settings: { max_concurrency: 1 },
  nodes: [
    { id: 'order', block: 'core.webhook', title: 'Order arrives' },
    { id: 'map', block: 'core.transform', config: { expression: 'trigger.body' } },
    {
      id: 'send',
      block: 'core.http_request',
      config: { url: 'https://erp.example.com' },
      retry: { max_attempts: 5 },
      on_error: 'port',
      notes: 'kept as is',
    },
    { id: 'alert', block: 'core.http_request', config: { url: 'https://chat.example.com' } },
  ],
  edges: [
    { from: 'order', to: 'map' },
    { from: 'map', to: 'send' },
    { from: 'send', to: 'alert', port: 'error' },
  ],
  ui: { positions: { order: [0, 0], map: [260, 0], send: [520, 10], alert: [780, 120] }, notes: [] },
};

describe('documentToCanvas / canvasToDocument', () => {
  it('round-trips a document, including fields the canvas does not show', () => {
    expect(canvasToDocument(documentToCanvas(document))).toEqual(document);
  });

  it('puts each edge on the handle of its port, main by default', () => {
    const { edges } = documentToCanvas(document);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['order', 'main', 'map'],
      ['map', 'main', 'send'],
      ['send', 'error', 'alert'],
    ]);
  });

  it('lays out nodes without a saved position in a row', () => {
    const { nodes } = documentToCanvas({ ...document, ui: undefined });
    expect(nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 0 },
      { x: 260, y: 0 },
      { x: 520, y: 0 },
      { x: 780, y: 0 },
    ]);
  });

  it('saves moved nodes at whole-pixel positions', () => {
    const canvas = documentToCanvas(document);
    const first = canvas.nodes[0];
    if (!first) throw new Error('no node');
    first.position = { x: 10.6, y: -3.2 };
    expect(canvasToDocument(canvas).ui?.positions?.order).toEqual([11, -3]);
  });
});

describe('nextNodeId', () => {
  it('derives a slug from the block key', () => {
    expect(nextNodeId('core.http_request', [])).toBe('http_request');
  });

  it('numbers the next one of the same block', () => {
    expect(nextNodeId('core.http_request', ['http_request'])).toBe('http_request_2');
    expect(nextNodeId('core.http_request', ['http_request', 'http_request_2'])).toBe('http_request_3');
  });

  it('always yields an id the format accepts', () => {
    expect(nextNodeId('acme.3D-Print', [])).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
  });
});
