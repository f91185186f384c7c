import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { RunSummary } from '../types';

/** How often the editor looks for a new run (a webhook delivery, a test run). */
const LATEST_RUN_POLL_MS = 1_500;

export const getLatestRun = async ({ flowId, signal }: { flowId: string; signal?: AbortSignal }): Promise<RunSummary | null> => {
  const page = await api.get<Page<RunSummary>>('/api/runs/', { params: { flow: flowId, limit: 1 }, signal });
  return page.results[0] ?? null;
};

export const getLatestRunQueryOptions = (flowId: string) =>
  queryOptions({
    queryKey: ['runs', 'latest', flowId],
    queryFn: ({ signal }) => getLatestRun({ flowId, signal }),
    refetchInterval: LATEST_RUN_POLL_MS,
  });

export const useLatestRun = (flowId: string | null) =>
  useQuery({ ...getLatestRunQueryOptions(flowId ?? ''), enabled: Boolean(flowId) });
