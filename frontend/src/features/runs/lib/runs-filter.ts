import { isRunStatus, type RunStatus } from '@/lib/run-status';

/** The runs list's filter; each field is also a query param of the page and of GET /api/runs/. */
export interface RunsFilter {
  flow: string | null;
  status: RunStatus | null;
  /** ISO 8601 instants; runs created in [since, until). */
  since: string | null;
  until: string | null;
  /** Text looked for inside trigger payloads: an order number, an email. */
  search: string | null;
}

export const FILTER_KEYS = ['flow', 'status', 'since', 'until', 'search'] as const;

/** Reads the filter from the page's query string; unknown statuses and empty values are ignored. */
export function filterFromParams(params: URLSearchParams): RunsFilter {
  const text = (key: string) => params.get(key)?.trim() || null;
  const status = params.get('status');
  return {
    flow: text('flow'),
    status: isRunStatus(status) ? status : null,
    since: text('since'),
    until: text('until'),
    search: text('search'),
  };
}

export function isFiltered(filter: RunsFilter): boolean {
  return FILTER_KEYS.some((key) => filter[key] !== null);
}

/**
 * The value of an `<input type="datetime-local">` for an ISO instant, in the browser's zone.
 * Empty when there is none or it does not parse.
 */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The ISO instant for a `datetime-local` value (read in the browser's zone), or null. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
