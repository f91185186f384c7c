import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { FlowDetail } from '../types';

/** Turns the trigger on; the server answers 400 with the errors when the saved version is invalid. */
export const activateFlow = ({ flowId }: { flowId: string }): Promise<FlowDetail> =>
  api.post<FlowDetail>(`/api/flows/${encodeURIComponent(flowId)}/activate/`);

export const useActivateFlow = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: activateFlow,
    onSuccess: (flow) => queryClient.setQueryData(['flows', 'detail', flow.id], flow),
  });
};
