import { Code, Grid, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useInboxes } from '../api/get-inboxes';
import { InboxList } from './inbox-list';
import { InboxRequests } from './inbox-requests';

/** The sandbox inbox page: inboxes on the left, the chosen one's requests (`?inbox=`) on the right. */
export function SandboxView() {
  const [searchParams, setSearchParams] = useSearchParams();
  const inboxesQuery = useInboxes();
  if (inboxesQuery.isPending) return <PageLoader />;
  if (inboxesQuery.isError) return <QueryErrorAlert error={inboxesQuery.error} title="Could not load the inboxes" />;

  const inboxes = inboxesQuery.data;
  const wanted = searchParams.get('inbox');
  const selected = inboxes.find((inbox) => inbox.name === wanted) ?? inboxes[0];
  if (selected === undefined) {
    return (
      <Text c="dimmed" ta="center" py="xl" data-testid="sandbox-empty">
        No requests yet. Point an HTTP block at <Code>{`${window.location.origin}/sandbox/inbox/<name>`}</Code>, or use a
        template: in sandbox mode its ERP, warehouse, CRM and chat calls land here.
      </Text>
    );
  }
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <InboxList
          inboxes={inboxes}
          selected={selected.name}
          onSelect={(name) => {
            setSearchParams({ inbox: name });
          }}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        <InboxRequests key={selected.name} inbox={selected} />
      </Grid.Col>
    </Grid>
  );
}
