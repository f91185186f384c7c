import type { RunStats, StatsWindow, StatusCounts } from '../types';
import { WINDOWS } from '../types';

/** The chart's stacks, bottom to top, with the colour each is drawn in (Mantine palette names). */
export const CHART_SERIES = [
  { key: 'succeeded', label: 'Succeeded', color: 'green' },
  { key: 'failed', label: 'Failed', color: 'red' },
  { key: 'skipped', label: 'Skipped', color: 'yellow' },
  { key: 'cancelled', label: 'Cancelled', color: 'gray' },
  { key: 'active', label: 'Waiting / running', color: 'blue' },
] as const;

export type ChartKey = (typeof CHART_SERIES)[number]['key'];

export type ChartRow = { t: number; label: string } & Record<ChartKey, number>;

/** The order stat cards are shown in: outcomes first, then what is still in flight. */
export const CARD_STATUSES: (keyof StatusCounts)[] = [
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'running',
  'waiting',
  'queued',
];

export function isStatsWindow(value: string | null): value is StatsWindow {
  return value !== null && (WINDOWS as readonly string[]).includes(value);
}

/** "14:05" for buckets under a day, "Mar 4" for day buckets, "Mar 4 18:00" in between. */
export function bucketLabel(iso: string, bucketS: number, locale?: string): string {
  const date = new Date(iso);
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  const day: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
  if (bucketS >= 86_400) return date.toLocaleDateString(locale, day);
  if (bucketS >= 6 * 3_600) return date.toLocaleString(locale, { ...day, ...time });
  return date.toLocaleTimeString(locale, time);
}

/**
 * The stats series as chart rows: one per bucket, with queued, running and waiting folded into
 * one "in flight" stack (they are all "not finished yet" to someone reading history).
 */
export function chartRows(stats: Pick<RunStats, 'series' | 'bucket_s'>, locale?: string): ChartRow[] {
  return stats.series.map((point) => ({
    t: new Date(point.t).getTime(),
    label: bucketLabel(point.t, stats.bucket_s, locale),
    succeeded: point.succeeded,
    failed: point.failed,
    skipped: point.skipped,
    cancelled: point.cancelled,
    active: point.queued + point.running + point.waiting,
  }));
}

export function totalRuns(totals: StatusCounts): number {
  return Object.values(totals).reduce((sum, n) => sum + n, 0);
}

/** Succeeded out of finished-with-an-outcome (succeeded + failed), or null with none. */
export function successRate(totals: StatusCounts): number | null {
  const decided = totals.succeeded + totals.failed;
  return decided === 0 ? null : totals.succeeded / decided;
}

/** "97.5 %", "100 %", an em dash when unknown. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const pct = rate * 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)} %`;
}

/** The runs list, filtered to one flow's failures: where every "why did it fail" leads. */
export function failedRunsPath(flowId: string): string {
  return `/runs?${new URLSearchParams({ flow: flowId, status: 'failed' }).toString()}`;
}
