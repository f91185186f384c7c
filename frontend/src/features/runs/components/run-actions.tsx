import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { isRunActive } from '@/lib/run-status';

import { useCancelRun } from '../api/cancel-run';
import { useRetryRun } from '../api/retry-run';
import type { RunCreated, RunDetail } from '../types';
import { ConfirmModal } from './confirm-modal';
import { ReplayRunModal } from './replay-run-modal';

type Action = 'replay' | 'retry' | 'cancel' | null;

/** Replay, retry and cancel, each confirmed first; a new run opens as soon as it exists. */
export function RunActions({ run }: { run: RunDetail }) {
  const navigate = useNavigate();
  const [action, setAction] = useState<Action>(null);
  const close = () => {
    setAction(null);
  };
  const openRun = (created: RunCreated) => {
    setAction(null);
    void navigate(`/runs/${created.run_id}`);
  };
  const retry = useRetryRun({ onSuccess: openRun });
  const cancel = useCancelRun({ onSuccess: close });

  const active = isRunActive(run.status);
  const canReplay = run.status === 'failed' || run.status === 'cancelled';

  return (
    <Group gap="xs">
      {canReplay && (
        <Button
          color="red"
          onClick={() => {
            setAction('replay');
          }}
        >
          Replay from failed step
        </Button>
      )}
      {!active && (
        <Button
          variant="default"
          onClick={() => {
            setAction('retry');
          }}
        >
          Retry from start
        </Button>
      )}
      {active && (
        <Button
          variant="default"
          color="red"
          disabled={run.cancel_requested}
          onClick={() => {
            setAction('cancel');
          }}
        >
          {run.cancel_requested ? 'Cancelling…' : 'Cancel'}
        </Button>
      )}

      {/* Mounted only while open, so the payload editor starts from the run's trigger each time. */}
      {canReplay && action === 'replay' && <ReplayRunModal run={run} opened onClose={close} onReplayed={openRun} />}
      <ConfirmModal
        opened={action === 'retry'}
        onClose={close}
        title="Retry from the start"
        confirmLabel="Retry"
        pending={retry.isPending}
        error={retry.error}
        onConfirm={() => {
          retry.mutate({ runId: run.id });
        }}
      >
        <Text size="sm">
          A new run starts from the same event, from the first step, on the flow's current version. Steps that
          already reached a vendor run again.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={action === 'cancel'}
        onClose={close}
        title="Cancel this run"
        confirmLabel="Cancel run"
        color="red"
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={() => {
          cancel.mutate({ runId: run.id });
        }}
      >
        <Text size="sm">
          The run stops before its next step; a step already talking to a vendor finishes first.
        </Text>
      </ConfirmModal>
    </Group>
  );
}
