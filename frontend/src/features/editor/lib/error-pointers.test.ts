import { describe, expect, it } from 'vitest';

import type { FlowDocument } from '../types';
import { edgeId } from './document';
import { mapErrors, parsePointer } from './error-pointers';

const document: Pick<FlowDocument, 'nodes' | 'edges'> = {
  nodes: [
    { id: 'order', block: 'core.webhook' },
    { id: 'send', block: 'core.http_request', config: {} },
  ],
  edges: [{ from: 'order', to: 'send' }, { from: 'send', to: 'order' }],
};

describe('parsePointer', () => {
  it('undoes the RFC 6901 escapes', () => {
    expect(parsePointer('/nodes/1/config/headers/a~1b~0c')).toEqual(['nodes', '1', 'config', 'headers', 'a/b~c']);
    expect(parsePointer('')).toEqual([]);
  });
});

describe('mapErrors', () => {
  it('puts a config error on the node and on the rjsf field', () => {
    const mapped = mapErrors([{ pointer: '/nodes/1/config/url', message: 'url is required' }], document, edgeId);
    expect(mapped.nodes.send?.messages).toEqual(['url is required']);
    expect(mapped.nodes.send?.config).toEqual({ url: { __errors: ['url is required'] } });
    expect(mapped.general).toEqual([]);
  });

  it('nests errors inside an object field', () => {
    const mapped = mapErrors([{ pointer: '/nodes/1/config/headers/X-Run', message: 'must be a string' }], document, edgeId);
    expect(mapped.nodes.send?.config).toEqual({ headers: { 'X-Run': { __errors: ['must be a string'] } } });
  });

  it('keeps node fields outside config apart', () => {
    const mapped = mapErrors([{ pointer: '/nodes/1/credential', message: 'no such credential' }], document, edgeId);
    expect(mapped.nodes.send?.fields).toEqual({ credential: ['no such credential'] });
  });

  it('marks an edge and the node it leads into', () => {
    const mapped = mapErrors([{ pointer: '/edges/1/to', message: 'node "order" is a trigger' }], document, edgeId);
    expect(mapped.edges['send:main->order']).toEqual(['node "order" is a trigger']);
    expect(mapped.nodes.order?.messages).toEqual(['node "order" is a trigger']);
  });

  it('leaves flow-wide errors for the error list', () => {
    const error = { pointer: '/nodes', message: 'a flow needs exactly one trigger' };
    expect(mapErrors([error], document, edgeId).general).toEqual([error]);
    const outOfRange = { pointer: '/nodes/9/config/url', message: 'stale' };
    expect(mapErrors([outOfRange], document, edgeId).general).toEqual([outOfRange]);
  });
});
