import { describe, expect, it } from 'vitest';

import { BOX, computedPositions, graphLayout } from './graph-layout';

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
      alert: [520, 90],
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

describe('graphLayout', () => {
  it('uses the saved editor positions when every node has one', () => {
    const layout = graphLayout({
      nodes: [{ ...node('order'), title: 'Order paid' }, node('send')],
      edges: [{ from: 'order', to: 'send' }],
      ui: { positions: { order: [100, 40], send: [400, 40] } },
    });

    expect(layout.nodes.map((n) => [n.id, n.label, n.x, n.y])).toEqual([
      ['order', 'Order paid', 100, 40],
      ['send', 'send', 400, 40],
    ]);
    expect(layout.edges).toHaveLength(1);
    expect(layout.edges[0]?.path.startsWith(`M${100 + BOX.width},${40 + BOX.height / 2} `)).toBe(true);
    // Two columns are centred in the width of three.
    expect(layout.viewBox).toBe(`-18 32 ${520 + BOX.width + 16} ${BOX.height + 16}`);
  });

  it('computes positions when some are missing', () => {
    const layout = graphLayout({
      nodes: [node('a'), node('b')],
      edges: [{ from: 'a', to: 'b' }],
      ui: { positions: { a: [0, 0] } },
    });

    expect(layout.nodes.map((n) => [n.x, n.y])).toEqual([
      [0, 0],
      [260, 0],
    ]);
  });
});
