import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { FlowAlerts } from '../types';

/** A flow's failure notification settings, read from the flow's detail. */
export const getFlowAlerts = ({ flowId, signal }: { flowId: string; signal?: AbortSignal }): Promise<FlowAlerts> =>
  api
    .get<{ alerts?: FlowAlerts | null }>(`/api/flows/${encodeURIComponent(flowId)}/`, { signal })
    .then((flow) => flow.alerts ?? { email: '', webhook_url: '' });

export const getFlowAlertsQueryOptions = (flowId: string) =>
  queryOptions({
    queryKey: ['flows', 'alerts', flowId],
    queryFn: ({ signal }) => getFlowAlerts({ flowId, signal }),
  });

export const useFlowAlerts = (flowId: string) => useQuery(getFlowAlertsQueryOptions(flowId));
