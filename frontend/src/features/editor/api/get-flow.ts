import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { FlowDetail } from '../types';

export const getFlow = ({ flowId, signal }: { flowId: string; signal?: AbortSignal }): Promise<FlowDetail> =>
  api.get<FlowDetail>(`/api/flows/${encodeURIComponent(flowId)}/`, { signal });

export const getFlowQueryOptions = (flowId: string) =>
  queryOptions({ queryKey: ['flows', 'detail', flowId], queryFn: ({ signal }) => getFlow({ flowId, signal }) });

export const useFlow = (flowId: string | undefined) =>
  useQuery({ ...getFlowQueryOptions(flowId ?? ''), enabled: Boolean(flowId) });
