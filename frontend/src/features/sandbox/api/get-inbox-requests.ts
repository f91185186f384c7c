import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api, toApiPath } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { InboxRequest } from '../types';
import { SANDBOX_REFRESH_MS } from './get-inboxes';

/** One page of an inbox's requests, newest first; `path` is the `next` link of the page before. */
export const getInboxRequests = ({
  name,
  path,
  signal,
}: {
  name: string;
  path: string | null;
  signal?: AbortSignal;
}): Promise<Page<InboxRequest>> =>
  api.get<Page<InboxRequest>>(path ?? `/api/sandbox/inbox/${encodeURIComponent(name)}/`, { signal });

export const getInboxRequestsQueryOptions = (name: string) =>
  infiniteQueryOptions({
    queryKey: ['sandbox', 'requests', name],
    queryFn: ({ pageParam, signal }) => getInboxRequests({ name, path: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => (lastPage.next ? toApiPath(lastPage.next) : null),
    refetchInterval: SANDBOX_REFRESH_MS,
  });

export const useInboxRequests = (name: string) => useInfiniteQuery(getInboxRequestsQueryOptions(name));
