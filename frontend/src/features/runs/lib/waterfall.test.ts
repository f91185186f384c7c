import { describe, expect, it } from 'vitest';

import { waterfall } from './waterfall';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe('waterfall', () => {
  it('places each step on the span from the first start to the last end', () => {
    const bars = waterfall([
      { started_at: at(0), finished_at: at(1) },
      { started_at: at(1), finished_at: at(2) },
      { started_at: at(6), finished_at: at(10) },
    ]);

    expect(bars).toEqual([
      { offsetPct: 0, widthPct: 10 },
      { offsetPct: 10, widthPct: 10 },
      { offsetPct: 60, widthPct: 40 },
    ]);
  });

  it('ends a running step now and gives an unstarted step no bar', () => {
    const now = new Date(at(4)).getTime();

    const bars = waterfall(
      [
        { started_at: at(0), finished_at: at(2) },
        { started_at: at(2), finished_at: null },
        { started_at: null, finished_at: null },
      ],
      now,
    );

    expect(bars).toEqual([{ offsetPct: 0, widthPct: 50 }, { offsetPct: 50, widthPct: 50 }, null]);
  });

  it('shows a run of instant steps as full bars', () => {
    expect(waterfall([{ started_at: at(0), finished_at: at(0) }])).toEqual([{ offsetPct: 0, widthPct: 100 }]);
  });
});
