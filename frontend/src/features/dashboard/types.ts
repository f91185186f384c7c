export const WINDOWS = ['1h', '24h', '7d', '30d'] as const;

export type StatsWindow = (typeof WINDOWS)[number];

export type StatusCounts = Record<
  'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped' | 'cancelled',
  number
>;

export interface FlowHealth {
  id: string;
  name: string;
  runs: number;
  succeeded: number;
  failed: number;
  /** succeeded / (succeeded + failed), 0..1; null with no finished run. */
  success_rate: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface ErrorGroup {
  message: string;
  code: string | null;
  count: number;
  flow: { id: string; name: string };
  last_seen: string | null;
}

/** GET /api/runs/stats/: everything the overview shows for one window. */
export interface RunStats {
  window: StatsWindow;
  since: string;
  until: string;
  /** Width of one series bucket, in seconds. */
  bucket_s: number;
  totals: StatusCounts;
  series: ({ t: string } & StatusCounts)[];
  flows: FlowHealth[];
  top_failing: { id: string; name: string; failed: number }[];
  errors: ErrorGroup[];
}
