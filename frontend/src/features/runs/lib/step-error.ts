function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ErrorSummary {
  message: string;
  code: string | null;
  /** The vendor's HTTP status, from `vendor.status` or `details.status`; never a 2xx. */
  httpStatus: number | null;
  retryable: boolean | null;
}

/**
 * The parts of a step's or attempt's error that an operator reads first.
 *
 * Errors are stored as a block error's JSON: `{type, code, message, retryable, details: {status},
 * vendor: {status, code}}`; anything else (a string, an unexpected object) still yields a message.
 */
export function summarizeError(error: unknown): ErrorSummary | null {
  if (error === null || error === undefined || error === '') return null;
  if (!isRecord(error)) {
    const message = typeof error === 'string' ? error : JSON.stringify(error);
    return { message, code: null, httpStatus: null, retryable: null };
  }
  const vendor = isRecord(error.vendor) ? error.vendor : {};
  const details = isRecord(error.details) ? error.details : {};
  // A 2xx is not why the step failed (a GraphQL error arrives with 200): it is no failure status.
  const status = [vendor.status, details.status, error.status].find((s) => typeof s === 'number' && (s < 200 || s >= 300));
  return {
    message: typeof error.message === 'string' ? error.message : JSON.stringify(error),
    code: typeof error.code === 'string' ? error.code : null,
    httpStatus: typeof status === 'number' ? status : null,
    retryable: typeof error.retryable === 'boolean' ? error.retryable : null,
  };
}
