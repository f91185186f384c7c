import { describe, expect, it } from 'vitest';

import type { BlockManifest } from '../types';
import { connectionProblem, createsCycle, nodePorts, upstreamOf } from './graph';

const edges = [
  { source: 'a', target: 'b', sourceHandle: 'main' },
  { source: 'b', target: 'c', sourceHandle: 'main' },
];

const manifest = (key: string, kind: 'trigger' | 'action') => ({ key, kind }) as BlockManifest;
const blocks = new Map([
  ['core.webhook', manifest('core.webhook', 'trigger')],
  ['core.transform', manifest('core.transform', 'action')],
]);
const nodes = [
  { id: 'a', data: { doc: { block: 'core.webhook' } } },
  { id: 'b', data: { doc: { block: 'core.transform' } } },
  { id: 'c', data: { doc: { block: 'core.transform' } } },
];

describe('createsCycle', () => {
  it('sees a loop back to an upstream node', () => {
    expect(createsCycle(edges, 'c', 'b')).toBe(true);
    expect(createsCycle(edges, 'c', 'a')).toBe(true);
  });

  it('allows a forward edge and a join', () => {
    expect(createsCycle(edges, 'a', 'c')).toBe(false);
  });

  it('counts an edge to itself as a loop', () => {
    expect(createsCycle([], 'a', 'a')).toBe(true);
  });
});

describe('connectionProblem', () => {
  it('refuses an edge into a trigger', () => {
    expect(connectionProblem({ source: 'b', target: 'a', sourceHandle: 'main' }, nodes, edges, blocks)).toMatch(/trigger/);
  });

  it('refuses an edge that closes a loop, and says so', () => {
    expect(connectionProblem({ source: 'c', target: 'b', sourceHandle: 'main' }, nodes, edges, blocks)).toMatch(/loop/);
  });

  it('refuses the same edge twice', () => {
    expect(connectionProblem({ source: 'a', target: 'b', sourceHandle: 'main' }, nodes, edges, blocks)).toMatch(/already/);
  });

  it('accepts a fine connection', () => {
    expect(connectionProblem({ source: 'a', target: 'c', sourceHandle: 'main' }, nodes, edges, blocks)).toBeNull();
  });
});

describe('upstreamOf', () => {
  it('lists every node that feeds a node, nearest first', () => {
    expect(upstreamOf(edges, 'c')).toEqual(['b', 'a']);
    expect(upstreamOf(edges, 'a')).toEqual([]);
  });
});

describe('nodePorts', () => {
  it('adds the error port only when failures are routed', () => {
    expect(nodePorts(['main'], undefined)).toEqual(['main']);
    expect(nodePorts(['true', 'false'], 'port')).toEqual(['true', 'false', 'error']);
    expect(nodePorts([], 'continue')).toEqual(['main']);
  });
});
