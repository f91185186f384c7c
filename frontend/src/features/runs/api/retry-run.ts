import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { RunCreated } from '../types';

/** A fresh run from the same event, from the start, on the flow's current version. */
export const retryRun = ({ runId }: { runId: string }): Promise<RunCreated> =>
  api.post<RunCreated>(`/api/runs/${encodeURIComponent(runId)}/retry/`);

export const useRetryRun = ({ onSuccess }: { onSuccess?: (created: RunCreated) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryRun,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['runs', 'list'] });
      onSuccess?.(created);
    },
  });
};
