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

/** The overview is live: it polls, which also catches runs that finish while it is open. */
export const STATS_REFRESH_MS = 5_000;

export const getRunStatsQueryOptions = (window: StatsWindow, flow: string | null = null) =>
  queryOptions({
    queryKey: ['runs', 'stats', { window, flow }],
    queryFn: ({ signal }) => getRunStats({ window, flow, signal }),
    refetchInterval: STATS_REFRESH_MS,
    // Switching windows keeps the old figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

export const useRunStats = (window: StatsWindow, flow: string | null = null) =>
  useQuery(getRunStatsQueryOptions(window, flow));
