import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { isRunActive } from '@/lib/run-status';

import type { RunDetail } from '../types';

export const getRun = ({ runId, signal }: { runId: string; signal?: AbortSignal }): Promise<RunDetail> =>
  api.get<RunDetail>(`/api/runs/${encodeURIComponent(runId)}/`, { signal });

export const getRunQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: ['runs', 'detail', runId],
    queryFn: ({ signal }) => getRun({ runId, signal }),
    // Follow a run while it is moving; a finished run does not change.
    refetchInterval: (query) => (query.state.data && !isRunActive(query.state.data.status) ? false : 2_000),
  });

export const useRun = (runId: string) => useQuery(getRunQueryOptions(runId));
