import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { FlowVersion } from '../types';

export const getVersions = ({ flowId, signal }: { flowId: string; signal?: AbortSignal }): Promise<Page<FlowVersion>> =>
  api.get<Page<FlowVersion>>(`/api/flows/${encodeURIComponent(flowId)}/versions/`, { signal });

export const getVersionsQueryOptions = (flowId: string) =>
  queryOptions({ queryKey: ['flows', 'versions', flowId], queryFn: ({ signal }) => getVersions({ flowId, signal }) });

export const useVersions = (flowId: string, enabled: boolean) =>
  useQuery({ ...getVersionsQueryOptions(flowId), enabled });
