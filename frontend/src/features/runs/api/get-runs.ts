import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api, toApiPath } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { RunsFilter } from '../lib/runs-filter';
import type { Run } from '../types';

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
    : api.get<Page<Run>>('/api/runs/', { params: { ...filter }, signal });

export const RUNS_REFRESH_MS = 5_000;

export const getRunsInfiniteQueryOptions = (filter: RunsFilter) =>
  infiniteQueryOptions({
    queryKey: ['runs', 'list', filter],
    queryFn: ({ pageParam, signal }) => getRuns({ filter, path: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => (lastPage.next ? toApiPath(lastPage.next) : null),
    refetchInterval: RUNS_REFRESH_MS,
  });

export const useRuns = (filter: RunsFilter) => useInfiniteQuery(getRunsInfiniteQueryOptions(filter));
