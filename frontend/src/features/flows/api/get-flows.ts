import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api, toApiPath } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { Flow } from '../types';

/** One page of flows; `path` is a pagination link from a previous page, or null for the first. */
export const getFlows = ({ path, signal }: { path: string | null; signal?: AbortSignal }): Promise<Page<Flow>> =>
  api.get<Page<Flow>>(path ?? '/api/flows/', { signal });

export const getFlowsInfiniteQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: ['flows'],
    queryFn: ({ pageParam, signal }) => getFlows({ path: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => (lastPage.next ? toApiPath(lastPage.next) : null),
  });

export const useFlows = () => useInfiniteQuery(getFlowsInfiniteQueryOptions());
