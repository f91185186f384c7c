import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { FlowDetail } from '../types';

/** A new webhook URL; the old one stops working at once. */
export const rotateWebhookToken = ({ flowId }: { flowId: string }): Promise<FlowDetail> =>
  api.post<FlowDetail>(`/api/flows/${encodeURIComponent(flowId)}/rotate-webhook-token/`);

export const useRotateWebhookToken = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rotateWebhookToken,
    onSuccess: (flow) => queryClient.setQueryData(['flows', 'detail', flow.id], flow),
  });
};
