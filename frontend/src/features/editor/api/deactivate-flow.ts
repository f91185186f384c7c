import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { FlowDetail } from '../types';

export const deactivateFlow = ({ flowId }: { flowId: string }): Promise<FlowDetail> =>
  api.post<FlowDetail>(`/api/flows/${encodeURIComponent(flowId)}/deactivate/`);

export const useDeactivateFlow = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deactivateFlow,
    onSuccess: (flow) => queryClient.setQueryData(['flows', 'detail', flow.id], flow),
  });
};
