import { Button, Center, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useRuns } from '../api/get-runs';
import { isRunStatus, type RunStatus } from '../types';
import { RunsFilters } from './runs-filters';
import { RunsTable } from './runs-table';

/** Runs, newest first, filtered by the `?flow=` and `?status=` query params. */
export function RunsList() {
  const [searchParams, setSearchParams] = useSearchParams();
  const flowId = searchParams.get('flow') || null;
  const statusParam = searchParams.get('status');
  const status = isRunStatus(statusParam) ? statusParam : null;

  const runsQuery = useRuns({ flow: flowId, status });
  const runs = runsQuery.data?.pages.flatMap((page) => page.results) ?? [];

  const setParam = (key: string, value: string | null) => {
    setSearchParams((params) => {
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  };

  // The runs carry their flow's name; until one loads, the chip shows the id's start.
  const flowLabel = flowId ? (runs.find((run) => run.flow.id === flowId)?.flow.name ?? flowId.slice(0, 8)) : null;

  return (
    <Stack>
      <RunsFilters
        status={status}
        onStatusChange={(value: RunStatus | null) => {
          setParam('status', value);
        }}
        flowLabel={flowLabel}
        onFlowRemove={() => {
          setParam('flow', null);
        }}
      />
      {runsQuery.isPending ? (
        <PageLoader />
      ) : runsQuery.isError ? (
        <QueryErrorAlert error={runsQuery.error} title="Could not load runs" />
      ) : runs.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          No runs{flowId || status ? ' match these filters' : ' yet'}. A run starts when a flow's trigger fires.
        </Text>
      ) : (
        <>
          <RunsTable runs={runs} />
          {runsQuery.hasNextPage && (
            <Center>
              <Button
                variant="default"
                loading={runsQuery.isFetchingNextPage}
                onClick={() => {
                  void runsQuery.fetchNextPage();
                }}
              >
                Load more
              </Button>
            </Center>
          )}
        </>
      )}
    </Stack>
  );
}
