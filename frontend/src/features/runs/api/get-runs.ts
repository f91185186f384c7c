import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api, toApiPath } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { Run, RunStatus } from '../types';

export interface RunsFilter {
  flow?: string | null;
  status?: RunStatus | null;
}

/**
 * One page of runs, newest first.
 *
 * Args:
 *   filter: applied to the first page only; later pages come from `path`, the `next` link,
 *     which already carries the filter and the cursor.
 */
export const getRuns = ({
  filter,
  path,
  signal,
}: {
  filter: RunsFilter;
  path: string | null;
  signal?: AbortSignal;
}): Promise<Page<Run>> =>
  path
    ? api.get<Page<Run>>(path, { signal })
    : api.get<Page<Run>>('/api/runs/', { params: { flow: filter.flow, status: filter.status }, signal });

export const RUNS_REFRESH_MS = 5_000;

export const getRunsInfiniteQueryOptions = (filter: RunsFilter) =>
  infiniteQueryOptions({
    queryKey: ['runs', 'list', { flow: filter.flow ?? null, status: filter.status ?? null }],
    queryFn: ({ pageParam, signal }) => getRuns({ filter, path: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => (lastPage.next ? toApiPath(lastPage.next) : null),
    refetchInterval: RUNS_REFRESH_MS,
  });

export const useRuns = (filter: RunsFilter) => useInfiniteQuery(getRunsInfiniteQueryOptions(filter));
