import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { FlowDetail } from '../types';

/** Creates a flow from a document; an invalid one is refused with every error (400). */
export const importFlow = ({ document }: { document: unknown }): Promise<FlowDetail> =>
  api.post<FlowDetail>('/api/flows/import/', document);

export const useImportFlow = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importFlow,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['flows'], exact: true }),
  });
};
