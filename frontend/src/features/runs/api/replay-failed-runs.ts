import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export interface ReplayFailedRunsInput {
  flow?: string | null;
  since?: string | null;
  until?: string | null;
  limit?: number;
}

export interface ReplayedRuns {
  replayed: { run_id: string; replay_of: string }[];
}

/** Replays every failed run that matches the filter (the server caps it at `limit`, default 100). */
export const replayFailedRuns = (input: ReplayFailedRunsInput): Promise<ReplayedRuns> => {
  // Only the fields that are set: the API validates `null` as a value, not as "no filter".
  const body = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
  return api.post<ReplayedRuns>('/api/runs/replay/', body);
};

export const useReplayFailedRuns = ({ onSuccess }: { onSuccess?: (result: ReplayedRuns) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replayFailedRuns,
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['runs', 'list'] });
      onSuccess?.(result);
    },
  });
};
