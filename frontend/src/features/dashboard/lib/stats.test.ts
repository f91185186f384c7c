import { describe, expect, it } from 'vitest';

import type { StatusCounts } from '../types';
import { bucketLabel, chartRows, failedRunsPath, formatRate, isStatsWindow, successRate, totalRuns } from './stats';

const zero: StatusCounts = { queued: 0, running: 0, waiting: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };

describe('chartRows', () => {
  it('keeps each outcome and folds queued, running and waiting into one stack', () => {
    const rows = chartRows({
      bucket_s: 3600,
      series: [
        { t: '2026-03-04T10:00:00Z', ...zero, succeeded: 5, failed: 2, queued: 1, running: 2, waiting: 3 },
        { t: '2026-03-04T11:00:00Z', ...zero, skipped: 1, cancelled: 4 },
      ],
    });

    expect(rows.map((row) => ({ ...row, label: undefined }))).toEqual([
      { t: Date.UTC(2026, 2, 4, 10), label: undefined, succeeded: 5, failed: 2, skipped: 0, cancelled: 0, active: 6 },
      { t: Date.UTC(2026, 2, 4, 11), label: undefined, succeeded: 0, failed: 0, skipped: 1, cancelled: 4, active: 0 },
    ]);
  });
});

describe('bucketLabel', () => {
  it('shows the time for small buckets and the date for day buckets', () => {
    expect(bucketLabel('2026-03-04T10:05:00Z', 300, 'en-US')).toMatch(/\d{2}:05/);
    expect(bucketLabel('2026-03-04T12:00:00Z', 86_400, 'en-US')).toMatch(/^Mar [345]$/);
  });
});

describe('totals', () => {
  it('counts every run and rates success among succeeded and failed only', () => {
    const totals = { ...zero, succeeded: 39, failed: 1, skipped: 10, running: 2 };

    expect(totalRuns(totals)).toBe(52);
    expect(successRate(totals)).toBe(0.975);
    expect(formatRate(0.975)).toBe('97.5 %');
    expect(formatRate(1)).toBe('100 %');
    expect(successRate(zero)).toBeNull();
    expect(formatRate(null)).toBe('—');
  });
});

describe('links and params', () => {
  it('links a flow to its failed runs and accepts only known windows', () => {
    expect(failedRunsPath('f-1')).toBe('/runs?flow=f-1&status=failed');
    expect(isStatsWindow('7d')).toBe(true);
    expect(isStatsWindow('2d')).toBe(false);
    expect(isStatsWindow(null)).toBe(false);
  });
});
