import { Button, Center, Stack } from '@mantine/core';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useFlows } from '../api/get-flows';
import { FlowsEmptyState } from './flows-empty-state';
import { FlowsTable } from './flows-table';

export function FlowsList() {
  const flowsQuery = useFlows();

  if (flowsQuery.isPending) return <PageLoader />;
  if (flowsQuery.isError) return <QueryErrorAlert error={flowsQuery.error} title="Could not load flows" />;

  const flows = flowsQuery.data.pages.flatMap((page) => page.results);
  if (flows.length === 0) return <FlowsEmptyState />;

  return (
    <Stack>
      <FlowsTable flows={flows} />
      {flowsQuery.hasNextPage && (
        <Center>
          <Button
            variant="default"
            loading={flowsQuery.isFetchingNextPage}
            onClick={() => {
              void flowsQuery.fetchNextPage();
            }}
          >
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
