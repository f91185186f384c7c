import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { UsedTemplate } from '../types';

/** Imports a template as a new draft flow. */
export const applyTemplate = ({ slug }: { slug: string }): Promise<UsedTemplate> =>
  api.post<UsedTemplate>(`/api/templates/${encodeURIComponent(slug)}/use/`);

export const useApplyTemplate = ({ onSuccess }: { onSuccess?: (flow: UsedTemplate) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: applyTemplate,
    onSuccess: (flow) => {
      void queryClient.invalidateQueries({ queryKey: ['flows'] });
      onSuccess?.(flow);
    },
  });
};
