import { describe, expect, it } from 'vitest';

import { computedPositions, NOT_REACHED, toGraphElements } from './flow-graph';

const node = (id: string, block = 'core.transform') => ({ id, block });

describe('computedPositions', () => {
  it('puts each node one column right of its deepest predecessor, rows in document order', () => {
    const positions = computedPositions({
      nodes: [node('order', 'shopify.order_paid'), node('check'), node('tag'), node('post'), node('alert')],
      edges: [
        { from: 'order', to: 'check' },
        { from: 'check', to: 'tag', port: 'true' },
        { from: 'check', to: 'alert', port: 'false' },
        { from: 'order', to: 'post' },
        { from: 'tag', to: 'post' },
      ],
    });

    expect(positions).toEqual({
      order: [0, 0],
      check: [260, 0],
      tag: [520, 0],
      post: [780, 0],
      alert: [520, 100],
    });
  });

  it('survives a cycle and edges to unknown nodes', () => {
    const positions = computedPositions({
      nodes: [node('a'), node('b')],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'a', to: 'ghost' },
      ],
    });

    expect(Object.keys(positions)).toEqual(['a', 'b']);
  });
});

describe('toGraphElements', () => {
  it('uses the saved editor positions when every node has one', () => {
    const { nodes, edges } = toGraphElements({
      nodes: [{ ...node('order'), title: 'Order paid' }, node('send')],
      edges: [{ from: 'order', to: 'send' }],
      positions: { order: [100, 40], send: [400, 40] },
    });

    expect(nodes.map((n) => [n.id, n.data.label, n.position.x, n.position.y])).toEqual([
      ['order', 'Order paid', 100, 40],
      ['send', 'send', 400, 40],
    ]);
    expect(edges.map((e) => [e.source, e.target, e.label])).toEqual([['order', 'send', undefined]]);
  });

  it('computes positions when some are missing', () => {
    const { nodes } = toGraphElements({
      nodes: [node('a'), node('b')],
      edges: [{ from: 'a', to: 'b' }],
      positions: { a: [0, 0] },
    });

    expect(nodes.map((n) => [n.position.x, n.position.y])).toEqual([
      [0, 0],
      [260, 0],
    ]);
  });

  it('gives every node a status when statuses are given, "not reached" to one without a step', () => {
    const graph = { nodes: [node('a'), node('b'), node('c')], edges: [{ from: 'a', to: 'b', port: 'error' }] };

    const { nodes, edges } = toGraphElements(graph, { statuses: { a: 'succeeded', b: 'failed' }, selected: 'b' });

    expect(nodes.map((n) => [n.data.status, n.ariaLabel, n.selected])).toEqual([
      ['succeeded', 'a: succeeded', false],
      ['failed', 'b: failed', true],
      [NOT_REACHED, 'c: not reached', false],
    ]);
    expect(edges[0]?.label).toBe('error');
    expect(toGraphElements(graph).nodes.map((n) => n.data.status)).toEqual([undefined, undefined, undefined]);
  });
});
