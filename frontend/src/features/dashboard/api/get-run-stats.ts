import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { RunStats, StatsWindow } from '../types';

export const getRunStats = ({
  window,
  flow,
  signal,
}: {
  window: StatsWindow;
  flow?: string | null;
  signal?: AbortSignal;
}): Promise<RunStats> => api.get<RunStats>('/api/runs/stats/', { params: { window, flow }, signal });

/**
 * The overview is live: it polls, which also catches runs that finish while it is open. A long
 * window changes little in 5 s and costs the most to count (about a second of database time for
 * 30 days at a million runs: docs/performance.md), so it is refreshed less often.
 */
export const STATS_REFRESH_MS: Record<StatsWindow, number> = {
  '1h': 5_000,
  '24h': 15_000,
  '7d': 60_000,
  '30d': 60_000,
};

export const getRunStatsQueryOptions = (window: StatsWindow, flow: string | null = null) =>
  queryOptions({
    queryKey: ['runs', 'stats', { window, flow }],
    queryFn: ({ signal }) => getRunStats({ window, flow, signal }),
    refetchInterval: STATS_REFRESH_MS[window],
    // Switching windows keeps the old figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

export const useRunStats = (window: StatsWindow, flow: string | null = null) =>
  useQuery(getRunStatsQueryOptions(window, flow));
