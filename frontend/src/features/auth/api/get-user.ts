import { queryOptions, useQuery } from '@tanstack/react-query';

import { ApiError, api } from '@/lib/api-client';

import type { User } from '../types';

/** The signed-in user, or null when there is no session (the API answers 401/403). */
export async function getUser({ signal }: { signal?: AbortSignal } = {}): Promise<User | null> {
  try {
    return await api.get<User>('/api/auth/me/', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.isUnauthenticated) return null;
    throw error;
  }
}

export const getUserQueryOptions = () =>
  queryOptions({
    queryKey: ['auth', 'me'],
    queryFn: ({ signal }) => getUser({ signal }),
    staleTime: 60_000,
    retry: false,
  });

export const useUser = () => useQuery(getUserQueryOptions());
