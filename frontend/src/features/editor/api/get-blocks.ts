import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { Page } from '@/lib/api-types';

import type { BlockManifest } from '../types';

export const getBlocks = ({ signal }: { signal?: AbortSignal }): Promise<Page<BlockManifest>> =>
  api.get<Page<BlockManifest>>('/api/blocks/', { signal });

export const getBlocksQueryOptions = () =>
  queryOptions({
    queryKey: ['blocks'],
    queryFn: ({ signal }) => getBlocks({ signal }),
    // Blocks change only when the server is upgraded.
    staleTime: Infinity,
    select: (page) => new Map(page.results.map((block) => [block.key, block])),
  });

export const useBlocks = () => useQuery(getBlocksQueryOptions());
