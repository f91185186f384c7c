import { describe, expect, it } from 'vitest';

import { summarizeError } from './step-error';

describe('summarizeError', () => {
  it('reads the vendor status of a rejected call', () => {
    const error = {
      type: 'VendorRejected',
      code: 'vendor_rejected',
      message: 'Stripe answered 402: Your card was declined.',
      retryable: false,
      vendor: { status: 402, code: 'card_declined' },
    };

    expect(summarizeError(error)).toEqual({
      message: 'Stripe answered 402: Your card was declined.',
      code: 'vendor_rejected',
      httpStatus: 402,
      retryable: false,
    });
  });

  it('reads the status a retryable 5xx keeps in details', () => {
    const error = { code: 'retryable', message: 'ERP answered 500', retryable: true, details: { status: 500 } };

    expect(summarizeError(error)?.httpStatus).toBe(500);
  });

  it('shows no 2xx as the status of a failure (a GraphQL error answered with 200)', () => {
    const error = { code: 'vendor_rejected', message: 'Shopify GraphQL error: Throttled', retryable: false, vendor: { status: 200 } };

    expect(summarizeError(error)?.httpStatus).toBeNull();
  });

  it('has no summary for no error, and a message for a bare string', () => {
    expect(summarizeError(null)).toBeNull();
    expect(summarizeError(undefined)).toBeNull();
    expect(summarizeError('boom')).toEqual({ message: 'boom', code: null, httpStatus: null, retryable: null });
  });
});
