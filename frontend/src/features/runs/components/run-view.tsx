import { Accordion, Stack, Title } from '@mantine/core';

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
      <Accordion variant="contained">
        <Accordion.Item value="trigger">
          <Accordion.Control>Trigger event</Accordion.Control>
          <Accordion.Panel>
            <JsonView label="Trigger output" value={run.trigger} />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <Title order={3}>Steps</Title>
      <RunSteps steps={run.steps} />
    </Stack>
  );
}
