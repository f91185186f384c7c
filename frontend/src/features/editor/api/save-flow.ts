import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { FlowDetail, FlowDocument } from '../types';

/**
 * Saves the document as a new version (or a new flow when there is no id yet).
 *
 * Always a draft: an invalid document is still saved, and its errors come back in `errors`
 * for the canvas to show. Only activation insists on a valid flow.
 */
export const saveFlow = ({ flowId, document }: { flowId: string | null; document: FlowDocument }): Promise<FlowDetail> =>
  flowId
    ? api.put<FlowDetail>(`/api/flows/${encodeURIComponent(flowId)}/`, document, { params: { draft: 1 } })
    : api.post<FlowDetail>('/api/flows/', document, { params: { draft: 1 } });

export const useSaveFlow = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveFlow,
    onSuccess: (flow) => {
      queryClient.setQueryData(['flows', 'detail', flow.id], flow);
      void queryClient.invalidateQueries({ queryKey: ['flows'], exact: true });
      void queryClient.invalidateQueries({ queryKey: ['flows', 'versions', flow.id] });
    },
  });
};
