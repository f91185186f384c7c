import { Button, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';

import { useReplayFailedRuns, type ReplayedRuns } from '../api/replay-failed-runs';
import type { RunsFilter } from '../lib/runs-filter';
import { ConfirmModal } from './confirm-modal';

/** Replays every failed run that the list's flow and time range select, after a confirmation. */
export function ReplayFailedButton({ filter }: { filter: RunsFilter }) {
  const [opened, setOpened] = useState(false);
  const [result, setResult] = useState<ReplayedRuns | null>(null);
  const replay = useReplayFailedRuns({ onSuccess: setResult });
  const close = () => {
    setOpened(false);
    setResult(null);
    replay.reset();
  };

  // The bulk endpoint filters by flow and time only: with a search or another status selected it
  // would replay runs the list does not show, so it is offered only when the two agree.
  const blocked = filter.search
    ? 'Clear the search first: bulk replay selects by flow and time only.'
    : filter.status && filter.status !== 'failed'
      ? 'Only failed runs are replayed: choose the status "failed" or none.'
      : null;

  const scope = [filter.flow ? 'of this flow' : 'of every flow', filter.since || filter.until ? 'in this time range' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <>
      <Tooltip label={blocked} disabled={!blocked} withArrow>
        <Button
          variant="light"
          color="red"
          disabled={blocked !== null}
          onClick={() => {
            setOpened(true);
          }}
        >
          Replay all failed
        </Button>
      </Tooltip>
      <ConfirmModal
        opened={opened}
        onClose={close}
        title="Replay all failed runs"
        confirmLabel={result ? 'Done' : 'Replay all'}
        color="red"
        pending={replay.isPending}
        error={replay.error}
        onConfirm={() => {
          if (result) close();
          else replay.mutate({ flow: filter.flow, since: filter.since, until: filter.until });
        }}
      >
        {result ? (
          <Text size="sm" data-testid="replayed-count">
            Replayed {result.replayed.length} {result.replayed.length === 1 ? 'run' : 'runs'}. The new runs are at the
            top of the list.
          </Text>
        ) : (
          <Text size="sm">
            Every failed run {scope} that has not been replayed yet starts again from its failed step (at most 100 at
            a time).
          </Text>
        )}
      </ConfirmModal>
    </>
  );
}
