import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export interface RunFlowInput {
  flowId: string;
  /** Stands for the webhook body (or the manual trigger's payload). */
  payload: unknown;
  headers?: Record<string, string>;
  query?: Record<string, unknown>;
}

/** A test run of the current saved version, on a worker like any other run. */
export const runFlow = ({ flowId, ...body }: RunFlowInput): Promise<{ run_id: string }> =>
  api.post<{ run_id: string }>(`/api/flows/${encodeURIComponent(flowId)}/run/`, body);

export const useRunFlow = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runFlow,
    onSuccess: (_, { flowId }) => queryClient.invalidateQueries({ queryKey: ['runs', 'latest', flowId] }),
  });
};
