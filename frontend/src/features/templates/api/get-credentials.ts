import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Credential } from '../types';

/** The stored credentials of one connector (secrets never come back, only `secrets_set`). */
export const getCredentials = ({ connector, signal }: { connector: string; signal?: AbortSignal }) =>
  api
    .get<{ results: Credential[] }>('/api/credentials/', { params: { connector }, signal })
    // Filtered here as well, so a server that ignores `?connector=` still offers only matching ones.
    .then((page) => page.results.filter((c) => c.connector === connector));

export const getCredentialsQueryOptions = (connector: string) =>
  queryOptions({
    queryKey: ['credentials', { connector }],
    queryFn: ({ signal }) => getCredentials({ connector, signal }),
  });

export const useCredentials = (connector: string) => useQuery(getCredentialsQueryOptions(connector));
