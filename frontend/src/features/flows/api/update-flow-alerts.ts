import { useMutation, useQueryClient } from '@tanstack/react-query';

import { request } from '@/lib/api-client';

import type { FlowAlerts } from '../types';
import { getFlowAlertsQueryOptions } from './get-flow-alerts';

/** Where a failing run of the flow is reported; an empty string turns that channel off. */
export const updateFlowAlerts = ({ flowId, alerts }: { flowId: string; alerts: FlowAlerts }): Promise<FlowAlerts> =>
  request<FlowAlerts>(`/api/flows/${encodeURIComponent(flowId)}/alerts/`, { method: 'PUT', body: alerts });

export const useUpdateFlowAlerts = ({ onSuccess }: { onSuccess?: (alerts: FlowAlerts) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateFlowAlerts,
    onSuccess: (alerts, { flowId }) => {
      queryClient.setQueryData(getFlowAlertsQueryOptions(flowId).queryKey, alerts);
      onSuccess?.(alerts);
    },
  });
};
