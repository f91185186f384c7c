import { Button, Center, Group, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useRuns } from '../api/get-runs';
import { filterFromParams, isFiltered, type RunsFilter } from '../lib/runs-filter';
import { ReplayFailedButton } from './replay-failed-button';
import { RunsFilters } from './runs-filters';
import { RunsTable } from './runs-table';

/** Runs, newest first, filtered by the page's query params (flow, status, since, until, search). */
export function RunsList() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromParams(searchParams);
  const runsQuery = useRuns(filter);
  const runs = runsQuery.data?.pages.flatMap((page) => page.results) ?? [];

  const setParam = (key: keyof RunsFilter, value: string | null) => {
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key === 'search' },
    );
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <RunsFilters filter={filter} onChange={setParam} />
        <ReplayFailedButton filter={filter} />
      </Group>
      {runsQuery.isPending ? (
        <PageLoader />
      ) : runsQuery.isError ? (
        <QueryErrorAlert error={runsQuery.error} title="Could not load runs" />
      ) : runs.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl" data-testid="runs-empty">
          No runs{isFiltered(filter) ? ' match these filters' : ' yet'}. A run starts when a flow's trigger fires.
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
