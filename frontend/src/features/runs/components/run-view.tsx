import { Stack, Title } from '@mantine/core';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useRun } from '../api/get-run';
import { JsonView } from './json-view';
import { RunHeader } from './run-header';
import { RunSteps } from './run-steps';

export function RunView({ runId }: { runId: string }) {
  const runQuery = useRun(runId);

  if (runQuery.isPending) return <PageLoader />;
  if (runQuery.isError) return <QueryErrorAlert error={runQuery.error} title="Could not load this run" />;

  const run = runQuery.data;
  return (
    <Stack>
      <RunHeader run={run} />
      <Title order={3}>Steps</Title>
      {/* Keyed by run: a replay opens a new run, whose failed step should open by itself. */}
      <RunSteps key={run.id} steps={run.steps} />
      <JsonView label="Trigger event" value={run.trigger} />
    </Stack>
  );
}
