import { Accordion, Button, Center, CopyButton, Group, Stack, Text, Title } from '@mantine/core';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useInboxRequests } from '../api/get-inbox-requests';
import type { Inbox } from '../types';
import { ClearInboxButton } from './clear-inbox-button';
import { InboxRequestItem } from './inbox-request-item';

/** One inbox: its address and its requests, newest first, each opening to its body and headers. */
export function InboxRequests({ inbox }: { inbox: Inbox }) {
  const requestsQuery = useInboxRequests(inbox.name);
  const requests = requestsQuery.data?.pages.flatMap((page) => page.results) ?? [];
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{inbox.name}</Title>
          <Group gap="xs">
            <Text size="sm" ff="monospace" c="dimmed">
              {inbox.url}
            </Text>
            <CopyButton value={inbox.url} timeout={1500}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="subtle" onClick={copy}>
                  {copied ? 'Copied' : 'Copy URL'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </div>
        <ClearInboxButton name={inbox.name} count={inbox.count} />
      </Group>
      {requestsQuery.isPending ? (
        <PageLoader />
      ) : requestsQuery.isError ? (
        <QueryErrorAlert error={requestsQuery.error} title="Could not load the requests" />
      ) : requests.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          Nothing here any more.
        </Text>
      ) : (
        <>
          <Accordion variant="separated" multiple>
            {requests.map((request) => (
              <InboxRequestItem key={request.id} request={request} />
            ))}
          </Accordion>
          {requestsQuery.hasNextPage && (
            <Center>
              <Button
                variant="default"
                loading={requestsQuery.isFetchingNextPage}
                onClick={() => {
                  void requestsQuery.fetchNextPage();
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
