import { Badge, NavLink, Stack } from '@mantine/core';

import { formatDateTime } from '@/lib/format';

import type { Inbox } from '../types';

/** The inboxes that hold requests, most recently used first. */
export function InboxList({
  inboxes,
  selected,
  onSelect,
}: {
  inboxes: Inbox[];
  selected: string | null;
  onSelect: (name: string) => void;
}) {
  return (
    <Stack gap={2} component="nav" aria-label="Inboxes">
      {inboxes.map((inbox) => (
        <NavLink
          key={inbox.name}
          label={inbox.name}
          description={`last ${formatDateTime(inbox.last_received_at)}`}
          active={inbox.name === selected}
          rightSection={
            <Badge size="sm" variant="light" circle={inbox.count < 10}>
              {inbox.count}
            </Badge>
          }
          onClick={() => {
            onSelect(inbox.name);
          }}
        />
      ))}
    </Stack>
  );
}
