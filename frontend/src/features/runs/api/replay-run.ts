import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { RunCreated } from '../types';

export interface ReplayRunInput {
  runId: string;
  /** Replaces the trigger's output (the payload); omitted, the original event is used. */
  trigger?: unknown;
}

/** A new run from the failed step of a failed or cancelled run (409 for any other status). */
export const replayRun = ({ runId, trigger }: ReplayRunInput): Promise<RunCreated> =>
  api.post<RunCreated>(`/api/runs/${encodeURIComponent(runId)}/replay/`, trigger === undefined ? {} : { trigger });

export const useReplayRun = ({ onSuccess }: { onSuccess?: (created: RunCreated) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replayRun,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['runs', 'list'] });
      onSuccess?.(created);
    },
  });
};
