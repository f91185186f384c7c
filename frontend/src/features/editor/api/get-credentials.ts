import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { Credential } from '../types';

export const getCredentials = ({ signal }: { signal?: AbortSignal }): Promise<Page<Credential>> =>
  api.get<Page<Credential>>('/api/credentials/', { signal });

export const getCredentialsQueryOptions = () =>
  queryOptions({ queryKey: ['credentials'], queryFn: ({ signal }) => getCredentials({ signal }) });

export const useCredentials = () => useQuery(getCredentialsQueryOptions());
