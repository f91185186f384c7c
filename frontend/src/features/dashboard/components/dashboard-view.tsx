import { Grid, Group, Loader, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';
import { formatDateTime } from '@/lib/format';

import { useRunStats } from '../api/get-run-stats';
import { isStatsWindow } from '../lib/stats';
import type { StatsWindow } from '../types';
import { ErrorGroups } from './error-groups';
import { FlowsHealthTable } from './flows-health-table';
import { RunsChart } from './runs-chart';
import { StatusCards } from './status-cards';
import { TopFailing } from './top-failing';
import { WindowSelector } from './window-selector';

const DEFAULT_WINDOW: StatsWindow = '24h';

/** The overview of one time window (`?window=`), refreshed every few seconds. */
export function DashboardView() {
  const [searchParams, setSearchParams] = useSearchParams();
  const param = searchParams.get('window');
  const window = isStatsWindow(param) ? param : DEFAULT_WINDOW;
  const statsQuery = useRunStats(window);

  return (
    <Stack>
      <Group justify="space-between">
        <WindowSelector
          value={window}
          onChange={(next) => {
            setSearchParams({ window: next }, { replace: true });
          }}
        />
        {statsQuery.data && (
          <Group gap="xs">
            {statsQuery.isFetching && <Loader size="xs" aria-label="Refreshing" />}
            <Text size="xs" c="dimmed">
              {formatDateTime(statsQuery.data.since)} – {formatDateTime(statsQuery.data.until)}
            </Text>
          </Group>
        )}
      </Group>
      {statsQuery.isPending ? (
        <PageLoader />
      ) : statsQuery.isError ? (
        <QueryErrorAlert error={statsQuery.error} title="Could not load the overview" />
      ) : (
        <>
          <StatusCards totals={statsQuery.data.totals} />
          <RunsChart stats={statsQuery.data} />
          <Grid>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <FlowsHealthTable flows={statsQuery.data.flows} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack>
                <TopFailing flows={statsQuery.data.top_failing} />
                <ErrorGroups errors={statsQuery.data.errors} />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
