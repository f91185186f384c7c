import { describe, expect, it } from 'vitest';

import { nodeLabel, withCredentials } from './credentials';

describe('withCredentials', () => {
  it('sets the chosen credential on its node and leaves the others and the input alone', () => {
    const document = {
      name: 'Refund',
      nodes: [
        { id: 'cancelled', block: 'shopify.order_cancelled', credential: 'c-shop' },
        { id: 'refund', block: 'stripe.refund' },
      ],
      edges: [{ from: 'cancelled', to: 'refund' }],
    };

    const saved = withCredentials(document, { refund: 'c-stripe' });

    expect(saved.nodes).toEqual([
      { id: 'cancelled', block: 'shopify.order_cancelled', credential: 'c-shop' },
      { id: 'refund', block: 'stripe.refund', credential: 'c-stripe' },
    ]);
    expect(document.nodes[1]).not.toHaveProperty('credential');
  });
});

describe('nodeLabel', () => {
  it("names a node by its title, and by its id only when it has none", () => {
    const document = {
      name: 'Stock',
      nodes: [
        { id: 'set', block: 'shopify.set_inventory', title: 'Set the Shopify level' },
        { id: 'erp', block: 'core.webhook' },
      ],
      edges: [],
    };

    expect(nodeLabel(document, 'set')).toBe('Set the Shopify level');
    expect(nodeLabel(document, 'erp')).toBe('erp');
  });
});
