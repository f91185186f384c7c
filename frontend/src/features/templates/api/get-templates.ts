import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Template } from '../types';

export const getTemplates = ({ signal }: { signal?: AbortSignal } = {}): Promise<Template[]> =>
  api.get<{ results: Template[] }>('/api/templates/', { signal }).then((page) => page.results);

export const getTemplatesQueryOptions = () =>
  queryOptions({
    queryKey: ['templates'],
    queryFn: ({ signal }) => getTemplates({ signal }),
    // Templates ship with the product: they change on deploy, not while the page is open.
    staleTime: 5 * 60_000,
  });

export const useTemplates = () => useQuery(getTemplatesQueryOptions());
