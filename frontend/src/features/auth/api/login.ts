import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { User } from '../types';
import { getUserQueryOptions } from './get-user';

export interface LoginInput {
  username: string;
  password: string;
}

export const login = (input: LoginInput): Promise<User> => api.post<User>('/api/auth/login/', input);

export const useLogin = ({ onSuccess }: { onSuccess?: (user: User) => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      queryClient.setQueryData(getUserQueryOptions().queryKey, user);
      onSuccess?.(user);
    },
  });
};
