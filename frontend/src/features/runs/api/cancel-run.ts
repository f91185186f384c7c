import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Run } from '../types';
import { getRunQueryOptions } from './get-run';

/** Asks a queued, waiting or running run to stop; a running step finishes first. */
export const cancelRun = ({ runId }: { runId: string }): Promise<Run> =>
  api.post<Run>(`/api/runs/${encodeURIComponent(runId)}/cancel/`);

export const useCancelRun = ({ onSuccess }: { onSuccess?: (run: Run) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelRun,
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: getRunQueryOptions(run.id).queryKey });
      void queryClient.invalidateQueries({ queryKey: ['runs', 'list'] });
      onSuccess?.(run);
    },
  });
};
