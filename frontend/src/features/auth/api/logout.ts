import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { getUserQueryOptions } from './get-user';

export const logout = (): Promise<void> => api.post<undefined>('/api/auth/logout/');

export const useLogout = ({ onSuccess }: { onSuccess?: () => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      // Drop everything cached for the old session, then record that nobody is signed in.
      queryClient.clear();
      queryClient.setQueryData(getUserQueryOptions().queryKey, null);
      onSuccess?.();
    },
  });
};
