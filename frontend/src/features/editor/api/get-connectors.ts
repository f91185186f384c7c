import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { Connector } from '../types';

export const getConnectors = ({ signal }: { signal?: AbortSignal }): Promise<Page<Connector>> =>
  api.get<Page<Connector>>('/api/connectors/', { signal });

export const getConnectorsQueryOptions = () =>
  queryOptions({
    queryKey: ['connectors'],
    queryFn: ({ signal }) => getConnectors({ signal }),
    staleTime: Infinity,
  });

export const useConnectors = () => useQuery(getConnectorsQueryOptions());
