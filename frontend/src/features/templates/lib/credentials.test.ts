import { describe, expect, it } from 'vitest';

import { withCredentials } from './credentials';

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
