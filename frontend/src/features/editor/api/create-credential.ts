import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Credential } from '../types';

export interface CreateCredentialInput {
  name: string;
  connector: string;
  data: Record<string, unknown>;
}

export const createCredential = (input: CreateCredentialInput): Promise<Credential> =>
  api.post<Credential>('/api/credentials/', input);

export const useCreateCredential = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCredential,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['credentials'] }),
  });
};
