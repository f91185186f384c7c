import { describe, expect, it } from 'vitest';

import { filterFromParams, fromLocalInput, isFiltered, toLocalInput } from './runs-filter';

describe('filterFromParams', () => {
  it('reads every filter from the query string', () => {
    const params = new URLSearchParams(
      'flow=f1&status=failed&since=2026-01-01T00:00:00.000Z&until=2026-01-02T00:00:00.000Z&search=%201001%20',
    );

    expect(filterFromParams(params)).toEqual({
      flow: 'f1',
      status: 'failed',
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-01-02T00:00:00.000Z',
      search: '1001',
    });
  });

  it('ignores an unknown status and empty values', () => {
    const filter = filterFromParams(new URLSearchParams('status=exploded&search=&flow='));

    expect(filter).toEqual({ flow: null, status: null, since: null, until: null, search: null });
    expect(isFiltered(filter)).toBe(false);
  });
});

describe('local datetime inputs', () => {
  it('round-trips an instant through the datetime-local format', () => {
    const iso = '2026-03-04T05:06:00.000Z';

    expect(toLocalInput(iso)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput('not a date')).toBe('');
    expect(fromLocalInput('')).toBeNull();
  });
});
