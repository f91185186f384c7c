import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

export const clearInbox = (name: string): Promise<void> =>
  api.delete<undefined>(`/api/sandbox/inbox/${encodeURIComponent(name)}/`);

export const useClearInbox = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: clearInbox,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sandbox'] }),
  });
};
