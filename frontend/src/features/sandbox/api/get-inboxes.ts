import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { Inbox } from '../types';

export const SANDBOX_REFRESH_MS = 3_000;

export const getInboxes = ({ signal }: { signal?: AbortSignal } = {}): Promise<Inbox[]> =>
  api.get<Page<Inbox>>('/api/sandbox/inbox/', { signal }).then((page) => page.results);

export const getInboxesQueryOptions = () =>
  queryOptions({
    queryKey: ['sandbox', 'inboxes'],
    queryFn: ({ signal }) => getInboxes({ signal }),
    // A test order's calls arrive while the page is open: show them without a reload.
    refetchInterval: SANDBOX_REFRESH_MS,
  });

export const useInboxes = () => useQuery(getInboxesQueryOptions());
