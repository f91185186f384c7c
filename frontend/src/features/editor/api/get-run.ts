import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { isRunActive } from '@/lib/run-status';

import type { RunDetail } from '../types';

/** Steps change colour as the run moves; half a second keeps the canvas live without hammering. */
const RUN_POLL_MS = 500;

export const getRun = ({ runId, signal }: { runId: string; signal?: AbortSignal }): Promise<RunDetail> =>
  api.get<RunDetail>(`/api/runs/${encodeURIComponent(runId)}/`, { signal });

export const getRunQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: ['runs', 'detail', runId],
    queryFn: ({ signal }) => getRun({ runId, signal }),
    refetchInterval: (query) => (query.state.data && !isRunActive(query.state.data.status) ? false : RUN_POLL_MS),
  });

export const useRun = (runId: string | null) => useQuery({ ...getRunQueryOptions(runId ?? ''), enabled: Boolean(runId) });
