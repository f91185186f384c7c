import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

/** Just what the runs filter needs of a flow; the flows feature owns the full shape. */
export interface FlowChoice {
  id: string;
  name: string;
}

/** The flows to pick from in the runs filter (GET /api/flows/ returns them all on one page). */
export const getFlowChoices = ({ signal }: { signal?: AbortSignal } = {}): Promise<FlowChoice[]> =>
  api.get<Page<FlowChoice>>('/api/flows/', { signal }).then((page) => page.results);

export const getFlowChoicesQueryOptions = () =>
  queryOptions({
    queryKey: ['flows', 'choices'],
    queryFn: ({ signal }) => getFlowChoices({ signal }),
    staleTime: 30_000,
  });

export const useFlowChoices = () => useQuery(getFlowChoicesQueryOptions());
