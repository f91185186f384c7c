import { Stack } from '@mantine/core';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useRun } from '../api/get-run';
import { RunDetails } from './run-details';
import { RunHeader } from './run-header';

export function RunView({ runId }: { runId: string }) {
  const runQuery = useRun(runId);

  if (runQuery.isPending) return <PageLoader />;
  if (runQuery.isError) return <QueryErrorAlert error={runQuery.error} title="Could not load this run" />;

  const run = runQuery.data;
  return (
    <Stack>
      <RunHeader run={run} />
      {/* Keyed by run: a replay opens a new run, whose failed step should open by itself. */}
      <RunDetails key={run.id} run={run} />
    </Stack>
  );
}
